package eval_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
	"github.com/careerbot/careerbot/knowledge"
)

// newEngine returns an engine on the default knowledge base in a new
// temporary database.
func newEngine(t testing.TB) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	s, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	live, err := knowledge.NewLive(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := bot.NewEngine(bot.Config{Knowledge: live, Contact: bot.Contact{Name: "Team", Address: "team@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestLoad(t *testing.T) {
	in := strings.Join([]string{
		`// a comment`,
		``,
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["server|datenbank"]}`,
		`  {"q": "How tall is Mount Everest?", "lang": "en", "fallback": true}  `,
	}, "\n")
	cases, err := eval.Load(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 {
		t.Fatalf("got %d cases, want 2", len(cases))
	}
	if c := cases[0]; c.Line != 3 || c.Lang != bot.German || len(c.Expect) != 1 || c.Fallback {
		t.Errorf("case 1 = %+v", c)
	}
	if c := cases[1]; c.Line != 4 || c.Lang != bot.English || !c.Fallback {
		t.Errorf("case 2 = %+v", c)
	}
}

// TestLoadRejects checks each kind of bad line, then all of them in one
// file: every one must be reported with its line number.
func TestLoadRejects(t *testing.T) {
	good := `{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["server"]}`
	bad := []struct {
		name, line string
	}{
		{"bad JSON", `{"q": "Was macht`},
		{"not an object", `["q", "de"]`},
		{"unknown field", `{"q": "x", "lang": "de", "expected": ["x"]}`},
		{"missing q", `{"lang": "de", "expect": ["x"]}`},
		{"blank q", `{"q": "  ", "lang": "de", "expect": ["x"]}`},
		{"bad lang", `{"q": "x", "lang": "fr", "expect": ["x"]}`},
		{"missing lang", `{"q": "x", "expect": ["x"]}`},
		{"both expect and fallback", `{"q": "x", "lang": "en", "expect": ["x"], "fallback": true}`},
		{"neither expect nor fallback", `{"q": "x", "lang": "en"}`},
		{"bad regex", `{"q": "x", "lang": "en", "expect": ["(unclosed"]}`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eval.Load(strings.NewReader(good + "\n" + tt.line + "\n" + good))
			if err == nil {
				t.Fatalf("Load accepted %s", tt.line)
			}
			if !strings.Contains(err.Error(), "line 2:") {
				t.Errorf("error does not name line 2: %v", err)
			}
			if strings.Contains(err.Error(), "line 1:") || strings.Contains(err.Error(), "line 3:") {
				t.Errorf("error names a good line: %v", err)
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		lines := []string{good}
		for _, tt := range bad {
			lines = append(lines, tt.line)
		}
		_, err := eval.Load(strings.NewReader(strings.Join(lines, "\n")))
		if err == nil {
			t.Fatal("Load accepted a file of bad lines")
		}
		for i := range bad {
			if want := "line " + itoa(i+2) + ":"; !strings.Contains(err.Error(), want) {
				t.Errorf("error does not report %q (%s):\n%v", want, bad[i].name, err)
			}
		}
	})
	t.Run("no questions", func(t *testing.T) {
		if _, err := eval.Load(strings.NewReader("// only a comment\n\n")); err == nil {
			t.Error("Load accepted a file without questions")
		}
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestRun judges a few cases through the real engine, one of each outcome.
func TestRun(t *testing.T) {
	e := newEngine(t)
	file := strings.Join([]string{
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["server|datenbank"]}`,         // pass
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["SERVER|DATENBANK", "\\w+"]}`, // pass: case-insensitive
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["quokka"]}`,                   // answer does not match
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "en", "expect": ["server"]}`,                   // wrong language
		`{"q": "Wie wird das Wetter morgen?", "lang": "de", "expect": ["wetter"]}`,                         // not answered
		`{"q": "How tall is Mount Everest?", "lang": "en", "fallback": true}`,                              // pass
		`{"q": "What does a backend developer do?", "lang": "en", "fallback": true}`,                       // answered, should not be
	}, "\n")
	cases, err := eval.Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Run(context.Background(), e, cases)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		pass bool
		why  string
	}{
		{true, ""}, {true, ""}, {false, "does not match"}, {false, "answered in de, expected en"},
		{false, "not answered"}, {true, ""}, {false, "answered, but should not be"},
	}
	if len(rep.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(want))
	}
	for i, w := range want {
		r := rep.Results[i]
		if r.Pass != w.pass || !strings.Contains(r.Why, w.why) || r.Pass && r.Why != "" {
			t.Errorf("line %d: pass %v, why %q; want pass %v, why containing %q", r.Case.Line, r.Pass, r.Why, w.pass, w.why)
		}
	}
	if rep.InScope != 5 || rep.InScopePassed != 2 || rep.OutOfScope != 2 || rep.OutScopePassed != 1 {
		t.Errorf("totals %d/%d in scope, %d/%d out of scope; want 2/5 and 1/2",
			rep.InScopePassed, rep.InScope, rep.OutScopePassed, rep.OutOfScope)
	}
	if got := rep.InScopeRate(); got != 0.4 {
		t.Errorf("InScopeRate = %v, want 0.4", got)
	}
	if got := rep.OutOfScopeRate(); got != 0.5 {
		t.Errorf("OutOfScopeRate = %v, want 0.5", got)
	}
	var b bytes.Buffer
	rep.Write(&b, false)
	out := b.String()
	for _, want := range []string{"MISS line 3", "MISS line 7", "in scope:     2/5", "out of scope: 1/2", "total:        3/7"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "line 1 ") {
		t.Errorf("report without verbose lists a pass:\n%s", out)
	}
	b.Reset()
	rep.Write(&b, true)
	if !strings.Contains(b.String(), "ok   line 1 ") {
		t.Errorf("verbose report lacks the passes:\n%s", b.String())
	}
}

// TestDialogues checks loading and judging dialogue lines mixed with
// question lines.
func TestDialogues(t *testing.T) {
	file := strings.Join([]string{
		`{"q": "Was macht ein Backend-Entwickler?", "lang": "de", "expect": ["server|datenbank"]}`,
		`{"id": "d1", "turns": [{"q": "Welche Programmiersprachen brauche ich?", "lang": "de", "expect": ["java"]}, {"q": "und Java?", "lang": "de", "expect": ["java"], "differs": true}, {"q": "danke", "lang": "de", "smalltalk": true}, {"q": "danke", "lang": "de", "expect": ["x"]}]}`,
	}, "\n")
	cases, err := eval.Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Run(context.Background(), newEngine(t), cases)
	if err != nil {
		t.Fatal(err)
	}
	if rep.InScope != 1 || rep.InScopePassed != 1 || rep.Dialogues != 1 || rep.Turns != 4 || rep.TurnsPassed != 3 {
		t.Errorf("report %+v, want 1/1 in scope and 3/4 turns in 1 dialogue", rep)
	}
	var b bytes.Buffer
	rep.Write(&b, false)
	for _, want := range []string{"MISS line 2 dialogue d1 turn 4", `turn 3 "danke" -> thanks`, "turns:        3/4 right in 1 dialogues"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	for _, bad := range []string{
		`{"id": "d", "turns": []}`,
		`{"turns": [{"q": "x", "lang": "de", "smalltalk": true}]}`,
		`{"id": "d", "q": "x", "turns": [{"q": "x", "lang": "de", "smalltalk": true}]}`,
		`{"id": "d", "turns": [{"q": "x", "lang": "de", "expect": ["x"], "differs": true}]}`,
		`{"id": "d", "turns": [{"q": "x", "lang": "de", "smalltalk": true, "fallback": true}]}`,
		`{"q": "x", "lang": "de", "smalltalk": true}`,
	} {
		if _, err := eval.Load(strings.NewReader(bad)); err == nil {
			t.Errorf("Load accepted %s", bad)
		}
	}
}

func TestRateEmpty(t *testing.T) {
	var rep eval.Report
	if rep.InScopeRate() != 1 || rep.OutOfScopeRate() != 1 {
		t.Error("an empty report's rates are not 1")
	}
}

// failingAnswerer fails every question, to check that Run stops and names
// the line.
type failingAnswerer struct{ bot.Answerer }

var errBroken = errors.New("broken")

func (failingAnswerer) Ask(context.Context, bot.Request) (bot.Reply, error) {
	return bot.Reply{}, errBroken
}

func TestRunError(t *testing.T) {
	cases, err := eval.Load(strings.NewReader(`{"q": "x", "lang": "de", "fallback": true}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = eval.Run(context.Background(), failingAnswerer{}, cases)
	if !errors.Is(err, errBroken) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Run = %v, want the answerer's error with the line", err)
	}
}

// TestEvalSets runs the question files through the real engine on the
// default content and fails below the bars.
//
// testdata/eval.jsonl is our own harder set, written independently of the
// knowledge base, with a last block of out-of-scope questions that name
// the profession ("the best chair for a backend developer"); it is held to
// the required 95% bars, and so are the dialogues (90% of turns). The
// blind sets are held just under their levels when this test was last
// changed (99.5% in scope, 100% out of scope, 99.4% of turns), so the test
// catches regressions there. ../shared/eval/questions.jsonl (relative
// to the repository root) is the project's acceptance set with the
// required 95% bars; the test is skipped where that file is absent.
func TestEvalSets(t *testing.T) {
	root := repoRoot(t)
	sets := []struct {
		name                   string
		path                   string
		inBar, outBar, turnBar float64
		skipWhenAbsent         bool
	}{
		{"own", filepath.Join(root, "testdata", "eval.jsonl"), 0.95, 0.95, 0, false},
		{"shared", filepath.Join(root, "..", "shared", "eval", "questions.jsonl"), 0.95, 0.95, 0, true},
		// Written blind from the job profile; bars just under today's
		// levels.
		{"blind", filepath.Join(root, "testdata", "blind_questions.jsonl"), 0.98, 0.98, 0, false},
		{"own dialogues", filepath.Join(root, "testdata", "dialogues.jsonl"), 0, 0, 0.95, false},
		{"blind dialogues", filepath.Join(root, "testdata", "blind_dialogues.jsonl"), 0, 0, 0.97, false},
		{"shared dialogues", filepath.Join(root, "..", "shared", "eval", "dialogues.jsonl"), 0, 0, 0.90, true},
		// Persona dialogues written from the job profile (a pupil, a
		// trainee, career changers, a frontend developer, expats, parents,
		// freelancers, a recruiter, follow-ups read in context); the bar
		// is two turns under the level reached (131/140), so that a
		// content change elsewhere does not break the build.
		{"persona dialogues", filepath.Join(root, "testdata", "personas.jsonl"), 0, 0, 0.92, false},
		// A second blind set, written from the job profile alone and kept
		// out of all tuning until it was measured once (2026-11-29: 95.5%
		// in scope, 96% out of scope, 90.9% of turns); held at the
		// required bars.
		{"holdout", filepath.Join(root, "testdata", "holdout_questions.jsonl"), 0.95, 0.95, 0, false},
		{"holdout dialogues", filepath.Join(root, "testdata", "holdout_dialogues.jsonl"), 0, 0, 0.90, false},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			f, err := os.Open(set.path)
			if errors.Is(err, os.ErrNotExist) && set.skipWhenAbsent {
				t.Skipf("%s is absent", set.path)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cases, err := eval.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := eval.Run(context.Background(), newEngine(t), cases)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: in scope %d/%d (%.1f%%), out of scope %d/%d (%.1f%%), turns %d/%d (%.1f%%)", set.path,
				rep.InScopePassed, rep.InScope, 100*rep.InScopeRate(), rep.OutScopePassed, rep.OutOfScope, 100*rep.OutOfScopeRate(),
				rep.TurnsPassed, rep.Turns, 100*rep.TurnRate())
			if rep.InScopeRate() < set.inBar || rep.OutOfScopeRate() < set.outBar || rep.TurnRate() < set.turnBar {
				var b bytes.Buffer
				rep.Write(&b, false)
				t.Errorf("below the bars of %.0f%% in scope, %.0f%% out of scope and %.0f%% of turns:\n%s",
					100*set.inBar, 100*set.outBar, 100*set.turnBar, b.String())
			}
		})
	}
}

// repoRoot walks up from the package directory to the one with go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}
