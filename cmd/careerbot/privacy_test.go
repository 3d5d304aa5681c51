package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/careerbot/careerbot/internal/slackfake"
	"github.com/careerbot/careerbot/internal/telegramfake"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

const testSecret = "privacy-test-secret-0123456789"

// openDB opens the database at path beside whatever else has it open.
func openDB(t *testing.T, path string) *knowledge.Store {
	t.Helper()
	st, err := knowledge.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// answerSeq numbers the answers seedUser votes on.
var answerSeq atomic.Int64

// seedUser stores questions and feedback of one pseudonymous user at at.
func seedUser(t *testing.T, st *knowledge.Store, platform, user string, questions, feedback int, at time.Time) {
	t.Helper()
	ctx := context.Background()
	for range questions {
		q := bot.Question{At: at, Platform: platform, User: user, Text: "Was macht ein Backend-Entwickler?", Lang: bot.German,
			Kind: bot.KindAnswer, EntryID: "entry-overview", Confidence: 0.9, Answered: true}
		if err := st.LogQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for range feedback { // each vote on an answer of its own
		f := bot.Feedback{EntryID: "entry-overview", Lang: bot.German, Helpful: true, Platform: platform, User: user, At: at,
			Answer: fmt.Sprintf("message-%d", answerSeq.Add(1))}
		if err := st.RecordFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
}

// count runs a count(*) query.
func count(t *testing.T, st *knowledge.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestParseAge(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"90d", 90 * 24 * time.Hour, false},
		{"2w", 14 * 24 * time.Hour, false},
		{"36h", 36 * time.Hour, false},
		{"1h30m", 90 * time.Minute, false},
		{" 30d ", 30 * 24 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"0d", 0, true},
		{"-1d", 0, true},
		{"0s", 0, true},
		{"-1h", 0, true},
		{"abc", 0, true},
		{"", 0, true},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"1y", 0, true},
		{"30", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseAge(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseAge(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "like 90d") {
				t.Errorf("error %q does not show the format", err)
			}
		})
	}
}

// TestPurgeCommand stores rows 100, 31 and 29 days old and purges with
// each way of giving the retention.
func TestPurgeCommand(t *testing.T) {
	tests := []struct {
		name       string
		vars       map[string]string
		args       []string
		wantCode   int
		wantOutput string // in stdout (code 0) or stderr
		wantLeft   int    // questions left of the 3, and feedback rows alike
	}{
		{"default 90d", nil, nil, 0, "deleted 1 questions and 1 feedback rows older than 90d", 2},
		{"flag", nil, []string{"--retention", "30d"}, 0, "deleted 2 questions and 2 feedback rows older than 30d", 1},
		{"variable", map[string]string{"CAREERBOT_RETENTION": "30d"}, nil, 0, "older than 30d", 1},
		{"flag over variable", map[string]string{"CAREERBOT_RETENTION": "30d"}, []string{"--retention", "90d"}, 0, "older than 90d", 2},
		{"weeks", nil, []string{"--retention", "2w"}, 0, "deleted 3 questions and 3 feedback rows older than 14d", 0},
		{"hours", nil, []string{"--retention", "36h"}, 0, "older than 36h0m0s", 0},
		{"bad flag", nil, []string{"--retention", "abc"}, 2, `--retention: "abc" is not a duration like 90d`, 3},
		{"zero flag", nil, []string{"--retention", "0d"}, 2, "--retention", 3},
		{"negative flag", nil, []string{"--retention", "-1d"}, 2, "--retention", 3},
		{"bad variable", map[string]string{"CAREERBOT_RETENTION": "forever"}, nil, 1, `CAREERBOT_RETENTION: "forever" is not a duration`, 3},
		{"argument", nil, []string{"now"}, 2, "purge takes no arguments", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			st := openDB(t, db)
			now := time.Now()
			for _, days := range []int{100, 31, 29} {
				seedUser(t, st, "telegram", "p1", 1, 1, now.AddDate(0, 0, -days))
			}
			r := runCLI(t, tt.vars, "", append([]string{"purge", "--db", db}, tt.args...)...)
			out := r.stdout
			if tt.wantCode != 0 {
				out = r.stderr
			}
			if r.code != tt.wantCode || !strings.Contains(out, tt.wantOutput) {
				t.Errorf("exit %d, output %q; want %d and %q (stderr %q)", r.code, out, tt.wantCode, tt.wantOutput, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
			if q, f := count(t, st, "SELECT count(*) FROM questions"), count(t, st, "SELECT count(*) FROM feedback"); q != tt.wantLeft || f != tt.wantLeft {
				t.Errorf("%d questions and %d feedback rows left, want %d of each", q, f, tt.wantLeft)
			}
		})
	}
}

// TestForgetCommand stores rows of several users and forgets one by the
// id a user gave by e-mail.
func TestForgetCommand(t *testing.T) {
	p := bot.NewPseudonymizer([]byte(testSecret))
	users := []struct {
		platform, id        string
		questions, feedback int
	}{
		{"telegram", "42", 3, 2},
		{"telegram", "43", 2, 1},
		{"slack", "T1:42", 1, 1},
		{"api", "42", 2, 0}, // the same id on another platform is another user
	}
	tests := []struct {
		name       string
		vars       map[string]string
		args       []string
		wantCode   int
		wantOutput string
		forgotten  int // index into users, or -1
	}{
		{"telegram user", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "telegram", "--user", "42"},
			0, "deleted 3 questions and 2 feedback rows of that user", 0},
		{"slack user", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "slack", "--user", "T1:42"},
			0, "deleted 1 questions and 1 feedback rows of that user", 2},
		{"platform in capitals", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "Telegram", "--user", "42"},
			0, "deleted 3 questions and 2 feedback rows of that user", 0},
		{"unknown platform", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "tg", "--user", "42"},
			2, `--platform "tg": use slack, telegram or api`, -1},
		{"slack user without team", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "slack", "--user", "U42"},
			2, "--user for Slack is TEAM:USER", -1},
		{"unknown user", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "telegram", "--user", "44"},
			0, "deleted 0 questions and 0 feedback rows", -1},
		{"another secret finds no one", map[string]string{"CAREERBOT_SECRET": "not-the-serve-secret-0123456789"}, []string{"--platform", "telegram", "--user", "42"},
			0, "deleted 0 questions", -1},
		{"no secret", nil, []string{"--platform", "telegram", "--user", "42"},
			1, "CAREERBOT_SECRET is not set: use the same secret as careerbot serve", -1},
		{"blank secret", map[string]string{"CAREERBOT_SECRET": "   "}, []string{"--platform", "telegram", "--user", "42"},
			1, "CAREERBOT_SECRET is not set", -1},
		{"short secret", map[string]string{"CAREERBOT_SECRET": "short"}, []string{"--platform", "telegram", "--user", "42"},
			1, "CAREERBOT_SECRET is too short", -1},
		{"no user", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "telegram"},
			2, "forget needs --platform and --user", -1},
		{"no platform", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--user", "42"},
			2, "forget needs --platform and --user", -1},
		{"argument", map[string]string{"CAREERBOT_SECRET": testSecret}, []string{"--platform", "telegram", "--user", "42", "43"},
			2, "forget needs --platform and --user", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			st := openDB(t, db)
			for _, u := range users {
				seedUser(t, st, u.platform, p.Pseudonym(u.platform, u.id), u.questions, u.feedback, time.Now())
			}
			r := runCLI(t, tt.vars, "", append([]string{"forget", "--db", db}, tt.args...)...)
			out := r.stdout
			if tt.wantCode != 0 {
				out = r.stderr
			}
			if r.code != tt.wantCode || !strings.Contains(out, tt.wantOutput) {
				t.Errorf("exit %d, output %q; want %d and %q (stderr %q)", r.code, out, tt.wantCode, tt.wantOutput, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
			for i, u := range users {
				wantQ, wantF := u.questions, u.feedback
				if i == tt.forgotten {
					wantQ, wantF = 0, 0
				}
				user := p.Pseudonym(u.platform, u.id)
				q := count(t, st, "SELECT count(*) FROM questions WHERE user = ?", user)
				f := count(t, st, "SELECT count(*) FROM feedback WHERE user = ?", user)
				if q != wantQ || f != wantF {
					t.Errorf("%s:%s has %d questions and %d feedback rows, want %d and %d", u.platform, u.id, q, f, wantQ, wantF)
				}
			}
		})
	}
}

