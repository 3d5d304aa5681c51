package insights

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

func buildFixture(t *testing.T) *Report {
	t.Helper()
	st, _ := newFixture(t)
	r, err := Build(context.Background(), st, fixtureOptions())
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return r
}

// TestReportJSON checks every figure of the fixture's report, as the JSON
// output carries it, against values worked out by hand from the fixture.
func TestReportJSON(t *testing.T) {
	r := buildFixture(t)
	var out bytes.Buffer
	if err := r.WriteJSON(&out); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	var got Report
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("decode the JSON report: %v\n%s", err, out.Bytes())
	}

	const (
		salary    = "Wie viel verdient man im Backend?"
		tasks     = "Was macht man als Backend-Entwickler*in?"
		languages = "Welche Programmiersprachen braucht man im Backend?"
		databases = "Wie wichtig sind Datenbankkenntnisse im Backend?"
		degree    = "Welches Studium passt zur Backend-Entwicklung?"
	)
	want := Report{
		From:      time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC),
		Until:     fixtureNow,
		Retention: "90d",
		KBVersion: 2, // the default content, then the A/B variants
		// 22 rows, one before the period and one after it.
		Questions:     20,
		SmallTalk:     1,
		Answered:      10,
		AnsweredShare: 10.0 / 19,
		// 3+0+30+15+3+2+1+0 helpful, 1+2+10+25+1+0+0+1 not; the 5 votes
		// before the period do not count.
		Feedback: Votes{Helpful: 54, Unhelpful: 40, Share: 54.0 / 94},
		PerDay: []Day{
			{"2026-03-03", 0, 0}, {"2026-03-04", 4, 4}, {"2026-03-05", 3, 2}, {"2026-03-06", 0, 0},
			{"2026-03-07", 9, 1}, {"2026-03-08", 0, 0}, {"2026-03-09", 4, 3}, {"2026-03-10", 0, 0},
		},
		PerAdapter: []Count{{"slack", 9}, {"api", 5}, {"telegram", 5}, {"console", 1}},
		PerLang:    []Count{{"de", 17}, {"en", 3}},
		MostAsked: []EntryCount{
			{"jobsearch-salary", salary, 5}, {"tasks-overview", tasks, 4}, {"skills-languages", languages, 1},
		},
		Helpfulness: []EntryVotes{
			{"tasks-overview", tasks, Votes{45, 35, 45.0 / 80}},
			{"skills-databases", databases, Votes{5, 1, 5.0 / 6}},
			{"jobsearch-salary", salary, Votes{3, 1, 3.0 / 4}},
			{"entry-degree", degree, Votes{1, 1, 0.5}},
			{"skills-languages", languages, Votes{0, 2, 0}},
		},
		// Nine fallback and clarify replies and one answer below 0.6;
		// not the greeting.
		GapQuestions: 10,
		Gaps: []Group{
			{1, 4, []Asked{
				{"Darf ich meinen Hund mit ins Büro bringen?", "de", 2},
				{"Darf ich meinen Hund ins Büro mitbringen?", "de", 1},
				{"Hund mit ins Büro bringen erlaubt?", "de", 1},
			}},
			{2, 2, []Asked{{"Can I bring my dog to the office?", "en", 1}, {"Is my dog allowed in the office?", "en", 1}}},
			{3, 1, []Asked{{"Gibt es <b>Obst</b> & Kaffee?", "de", 1}}},
			{4, 1, []Asked{{"Was macht man so als Backendler?", "de", 1}}},
			{5, 1, []Asked{{"Wie ist die Kantine?", "de", 1}}},
			{6, 1, []Asked{{"Wie viel Urlaub bekomme ich?", "de", 1}}},
		},
		ABTests: []ABTest{
			{ID: "tasks-overview", Question: tasks, UnderTest: true,
				A: Arm{2, Votes{30, 10, 0.75}}, B: Arm{1, Votes{15, 25, 0.375}},
				Verdict: VerdictSignificant, Better: "A"},
			{ID: "skills-databases", Question: databases, UnderTest: true,
				A: Arm{0, Votes{3, 1, 0.75}}, B: Arm{0, Votes{2, 0, 1}}, Verdict: VerdictTooFew},
			{ID: "entry-degree", Question: degree, UnderTest: false,
				A: Arm{0, Votes{1, 0, 1}}, B: Arm{0, Votes{0, 1, 0}}, Verdict: VerdictTooFew},
		},
	}

	if !got.From.Equal(want.From) || !got.Until.Equal(want.Until) {
		t.Errorf("period = %v – %v, want %v – %v", got.From, got.Until, want.From, want.Until)
	}
	got.From, got.Until, want.From, want.Until = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	// The p-values are checked on their own, to their precision.
	wantP := []float64{0.000723, math.NaN(), math.NaN()}
	for i, test := range got.ABTests {
		p := test.PValue
		switch {
		case i >= len(wantP):
		case math.IsNaN(wantP[i]) && p != nil:
			t.Errorf("%s: p-value %v, want none (too few votes)", test.ID, *p)
		case !math.IsNaN(wantP[i]) && (p == nil || math.Abs(*p-wantP[i]) > 5e-7):
			t.Errorf("%s: p-value %v, want %.6f", test.ID, p, wantP[i])
		}
		got.ABTests[i].PValue = nil
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"head", []any{got.Retention, got.KBVersion, got.Questions, got.SmallTalk, got.Answered, got.AnsweredShare, got.Feedback, got.GapQuestions},
			[]any{want.Retention, want.KBVersion, want.Questions, want.SmallTalk, want.Answered, want.AnsweredShare, want.Feedback, want.GapQuestions}},
		{"per_day", got.PerDay, want.PerDay},
		{"per_adapter", got.PerAdapter, want.PerAdapter},
		{"per_lang", got.PerLang, want.PerLang},
		{"most_asked", got.MostAsked, want.MostAsked},
		{"helpfulness", got.Helpfulness, want.Helpfulness},
		{"gaps", got.Gaps, want.Gaps},
		{"ab_tests", got.ABTests, want.ABTests},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", f.name, f.got, f.want)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the decoded report differs from the expected one beyond the fields above:\n got %+v\nwant %+v", got, want)
	}
}

