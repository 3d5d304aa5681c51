package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/careerbot/careerbot/bot"
)

// jsonError decodes a {"error": ...} body, failing the test otherwise.
func jsonError(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("body is not a JSON error: %s", body)
	}
	return e.Error
}

// TestAPIAuth sends what a client without, with a wrong or with a revoked
// token sends: 401 with a JSON error and a WWW-Authenticate header.
func TestAPIAuth(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	other, err := api.store.AddToken(context.Background(), "other")
	if err != nil {
		t.Fatal(err)
	}
	question := askBody(t, map[string]string{"question": "Brauche ich ein Studium?"})
	tests := []struct {
		name, auth string
		status     int
	}{
		{"no header", "", http.StatusUnauthorized},
		{"empty bearer", "Bearer ", http.StatusUnauthorized},
		{"basic auth", "Basic dXNlcjpwYXNz", http.StatusUnauthorized},
		{"token without scheme", api.token, http.StatusUnauthorized},
		{"unknown token", "Bearer cbt_" + strings.Repeat("A", 43), http.StatusUnauthorized},
		{"token cut short", "Bearer " + api.token[:len(api.token)-1], http.StatusUnauthorized},
		{"huge token", "Bearer " + strings.Repeat("x", 8000), http.StatusUnauthorized},
		{"valid", "Bearer " + api.token, http.StatusOK},
		{"scheme in lower case", "bearer " + api.token, http.StatusOK},
		{"another valid token", "Bearer " + other, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {"application/json"}}
			if tt.auth != "" {
				h.Set("Authorization", tt.auth)
			}
			status, body := callWith(t, http.MethodPost, api.base+"/v1/ask", question, h)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if status == http.StatusUnauthorized {
				jsonError(t, body)
			}
		})
	}

	// A token revoked by another process stops working at once.
	if r := runCLI(t, nil, "", "token", "revoke", "other", "--db", api.db); r.code != 0 {
		t.Fatalf("token revoke: exit %d: %s", r.code, r.stderr)
	}
	if status, body := askCall(t, api.base, other, question); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d %s, want 401", status, body)
	}
	if status, body := askCall(t, api.base, api.token, question); status != http.StatusOK {
		t.Errorf("the remaining token: %d %s", status, body)
	}
}