// TestQuestionLogCommands checks which commands log questions, under
// which platform: chat always, ask and eval only with --log.
func TestQuestionLogCommands(t *testing.T) {
	tests := []struct {
		name         string
		stdin        string
		args         []string
		wantPlatform string // "" when nothing is logged
		wantRows     int
	}{
		{"ask", "", []string{"ask", "Was macht ein Backend-Entwickler?"}, "", 0},
		{"ask --log", "", []string{"ask", "--log", "Was macht ein Backend-Entwickler?"}, "cli", 1},
		{"ask --log, stdin", "Hallo\nWas macht ein Backend-Entwickler?\n", []string{"ask", "--log"}, "cli", 2},
		{"eval", "", []string{"eval", "testdata/eval_small.jsonl"}, "", 0},
		{"eval --log", "", []string{"eval", "--log", "testdata/eval_small.jsonl"}, "eval", 5},
		{"chat", "Was macht ein Backend-Entwickler?\nDanke!\n", []string{"chat"}, "console", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			mustRun(t, nil, tt.stdin, append(tt.args, "--db", db)...)
			st := openDB(t, db)
			version, err := st.Version(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n := count(t, st, "SELECT count(*) FROM questions"); n != tt.wantRows {
				t.Fatalf("%d questions logged, want %d", n, tt.wantRows)
			}
			if n := count(t, st, "SELECT count(*) FROM questions WHERE platform = ? AND user = '' AND kb_version = ?",
				tt.wantPlatform, version); n != tt.wantRows {
				t.Errorf("%d of %d rows from platform %q without a user at version %d", n, tt.wantRows, tt.wantPlatform, version)
			}
		})
	}
}