// TestReportJSONNames pins the JSON field names that scripts rely on.
func TestReportJSONNames(t *testing.T) {
	r := buildFixture(t)
	var out bytes.Buffer
	if err := r.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"from", "until", "retention", "kb_version", "questions", "small_talk", "answered",
		"answered_share", "feedback", "per_day", "per_adapter", "per_lang", "most_asked", "helpfulness",
		"gap_questions", "gaps", "ab_tests"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON report lacks %q", k)
		}
	}
	ab := m["ab_tests"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "question", "under_test", "a", "b", "p_value", "verdict", "better"} {
		if _, ok := ab[k]; !ok {
			t.Errorf("JSON A/B test lacks %q: %v", k, ab)
		}
	}
	if few := m["ab_tests"].([]any)[1].(map[string]any); few["p_value"] != nil {
		t.Errorf("p_value with too few votes = %v, want null", few["p_value"])
	}
}

// TestReportFormats renders the fixture and an empty period in every
// format: each succeeds, none names a user, and HTML escapes the texts
// and stays self-contained.
func TestReportFormats(t *testing.T) {
	st, _ := newFixture(t)
	empty := fixtureOptions()
	empty.Since, empty.Until = fixtureNow.Add(-365*24*time.Hour), fixtureNow.Add(-300*24*time.Hour)
	for _, period := range []struct {
		name string
		opt  Options
	}{{"fixture", fixtureOptions()}, {"empty", empty}} {
		r, err := Build(context.Background(), st, period.opt)
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		for _, format := range []struct {
			name  string
			write func(*bytes.Buffer) error
		}{
			{"text", func(b *bytes.Buffer) error { return r.WriteText(b) }},
			{"json", func(b *bytes.Buffer) error { return r.WriteJSON(b) }},
			{"html", func(b *bytes.Buffer) error { return r.WriteHTML(b) }},
		} {
			t.Run(period.name+"/"+format.name, func(t *testing.T) {
				var b bytes.Buffer
				if err := format.write(&b); err != nil {
					t.Fatalf("write: %v", err)
				}
				out := b.String()
				if strings.Contains(out, fixtureUser) {
					t.Errorf("the report names a user (%q)", fixtureUser)
				}
				if !strings.Contains(out, "90d") {
					t.Errorf("the report does not state the retention")
				}
				if format.name == "html" {
					checkHTML(t, out, period.name == "fixture")
				}
			})
		}
	}
}

func checkHTML(t *testing.T, out string, withData bool) {
	t.Helper()
	for _, bad := range []string{"<script", "<b>Obst</b>", "src=", "href=", "@import", "url("} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML report contains %q", bad)
		}
	}
	want := []string{"<!DOCTYPE html>", "<style>", "<svg", "Questions per day", "A/B tests", "CAREERBOT_RETENTION"}
	if withData {
		want = append(want, "&lt;b&gt;Obst&lt;/b&gt; &amp; Kaffee", "significant at 5%", "too few votes",
			"Wie viel verdient man im Backend?")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("HTML report lacks %q", w)
		}
	}
}

func TestReportText(t *testing.T) {
	r := buildFixture(t)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"Questions   20 (1 of them small talk)",
		"Answered    10 of 19 (52.6%)",
		"👍 54  👎 40 (57.4% helpful)",
		"10 unanswered or low-confidence questions in 6 groups",
		`4×  "Darf ich meinen Hund mit ins Büro bringen?" (2×) [de]`,
		"p = 0.0007, significant at 5%: A is more helpful (careerbot kb promote tasks-overview A)",
		"too few votes: each variant needs at least 10 votes",
		"entry-degree (ended)",
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("text report lacks %q:\n%s", w, b.String())
		}
	}
}

// TestDaysFollowTimeZone counts a question asked at 23:30 UTC on the
// next day in Berlin.
func TestDaysFollowTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	st, _ := newFixture(t)
	late := bot.Question{At: mustTime(t, "2026-03-08T23:30:00Z"), Platform: "slack", Text: "Spät noch eine Frage",
		Lang: bot.German, Kind: bot.KindFallback}
	if err := st.LogQuestion(context.Background(), late); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		loc       *time.Location
		day       string
		questions int
	}{{time.UTC, "2026-03-08", 1}, {berlin, "2026-03-09", 5}} {
		opt := fixtureOptions()
		opt.Location = tc.loc
		r, err := Build(context.Background(), st, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range r.PerDay {
			if d.Date == tc.day && d.Questions != tc.questions {
				t.Errorf("%s: %s has %d questions, want %d", tc.loc, d.Date, d.Questions, tc.questions)
			}
		}
	}
}
