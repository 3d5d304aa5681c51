package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// gapQuestions are asked through `ask --log`: three the bot is unsure
// about that fit jobsearch-salary, two about a canteen it knows nothing
// of, and one it answers.
const gapQuestions = `Gehalt verhandeln?
Gehalt verhandeln?
Gehalt verhandeln richtig?
Wie ist die Kantine?
Gibt es eine Kantine?
Kann ich von zu Hause arbeiten?
`

const secretUser = "pseudonym-do-not-print"

// logQuestions asks gapQuestions with --log, then adds, straight into the
// database, a question from 100 days ago and two votes of a user whose
// pseudonym no report may print.
func logQuestions(t *testing.T, db string) {
	t.Helper()
	mustRun(t, nil, gapQuestions, "ask", "--db", db, "--log")
	ctx := context.Background()
	st, err := knowledge.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := bot.Question{At: time.Now().Add(-100 * 24 * time.Hour), Platform: "slack", User: secretUser,
		Text: "Eine alte Frage", Lang: bot.German, Kind: bot.KindFallback}
	if err := st.LogQuestion(ctx, old); err != nil {
		t.Fatal(err)
	}
	for _, helpful := range []bool{true, false} {
		if err := st.RecordFeedback(ctx, bot.Feedback{EntryID: "jobsearch-remote", Lang: bot.German, Helpful: helpful,
			Platform: "slack", User: secretUser, Answer: fmt.Sprint("message-", helpful)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReportCommand(t *testing.T) {
	db := tempDB(t)
	logQuestions(t, db)
	vars := map[string]string{"CAREERBOT_RETENTION": "45d"}

	var rep struct {
		Questions  int    `json:"questions"`
		Answered   int    `json:"answered"`
		Retention  string `json:"retention"`
		Feedback   struct{ Helpful, Unhelpful int }
		PerAdapter []struct {
			Key   string
			Count int
		} `json:"per_adapter"`
		GapQuestions int `json:"gap_questions"`
		Gaps         []struct {
			Count int
		}
	}
	out := mustRun(t, vars, "", "report", "--db", db, "--format", "json")
	if err := json.Unmarshal([]byte(out.stdout), &rep); err != nil {
		t.Fatalf("report --format json: %v\n%s", err, out.stdout)
	}
	if rep.Questions != 6 || rep.Answered != 1 || rep.GapQuestions != 5 || len(rep.Gaps) != 2 ||
		rep.Gaps[0].Count != 3 || rep.Gaps[1].Count != 2 || rep.Retention != "45d" ||
		rep.Feedback.Helpful != 1 || rep.Feedback.Unhelpful != 1 ||
		len(rep.PerAdapter) != 1 || rep.PerAdapter[0].Key != "cli" || rep.PerAdapter[0].Count != 6 {
		t.Errorf("report figures: %+v", rep)
	}
	if err := json.Unmarshal([]byte(mustRun(t, vars, "", "report", "--db", db, "--format", "json", "--since", "120d").stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 7 {
		t.Errorf("--since 120d: %d questions, want the old one too (7)", rep.Questions)
	}

	text := mustRun(t, vars, "", "report", "--db", db)
	for _, w := range []string{"Questions   6", "Gehalt verhandeln?", "kept for 45d"} {
		if !strings.Contains(text.stdout, w) {
			t.Errorf("text report lacks %q:\n%s", w, text.stdout)
		}
	}

	page := filepath.Join(t.TempDir(), "report.html")
	html := mustRun(t, vars, "", "report", "--db", db, "--format", "html", "--out", page)
	if html.stdout != "" || !strings.Contains(html.stderr, page) {
		t.Errorf("report --out: stdout %q, stderr %q", html.stdout, html.stderr)
	}
	body := readFile(t, page)
	if !strings.HasPrefix(string(body), "<!DOCTYPE html>") || !strings.Contains(string(body), "<svg") {
		t.Errorf("%s is not the HTML report", page)
	}
	if fi, err := os.Stat(page); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("report file mode %v, %v: want 0600, it holds what people asked", fi.Mode().Perm(), err)
	}
	for _, s := range []string{out.stdout, text.stdout, string(body)} {
		if strings.Contains(s, secretUser) {
			t.Errorf("a report prints a user's pseudonym")
		}
	}
}

func TestReportUsageErrors(t *testing.T) {
	db := tempDB(t)
	for _, args := range [][]string{
		{"report", "--db", db, "--format", "pdf"},
		{"report", "--db", db, "--since", "a while"},
		{"report", "--db", db, "extra"},
		{"kb", "suggest", "--db", db, "--since", "0d"},
		{"kb", "suggest", "--db", db, "extra"},
		{"kb", "suggest", "--db", db, "--accept", "0"},
		{"kb", "suggest", "--db", db, "--accept", "one"},
	} {
		r := runCLI(t, nil, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Run 'careerbot help'") {
			t.Errorf("careerbot %s: exit %d, stderr %q; want a usage error", strings.Join(args, " "), r.code, r.stderr)
		}
		checkNoStackTrace(t, r.stderr)
	}
}

// TestKBSuggestCommand lists the groups, refuses what it cannot do, and
// after --accept the engine answers one of the accepted questions.
func TestKBSuggestCommand(t *testing.T) {
	db := tempDB(t)
	const negotiate = "Gehalt verhandeln?"
	before := decodeAnswer(t, []byte(mustRun(t, nil, "", "ask", "--db", db, "--json", negotiate).stdout))
	if before.Answered {
		t.Fatalf("%q is answered before accepting (%s): the test needs a question the bot is unsure about", negotiate, before.EntryID)
	}
	logQuestions(t, db)

	list := mustRun(t, nil, "", "kb", "suggest", "--db", db)
	for _, w := range []string{
		"1. 3 question(s) → jobsearch-salary (fit 0.",
		`[de] "Gehalt verhandeln?" (2×)`,
		"2. 2 question(s) → needs a new entry",
		`[de] "Gibt es eine Kantine?"`,
	} {
		if !strings.Contains(list.stdout, w) {
			t.Errorf("kb suggest lacks %q:\n%s", w, list.stdout)
		}
	}
	if !strings.Contains(list.stderr, "--accept N") {
		t.Errorf("kb suggest does not say how to accept: %q", list.stderr)
	}
	if strings.Contains(list.stdout, "Eine alte Frage") {
		t.Errorf("kb suggest lists a question from before --since")
	}
	exported := mustRun(t, nil, "", "kb", "export", "--db", db).stdout

	r := runCLI(t, nil, "", "kb", "suggest", "--db", db, "--accept", "3")
	if r.code != 2 || !strings.Contains(r.stderr, "only 2 groups") {
		t.Errorf("--accept 3: exit %d, stderr %q; want a usage error", r.code, r.stderr)
	}
	r = runCLI(t, nil, "", "kb", "suggest", "--db", db, "--accept", "2")
	if r.code != 1 || !strings.Contains(r.stderr, "needs a new entry") || !strings.Contains(r.stderr, "nothing was added") {
		t.Errorf("--accept 2: exit %d, stderr %q; want a refusal", r.code, r.stderr)
	}
	if now := mustRun(t, nil, "", "kb", "export", "--db", db).stdout; now != exported {
		t.Errorf("a refused or mistaken --accept changed the knowledge base")
	}

	acc := mustRun(t, nil, "", "kb", "suggest", "--db", db, "--accept", "1")
	for _, w := range []string{"group 1 → jobsearch-salary: added 2 phrasing(s)", `+ [de] "Gehalt verhandeln?"`,
		`+ [de] "Gehalt verhandeln richtig?"`} {
		if !strings.Contains(acc.stdout, w) {
			t.Errorf("--accept 1 lacks %q:\n%s", w, acc.stdout)
		}
	}
	after := decodeAnswer(t, []byte(mustRun(t, nil, "", "ask", "--db", db, "--json", negotiate).stdout))
	if !after.Answered || after.EntryID != "jobsearch-salary" {
		t.Errorf("after --accept: %q → %+v, want an answer from jobsearch-salary", negotiate, after)
	}
	if left := mustRun(t, nil, "", "kb", "suggest", "--db", db).stdout; !strings.HasPrefix(left, "1. 2 question(s) → needs a new entry") {
		t.Errorf("after --accept, kb suggest lists:\n%s", left)
	}
}