// TestNoRawUserIDsStored asks through the CLI, the terminal chat, the HTTP
// API, Telegram and Slack into one database, then reads every column of
// every table as text: no raw user id or name may be anywhere. Then it
// forgets each user with `careerbot forget`: no row may keep their
// pseudonym.
func TestNoRawUserIDsStored(t *testing.T) {
	db := tempDB(t)
	mustRun(t, nil, "", "ask", "--log", "--db", db, "Was macht ein Backend-Entwickler?")
	mustRun(t, nil, "Welche Programmiersprachen brauche ich?\n", "chat", "--db", db)

	tg := telegramfake.New(t, tgToken)
	tg.AddUpdates(tgMessage(100, "Kann ich als Quereinsteiger Backend-Entwickler werden?"))
	slack := slackfake.New(t)
	vars := tgVars(tg)
	vars["SLACK_BOT_TOKEN"], vars["SLACK_SIGNING_SECRET"], vars["SLACK_API_URL"] = e2eSlackToken, e2eSlackSecret, slack.APIURL()
	s := startServeAt(t, vars, db)

	const apiUser = "alice@example.com"
	for _, q := range []string{"Was verdient man als Backend-Entwickler?", "Brauche ich ein Studium?"} {
		apiAsk(t, s, q, apiUser)
	}
	const slackUser = "U061F7AUR"
	mention, _ := json.Marshal(map[string]any{
		"token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
		"type": "event_callback", "event_id": "Ev0PRIV0001", "event_time": 1515449522,
		"event": map[string]any{"type": "app_mention", "user": slackUser, "text": "<@" + e2eSlackBotUser + "> Wie lange dauert die Ausbildung?",
			"ts": "1515449522.000016", "channel": "C0LAN2Q65", "event_ts": "1515449522.000016"},
	})
	waitFor(t, "slack to be ready", func() bool {
		status, _ := call(t, http.MethodGet, s.base+"/readyz", "", "")
		return status == http.StatusOK
	})
	if code := slackEvent(t, s.base, mention); code != http.StatusOK {
		t.Fatalf("slack event: %d", code)
	}

	st := openDB(t, db)
	platforms := []string{"cli", "console", "api", "telegram", "slack"}
	waitFor(t, "a logged question from every adapter", func() bool {
		for _, p := range platforms {
			if count(t, st, "SELECT count(*) FROM questions WHERE platform = ?", p) == 0 {
				return false
			}
		}
		return true
	})
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d:\n%s", code, s.stderr)
	}

	// The users are logged, as pseudonyms keyed with the secret, under the
	// ids `careerbot forget` takes.
	p := bot.NewPseudonymizer([]byte(vars["CAREERBOT_SECRET"]))
	users := map[string]string{"api": apiUser, "telegram": fmt.Sprint(tgUser), "slack": "T061EG9R6:" + slackUser}
	for platform, user := range users {
		if n := count(t, st, "SELECT count(*) FROM questions WHERE platform = ? AND user = ?", platform, p.Pseudonym(platform, user)); n == 0 {
			t.Errorf("no %s question under the user's pseudonym", platform)
		}
	}

	raw := []string{apiUser, "alice", slackUser, fmt.Sprint(tgUser), "Testusername", "Test Firstname"}
	for table, cols := range tableColumns(t, st) {
		for _, col := range cols {
			for _, needle := range raw {
				if n := rowsHolding(t, st, table, col, needle); n > 0 {
					t.Errorf("%s.%s holds %q in %d rows", table, col, needle, n)
				}
			}
		}
	}
	// The scan does find what is stored: the questions themselves.
	if n := rowsHolding(t, st, "questions", "question", "Quereinsteiger"); n != 1 {
		t.Errorf("the scan finds the Telegram question in %d rows, want 1", n)
	}

	// Forgetting each user leaves no row anywhere with their pseudonym.
	for platform, user := range users {
		mustRun(t, vars, "", "forget", "--db", db, "--platform", platform, "--user", user)
		pseudonym := p.Pseudonym(platform, user)
		for table, cols := range tableColumns(t, st) {
			for _, col := range cols {
				if n := rowsHolding(t, st, table, col, pseudonym); n > 0 {
					t.Errorf("after forget, %s.%s holds the %s user's pseudonym in %d rows", table, col, platform, n)
				}
			}
		}
	}
	if n := count(t, st, "SELECT count(*) FROM questions WHERE platform IN ('cli', 'console')"); n != 2 {
		t.Errorf("%d questions from the CLI and the chat left, want 2: forget must delete nothing else", n)
	}
}

// rowsHolding counts the rows of table whose col, read as text, contains
// needle.
func rowsHolding(t *testing.T, st *knowledge.Store, table, col, needle string) int {
	t.Helper()
	return count(t, st, fmt.Sprintf(`SELECT count(*) FROM %q WHERE instr(CAST(%q AS TEXT), ?) > 0`, table, col), needle)
}

// tableColumns lists every table of the database with its columns.
func tableColumns(t *testing.T, st *knowledge.Store) map[string][]string {
	t.Helper()
	rows, err := st.DB().Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := st.DB().Query("SELECT name FROM pragma_table_info(?)", table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col string
			if err := rows.Scan(&col); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], col)
		}
		rows.Close()
	}
	for _, want := range []string{"questions", "feedback", "inbox", "cursors"} {
		if len(out[want]) == 0 {
			t.Errorf("table %s not found among %v", want, tables)
		}
	}
	return out
}