// TestAPILimits runs each limit out: per client address (also for
// requests with bad tokens), per token, and per user, where a request
// without "user" counts as the token's own.
func TestAPILimits(t *testing.T) {
	question := func(user string) string {
		m := map[string]string{"question": "Brauche ich ein Studium?"}
		if user != "" {
			m["user"] = user
		}
		return askBody(t, m)
	}
	t.Run("per address", func(t *testing.T) {
		api := newTestAPI(t, apiLimits{perAddr: newKeyedLimiter(1)})
		if status, body := askCall(t, api.base, "cbt_wrong", question("")); status != http.StatusUnauthorized {
			t.Fatalf("first request: %d %s, want 401", status, body)
		}
		status, body := askCall(t, api.base, api.token, question(""))
		if status != http.StatusTooManyRequests {
			t.Fatalf("second request from the address: %d %s, want 429", status, body)
		}
		jsonError(t, body)
	})
	t.Run("per token", func(t *testing.T) {
		api := newTestAPI(t, apiLimits{perToken: newKeyedLimiter(1)})
		other, err := api.store.AddToken(context.Background(), "other")
		if err != nil {
			t.Fatal(err)
		}
		if status, body := askCall(t, api.base, api.token, question("a")); status != http.StatusOK {
			t.Fatalf("first request: %d %s", status, body)
		}
		req, _ := http.NewRequest(http.MethodPost, api.base+"/v1/ask", strings.NewReader(question("b")))
		req.Header.Set("Authorization", "Bearer "+api.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("second request with the token, another user: %d, Retry-After %q; want 429 with Retry-After",
				resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if status, body := askCall(t, api.base, other, question("a")); status != http.StatusOK {
			t.Errorf("another token: %d %s", status, body)
		}
	})
	t.Run("per user without user", func(t *testing.T) {
		api := newTestAPI(t, apiLimits{})
		limited := false
		for i := range 25 { // the engine's default is 20 a minute
			status, body := askCall(t, api.base, api.token, question(""))
			if status == http.StatusTooManyRequests {
				limited = true
				break
			}
			if status != http.StatusOK {
				t.Fatalf("request %d: %d %s", i+1, status, body)
			}
		}
		if !limited {
			t.Fatal("25 requests without \"user\" were never limited")
		}
		if status, body := askCall(t, api.base, api.token, question("alice")); status != http.StatusOK {
			t.Errorf("a named user of the same token: %d %s", status, body)
		}
	})
}

// TestAPIConversation passes "conversation" to the engine: a message too
// short to tell its language is answered in the conversation's language.
func TestAPIConversation(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	ask := func(q, conversation string) askAnswer {
		t.Helper()
		status, body := askCall(t, api.base, api.token, askBody(t, map[string]string{"question": q, "conversation": conversation, "user": "u1"}))
		if status != http.StatusOK {
			t.Fatalf("%q in %q: %d %s", q, conversation, status, body)
		}
		return decodeAnswer(t, body)
	}
	if a := ask("Do I need a university degree to become a backend developer?", "c-en"); a.Lang != "en" {
		t.Fatalf("English question answered in %s", a.Lang)
	}
	if a := ask("Wie werde ich Backend-Entwickler ohne Studium?", "c-de"); a.Lang != "de" {
		t.Fatalf("German question answered in %s", a.Lang)
	}
	for conv, want := range map[string]string{"c-en": "en", "c-de": "de"} {
		if a := ask("ok", conv); a.Lang != want {
			t.Errorf("\"ok\" in %s answered in %s, want %s", conv, a.Lang, want)
		}
	}
	status, body := askCall(t, api.base, api.token, askBody(t, map[string]string{"question": "Hallo", "conversation": strings.Repeat("c", 257)}))
	if status != http.StatusBadRequest {
		t.Errorf("a 257-byte conversation: %d %s, want 400", status, body)
	}
}

// TestTokenCommand adds, lists and revokes tokens on the command line.
func TestTokenCommand(t *testing.T) {
	db := tempDB(t)
	add := runCLI(t, nil, "", "token", "add", "crm", "--db", db)
	token := strings.TrimSpace(add.stdout)
	if add.code != 0 || !strings.HasPrefix(token, "cbt_") || strings.Contains(token, "\n") {
		t.Fatalf("token add: exit %d, stdout %q, stderr %q", add.code, add.stdout, add.stderr)
	}
	if !strings.Contains(add.stderr, "only this once") || !strings.Contains(add.stderr, "Authorization: Bearer") {
		t.Errorf("token add does not say how to keep and use the token: %q", add.stderr)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
		notIn    string
	}{
		{"list", []string{"token", "list"}, 0, "crm", token},
		{"add again", []string{"token", "add", "crm"}, 1, "exists", ""},
		{"bad name", []string{"token", "add", "two words"}, 1, "letters, digits", ""},
		{"add without name", []string{"token", "add"}, 2, "needs one NAME", ""},
		{"unknown subcommand", []string{"token", "show", "crm"}, 2, "unknown token subcommand", ""},
		{"no subcommand", []string{"token"}, 2, "add NAME, list or revoke NAME", ""},
		{"revoke unknown", []string{"token", "revoke", "nope"}, 1, "no token is called", ""},
		{"revoke", []string{"token", "revoke", "crm"}, 0, "revoked crm", ""},
		{"list after revoke", []string{"token", "list"}, 0, "0 token(s)", "crm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", append(tt.args, "--db", db)...)
			out := r.stdout + r.stderr
			if r.code != tt.code || !strings.Contains(out, tt.contains) || tt.notIn != "" && strings.Contains(out, tt.notIn) {
				t.Errorf("exit %d, output %q; want exit %d with %q and without %q", r.code, out, tt.code, tt.contains, tt.notIn)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

// makeReadOnly makes the file at path unwritable, even for root (with
// chattr +i), or skips the test where that cannot be done.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root and chattr +i fails (%v: %s): cannot make a file read-only", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// TestReadyzReadOnlyFile starts serve on a database file that cannot be
// written: /healthz is fine, /readyz says 503 and names the database.
func TestReadyzReadOnlyFile(t *testing.T) {
	db := tempDB(t)
	if r := runCLI(t, nil, "", "kb", "list", "--db", db); r.code != 0 {
		t.Fatalf("creating the database: %s", r.stderr)
	}
	makeReadOnly(t, db)
	s := startServeWith(t, nil, db, "")
	status, body := call(t, http.MethodGet, s.base+"/readyz", "", "")
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), `"database":"read-only"`) {
		t.Errorf("/readyz on a read-only file: %d %s, want 503 naming the database", status, body)
	}
}

// TestReadyzDatabaseProblems breaks the running server's database in two
// ways and back: /readyz follows.
func TestReadyzDatabaseProblems(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	db := api.store.DB()
	db.SetMaxOpenConns(1) // the pragmas below hold per connection
	exec := func(q string) {
		t.Helper()
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ready := func(want int, part string) {
		t.Helper()
		status, body := call(t, http.MethodGet, api.base+"/readyz", "", "")
		if status != want || !strings.Contains(string(body), `"database":"`+part+`"`) {
			t.Errorf("/readyz = %d %s, want %d with database %s", status, body, want, part)
		}
	}
	ready(http.StatusOK, "ok")

	exec("PRAGMA query_only = 1") // as a read-only file behaves
	ready(http.StatusServiceUnavailable, "read-only")
	exec("PRAGMA query_only = 0")
	ready(http.StatusOK, "ok")

	// A full disk: the file may not grow by a single page.
	var pages int
	if err := db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	exec("PRAGMA max_page_count = " + strconv.Itoa(pages+1))
	exec("CREATE TABLE IF NOT EXISTS filler (b BLOB)")
	for range 10000 {
		_, err := db.Exec("INSERT INTO filler VALUES (randomblob(300))")
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	ready(http.StatusServiceUnavailable, "full")
	exec("PRAGMA max_page_count = " + strconv.Itoa(pages+1000))
	ready(http.StatusOK, "ok")
}

// holdReadTx opens another connection to db, as a second process would,
// and holds a read transaction on it until the returned func is called.
func holdReadTx(t *testing.T, db string) (release func()) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: db}).EscapedPath()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM questions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { tx.Rollback(); conn.Close() }) }
	t.Cleanup(release)
	return release
}

