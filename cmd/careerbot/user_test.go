package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestUserCommands(t *testing.T) {
	db := tempDB(t)
	const pw = "a long enough password"
	steps := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"add", pw + "\n", []string{"user", "add", "ada", "--role", "admin"}, 0, "", "added ada with role admin"},
		{"add twice", pw + "\n", []string{"user", "add", "ada", "--role", "viewer"}, 1, "", "exists already"},
		{"bad role", pw + "\n", []string{"user", "add", "bob", "--role", "boss"}, 2, "", "unknown role"},
		{"no password", "", []string{"user", "add", "bob", "--role", "editor"}, 1, "", "no password on standard input"},
		{"short password", "kurz\n", []string{"user", "add", "bob", "--role", "editor"}, 1, "", "at least 10"},
		{"bad name", pw + "\n", []string{"user", "add", "a b", "--role", "editor"}, 2, "", "user name"},
		{"add editor", pw + "\n", []string{"user", "add", "bob", "--role", "editor"}, 0, "", "added bob"},
		{"list", "", []string{"user", "list"}, 0, "bob", ""},
		{"role", "", []string{"user", "role", "bob", "publisher"}, 0, "", "bob now has the role publisher"},
		{"passwd", "another long password\n", []string{"user", "passwd", "bob"}, 0, "", "password changed for bob"},
		{"passwd unknown", pw + "\n", []string{"user", "passwd", "carl"}, 1, "", `no user "carl"`},
		{"remove", "", []string{"user", "remove", "bob"}, 0, "", "removed bob"},
		{"no subcommand", "", []string{"user"}, 2, "", "add, list"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := runCLI(t, nil, s.stdin, append(s.args, "--db", db)...)
			checkNoStackTrace(t, r.stderr)
			if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, s.code, s.stdout, s.stderr)
			}
		})
	}
	st, err := knowledge.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, _ := st.Users(context.Background())
	if len(users) != 1 || users[0].Name != "ada" || users[0].Role != "admin" {
		t.Errorf("users %+v", users)
	}
	u, _ := st.User(context.Background(), "ada")
	if strings.Contains(u.PasswordHash, pw) || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Error("the password is not stored as an argon2id hash")
	}
	evs, _ := st.AuditLog(context.Background(), 10)
	if len(evs) == 0 || evs[0].User != "cli" || evs[0].Action != "user remove" {
		t.Errorf("audit %+v", evs)
	}
}

func TestKBImportRecordsAVersion(t *testing.T) {
	db := tempDB(t)
	mustRun(t, nil, "", "kb", "import", "--db", db, "testdata/kb_small.yaml")
	st, err := knowledge.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	vs, err := st.Versions(context.Background())
	if err != nil || len(vs) != 2 || vs[0].Author != "cli" || vs[0].Message != "kb import kb_small.yaml" || vs[1].Author != "system" {
		t.Errorf("versions %+v, %v: want the state before and the import by cli", vs, err)
	}
}

func TestServeMountsTheConsole(t *testing.T) {
	s := startServe(t, nil)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(s.base + "/console/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login") {
		t.Errorf("GET /console/: %d %q, want a redirect to the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = client.Get(s.base + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("login page: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
}

// TestServeReadsTheConsoleContact checks that a contact set in the
// console counts as configured.
func TestServeReadsTheConsoleContact(t *testing.T) {
	db := tempDB(t)
	st, err := knowledge.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(context.Background(), knowledge.SettingRecruiterContact, "jobs@example.com"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	s := startServeAt(t, nil, db)
	s.stop(t)
	for _, rec := range logRecords(s.stderr.String()) {
		if rec["msg"] == "no recruiter contact configured" {
			t.Error("serve warns about a missing contact that the console set")
		}
	}
}

// TestKBPromoteKeepsTheLoser checks that `kb promote` is a version, so
// the losing answer stays in the history.
func TestKBPromoteKeepsTheLoser(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ab.yaml")
	if err := os.WriteFile(file, []byte(abFile), 0o600); err != nil {
		t.Fatal(err)
	}
	db := tempDB(t)
	mustRun(t, nil, "", "kb", "import", "--replace", "--db", db, file)
	mustRun(t, nil, "", "kb", "promote", "--db", db, "ab-entry", "B")
	st, err := knowledge.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	vs, _ := st.Versions(context.Background())
	if len(vs) < 2 || vs[0].Message != "kb promote ab-entry B" || vs[0].Author != "cli" {
		t.Fatalf("versions %+v", vs)
	}
	before, _, err := st.VersionDocument(context.Background(), vs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if e := before.Find("ab-entry"); e == nil || e.Texts["de"].Answer != "Ja, ein Mentoring gibt es." {
		t.Error("the version before the promote lacks the losing answer")
	}
}
