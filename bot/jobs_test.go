package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
	"github.com/careerbot/careerbot/knowledge"
)

// knowledgeWithJobs is the knowledge base with a job board, as the
// program wires it.
type knowledgeWithJobs struct {
	*knowledge.Live
	*knowledge.JobBoard
}

// ambiguous selectors (Len, Reload, …) are not needed; these are.
func (k knowledgeWithJobs) JobIntent(text string) (bot.JobIntent, bot.JobQuery) {
	return k.JobBoard.JobIntent(text)
}

func (k knowledgeWithJobs) FindJobs(ctx context.Context, q bot.JobQuery) (bot.JobResult, error) {
	return k.JobBoard.FindJobs(ctx, q)
}

// newJobsEngine returns an engine on the default knowledge base with the
// fixture's postings (or none), on 2026-11-29.
func newJobsEngine(t testing.TB, fixture string) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	s := newStore(t)
	s.Now = func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	if fixture != "" {
		f, err := os.Open(filepath.Join("..", "testdata", "jobs", fixture))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		ps, err := jobs.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportPostings(ctx, ps, knowledge.JobImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	live, err := knowledge.NewLive(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	board, err := knowledge.NewJobBoard(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := bot.NewEngine(bot.Config{Knowledge: knowledgeWithJobs{live, board}, Contact: testContact, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func jobIDs(r bot.Reply) []string {
	var out []string
	for _, j := range r.Jobs {
		out = append(out, j.ID)
	}
	return out
}

func TestJobSearches(t *testing.T) {
	e := newJobsEngine(t, "feed.json")
	tests := []struct {
		q    string
		want []string
		text []string // the reply text contains each
	}{
		{"Habt ihr gerade offene Backend-Stellen in Hamburg?", []string{"HH-JAVA-01"}, []string{"eine passende Stelle", "Hanse Logistik GmbH", "https://karriere.example.de/jobs/hh-java-01"}},
		{"remote Java jobs?", nil, []string{"keine offene Stelle", "remote, Java", "Dortmund (1)", "karriere@example.com"}},
		{"Gibt es freiberufliche Projekte in Berlin?", []string{"B-PY-FREE-2"}, []string{"für einen Kunden", "freiberuflich"}},
		{"any openings in Munich", []string{"M-WS-PY-1"}, []string{"I found one matching position", "part-time"}},
		{"Jobs im Raum München", []string{"GAR-JR-KT", "M-WS-PY-1"}, []string{"Raum München"}},
		{"jobs hamburg java", []string{"HH-JAVA-01"}, nil},
		{"Gibt es Praktika im Ruhrgebiet?", []string{"DO-PRAK-1"}, nil},
		{"Senior PHP Stellen in Hamburg?", nil, []string{"Hamburg, PHP, Senior", "Hamburg (1)"}}, // expired on 2026-10-31
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.q})
			checkReply(t, e, r)
			if r.Kind != bot.KindJobs || !slices.Equal(jobIDs(r), tt.want) {
				t.Fatalf("got %s %v, want jobs %v\n%s", r.Kind, jobIDs(r), tt.want, r.Text)
			}
			for _, s := range tt.text {
				if !strings.Contains(r.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, r.Text)
				}
			}
			for _, s := range r.Suggestions {
				if _, ok := bot.ParseJobsEntryID(s.EntryID); !ok {
					t.Errorf("suggestion %+v is not a job search", s)
				}
			}
		})
	}
}

func TestJobSearchFollowUps(t *testing.T) {
	e := newJobsEngine(t, "feed.json")
	conv := bot.Request{Platform: "telegram", User: "pseudo-1", Conversation: "telegram:chat-1"}
	steps := []struct {
		q    string
		kind bot.Kind
		want []string
	}{
		{"Habt ihr offene Java-Stellen in Hamburg?", bot.KindJobs, []string{"HH-JAVA-01"}},
		{"und in München?", bot.KindJobs, nil}, // Java in München: none, Garching is near
		{"und im Raum München?", bot.KindJobs, []string{"GAR-JR-KT"}},
		{"nur remote", bot.KindJobs, nil}, // remote Java: none
		{"Go?", bot.KindJobs, []string{"REMOTE-GO-3"}},
		{"Was macht ein Backend-Entwickler?", bot.KindAnswer, nil},
		{"und in Berlin?", "", nil}, // follows the career question now, not the search
	}
	for _, s := range steps {
		req := conv
		req.Text = s.q
		r := ask(t, e, req)
		if s.kind == "" && r.Kind == bot.KindJobs || s.kind != "" && (r.Kind != s.kind || !slices.Equal(jobIDs(r), s.want)) {
			t.Errorf("%q: got %s %v, want %s %v\n%s", s.q, r.Kind, jobIDs(r), s.kind, s.want, r.Text)
		}
	}
	// Another conversation has no search to refine.
	if r := ask(t, e, bot.Request{Text: "und in Berlin?", Platform: "telegram", User: "pseudo-2", Conversation: "telegram:chat-2"}); r.Kind == bot.KindJobs {
		t.Errorf("a new conversation refined someone else's search: %s", r.Text)
	}
}

func TestJobSearchMoreAndOffer(t *testing.T) {
	ctx := context.Background()
	e := newJobsEngine(t, "feed.json")
	r := ask(t, e, bot.Request{Text: "Habt ihr offene Stellen?"})
	if len(r.Jobs) != 3 || len(r.Suggestions) != 1 {
		t.Fatalf("first page: %v, suggestions %+v", jobIDs(r), r.Suggestions)
	}
	var seen []string
	for page := 0; page < 5 && r.Kind == bot.KindJobs; page++ {
		seen = append(seen, jobIDs(r)...)
		if len(r.Suggestions) == 0 {
			break
		}
		var err error
		if r, err = e.Open(ctx, r.Suggestions[0].EntryID, bot.German); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 10 || slices.Contains(seen, "HH-PHP-OLD") {
		t.Errorf("paging showed %v, want the 10 current postings", seen)
	}

	advice := ask(t, e, bot.Request{Text: "Wie finde ich einen Job als Backend-Entwickler*in?"})
	checkReply(t, e, advice)
	if advice.Kind != bot.KindAnswer || len(advice.Suggestions) == 0 || !strings.HasPrefix(advice.Suggestions[0].EntryID, "_jobs") {
		t.Fatalf("advice: %s %+v", advice.Kind, advice.Suggestions)
	}
	offer, err := e.Open(ctx, advice.Suggestions[0].EntryID, bot.German)
	if err != nil || offer.Kind != bot.KindJobs || len(offer.Jobs) != 3 {
		t.Errorf("the offer opened %s %v, %v", offer.Kind, jobIDs(offer), err)
	}
}

func TestJobSearchWithoutPostings(t *testing.T) {
	e := newJobsEngine(t, "")
	r := ask(t, e, bot.Request{Text: "Habt ihr offene Stellen?"})
	if r.Kind == bot.KindJobs {
		t.Errorf("with no postings imported the knowledge base should answer, got %s", r.Text)
	}
}

// TestJobSearchKeepsCareerQuestions: with postings loaded, no question of
// the eval files (career questions, in and out of scope) becomes a job list.
func TestJobSearchKeepsCareerQuestions(t *testing.T) {
	e := newJobsEngine(t, "feed.json")
	files := []string{filepath.Join("..", "testdata", "eval.jsonl"), filepath.Join("..", "testdata", "blind_questions.jsonl"),
		filepath.Join("..", "..", "shared", "eval", "questions.jsonl")}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue // ../shared is absent outside the project's machines
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var item struct {
				Q string `json:"q"`
			}
			if json.Unmarshal(sc.Bytes(), &item) != nil || item.Q == "" {
				continue
			}
			if r := ask(t, e, bot.Request{Text: item.Q}); r.Kind == bot.KindJobs {
				t.Errorf("%s: %q became a job search", filepath.Base(name), item.Q)
			}
		}
		f.Close()
	}
}

func TestJobSearchMoreTyped(t *testing.T) {
	e := newJobsEngine(t, "feed.json")
	req := bot.Request{Platform: "console", Conversation: "console", Text: "Habt ihr offene Stellen?"}
	first := ask(t, e, req)
	req.Text = "mehr"
	second := ask(t, e, req)
	req.Text = "1" // a menu number: the "more" button of the second page
	third := ask(t, e, req)
	if first.Kind != bot.KindJobs || second.Kind != bot.KindJobs || third.Kind != bot.KindJobs {
		t.Fatalf("kinds %s %s %s", first.Kind, second.Kind, third.Kind)
	}
	req.Text = "more"
	fourth := ask(t, e, req)
	seen := slices.Concat(jobIDs(first), jobIDs(second), jobIDs(third), jobIDs(fourth))
	slices.Sort(seen)
	if len(seen) != 10 || len(slices.Compact(seen)) != 10 {
		t.Errorf("four pages showed %v", seen)
	}
}