// TestForgetWhileReaderHolds forgets a user, through /vergessen's path
// and on the command line, while another connection holds a read
// transaction: neither claims to be done while the text is on disk.
func TestForgetWhileReaderHolds(t *testing.T) {
	const marker = "reader-holds-marker-Lk4"
	p := bot.NewPseudonymizer([]byte(testSecret))
	seed := func(t *testing.T, o *operator, user string) {
		t.Helper()
		err := o.store.LogQuestion(context.Background(), bot.Question{At: time.Now(), Platform: "telegram", User: p.Pseudonym("telegram", user),
			Text: "Wie lange dauert das? " + marker, Lang: bot.German, Kind: bot.KindFallback})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Run("operator", func(t *testing.T) {
		db := tempDB(t)
		o := newTestOperator(t, db, "", time.Now())
		o.store.WipeWait = 200 * time.Millisecond
		seed(t, o, "42")
		holdReadTx(t, db)
		for _, lang := range []bot.Lang{bot.German, bot.English} {
			got, err := o.Forget(context.Background(), "telegram", "42", lang)
			if err != nil {
				t.Fatal(err)
			}
			if want := bot.ForgetPendingText(lang, 1, 0); lang == bot.German && got != want {
				t.Errorf("Forget = %q, want %q", got, want)
			}
			if strings.HasPrefix(got, "Erledigt") || strings.HasPrefix(got, "Done") {
				t.Errorf("Forget claims to be done while a reader holds the text: %q", got)
			}
		}
	})
	t.Run("command", func(t *testing.T) {
		db := tempDB(t)
		o := newTestOperator(t, db, "", time.Now())
		seed(t, o, "42")
		release := holdReadTx(t, db)
		vars := map[string]string{"CAREERBOT_SECRET": testSecret}
		r := runCLI(t, vars, "", "forget", "--db", db, "--platform", "telegram", "--user", "42", "--wait", "200ms")
		if r.code != 1 || !strings.Contains(r.stderr, "not yet overwritten") || !strings.Contains(r.stderr, "run this command again") {
			t.Errorf("forget with a reader: exit %d, stderr %q; want 1 saying what is left", r.code, r.stderr)
		}
		checkNoStackTrace(t, r.stderr)
		release()
		r = runCLI(t, vars, "", "forget", "--db", db, "--platform", "telegram", "--user", "42")
		if r.code != 0 {
			t.Fatalf("forget again: exit %d: %s", r.code, r.stderr)
		}
		for _, name := range []string{db, db + "-wal"} {
			if b, err := os.ReadFile(name); err == nil && strings.Contains(string(b), marker) {
				t.Errorf("%s still holds the text", name)
			}
		}
	})
}

// TestDamagedDatabase runs commands on a file that is not a database: the
// message says it is damaged and how to restore it, not to check
// permissions.
func TestDamagedDatabase(t *testing.T) {
	db := tempDB(t)
	if err := os.WriteFile(db, []byte(strings.Repeat("garbage, not SQLite\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"ask", "Hallo"}, {"report"}, {"forget", "--platform", "telegram", "--user", "1"}} {
		t.Run(args[0], func(t *testing.T) {
			r := runCLI(t, map[string]string{"CAREERBOT_SECRET": testSecret}, "", append(args, "--db", db)...)
			if r.code != 1 || !strings.Contains(r.stderr, "damaged") || !strings.Contains(r.stderr, "backup") ||
				strings.Contains(r.stderr, "check that the directory is writable") {
				t.Errorf("exit %d, stderr %q; want 1 naming the damage and the backup", r.code, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

// TestAskLogUnwritable: ask --log on a database that cannot be written
// fails clearly; without --log it still answers.
func TestAskLogUnwritable(t *testing.T) {
	db := tempDB(t)
	if r := runCLI(t, nil, "", "kb", "list", "--db", db); r.code != 0 {
		t.Fatalf("creating the database: %s", r.stderr)
	}
	makeReadOnly(t, db)
	r := runCLI(t, nil, "", "ask", "--log", "--db", db, "Brauche ich ein Studium?")
	if r.code == 0 || !strings.Contains(r.stderr, "--log") || !strings.Contains(r.stderr, "cannot be written") {
		t.Errorf("ask --log on a read-only file: exit %d, stderr %q; want non-zero naming the problem", r.code, r.stderr)
	}
	checkNoStackTrace(t, r.stderr)
	if r := runCLI(t, nil, "", "ask", "--db", db, "Brauche ich ein Studium?"); r.code != 0 || r.stdout == "" {
		t.Errorf("ask without --log on a read-only file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestAskLogFailsMidway: when logging fails after the start (here a
// trigger refuses the row), ask --log stops with an error.
func TestAskLogFailsMidway(t *testing.T) {
	db := tempDB(t)
	st := openDB(t, db)
	if _, err := st.DB().Exec(`CREATE TRIGGER refuse BEFORE INSERT ON questions BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	r := runCLI(t, nil, "Brauche ich ein Studium?\nNoch eine Frage\n", "ask", "--log", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "could not be logged") {
		t.Errorf("exit %d, stderr %q; want 1 saying the question could not be logged", r.code, r.stderr)
	}
}

// TestTerminalOutputsStripEscapes stores questions and a vote carrying
// terminal escape sequences and prints everything that shows stored text
// on a terminal: none of it reaches the terminal.
func TestTerminalOutputsStripEscapes(t *testing.T) {
	db := tempDB(t)
	st := openDB(t, db)
	ctx := context.Background()
	for i, text := range []string{"\x1b]0;pwned\x07Darf ich \x1b[31mmeinen Hund\x1b[0m mitbringen?", "Darf ich meinen Hund\u009b2J mitbringen?\x1b[2J"} {
		if err := st.LogQuestion(ctx, bot.Question{At: time.Now(), Platform: "telegram", User: "evil" + strconv.Itoa(i), Text: text,
			Lang: bot.German, Kind: bot.KindFallback}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordFeedback(ctx, bot.Feedback{EntryID: "\x1b]8;;http://evil.example\x1b\\entry", Lang: bot.German, Helpful: true,
		Platform: "telegram", User: "evil"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"report", "--format", "text"}, {"kb", "suggest"}, {"kb", "list"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCLI(t, nil, "", append(args, "--db", db)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if args[0] == "report" && !strings.Contains(r.stdout, "meinen Hund mitbringen?") {
				t.Errorf("the questions are not in the report; the test proves nothing:\n%s", r.stdout)
			}
			for _, out := range []string{r.stdout, r.stderr} {
				for _, c := range out {
					if c != '\n' && (c < 0x20 || c >= 0x7f && c < 0xa0) {
						t.Errorf("output contains %U", c)
					}
				}
				if strings.Contains(out, "pwned") || strings.Contains(out, "evil.example") {
					t.Errorf("output contains the escape sequences' payload:\n%s", out)
				}
			}
		})
	}
}
