package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// logRecords parses the JSON log lines in s, skipping anything else.
func logRecords(s string) []map[string]any {
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil {
			recs = append(recs, rec)
		}
	}
	return recs
}

// server is a `careerbot serve` running in the background.
type server struct {
	base   string
	token  string // an API token for POST /v1/ask
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int // the exit code, once run returns
}

// startServe boots the whole program with `serve` on a free port and waits
// until /healthz answers.
func startServe(t *testing.T, vars map[string]string) *server {
	t.Helper()
	return startServeAt(t, vars, tempDB(t))
}

// startServeAt is startServe on the database at db, so a test can read
// and change the database the server uses.
func startServeAt(t *testing.T, vars map[string]string, db string) *server {
	t.Helper()
	return startServeWith(t, vars, db, addToken(t, db, "test"))
}

// startServeWith is startServeAt with the API token already in db (or
// none).
func startServeWith(t *testing.T, vars map[string]string, db, token string) *server {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{base: "http://" + addr, token: token, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	args := []string{"serve", "--addr", addr, "--db", db}
	go func() {
		s.done <- run(ctx, args, mapEnv(vars), strings.NewReader(""), io.Discard, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(time.Minute): // a guard against a hang, not a timing check
			t.Errorf("serve did not stop")
		}
	})
	waitFor(t, "/healthz", func() bool {
		select {
		case code := <-s.done:
			t.Fatalf("serve exited with %d before answering:\n%s", code, s.stderr)
		default:
		}
		resp, err := http.Get(s.base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return s
}

// addToken makes an API token in the database at db, as `careerbot token
// add` does, and returns it.
func addToken(t *testing.T, db, name string) string {
	t.Helper()
	st, err := knowledge.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	token, err := st.AddToken(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// waitFor polls cond until it holds, failing the test after 30 s (a guard
// against a hang, not a timing check).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// stop cancels the server's context and returns run's exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(time.Minute): // a guard against a hang, not a timing check
		t.Fatalf("serve did not stop:\n%s", s.stderr)
		return -1
	}
}

func TestServe(t *testing.T) {
	s := startServe(t, nil)
	const marker = "zyx-unique-marker-4711"

	status, body := call(t, http.MethodGet, s.base+"/readyz", "", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"database":"ok"`) {
		t.Errorf("/readyz: %d %s", status, body)
	}
	for _, q := range []string{"Was macht ein Backend-Entwickler? " + marker, marker} {
		status, body = askCall(t, s.base, s.token, askBody(t, map[string]string{"question": q, "user": "U" + marker}))
		if status != http.StatusOK {
			t.Fatalf("POST /v1/ask: %d %s", status, body)
		}
		if a := decodeAnswer(t, body); a.Question != q {
			t.Errorf("question %q echoed as %q", q, a.Question)
		}
	}
	status, body = askCall(t, s.base, s.token, `{"question": `)
	if status != http.StatusBadRequest {
		t.Errorf("bad JSON: %d %s", status, body)
	}

	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d after its context was cancelled, want 0:\n%s", code, s.stderr)
	}
	log := s.stderr.String()
	if strings.Contains(log, marker) {
		t.Errorf("the log contains the question text:\n%s", log)
	}
	checkNoStackTrace(t, log)

	// Each adapter without configuration says how to enable it.
	hints := map[string]string{}
	var serving, stopped bool
	for _, rec := range logRecords(log) {
		switch rec["msg"] {
		case "adapter not configured":
			name, _ := rec["adapter"].(string)
			hints[name], _ = rec["enable_with"].(string)
		case "serving":
			serving = rec["addr"] == strings.TrimPrefix(s.base, "http://")
		case "stopped":
			stopped = true
		}
		if lvl := rec["level"]; lvl != "INFO" && lvl != "WARN" {
			t.Errorf("unexpected log record at %v: %v", lvl, rec)
		}
	}
	if !serving || !stopped {
		t.Errorf("the log does not say where it served (%v) and that it stopped (%v):\n%s", serving, stopped, log)
	}
	for _, f := range adapterFactories {
		if hints[f.Name] != f.Hint || f.Hint == "" {
			t.Errorf("adapter %s: logged hint %q, want %q", f.Name, hints[f.Name], f.Hint)
		}
	}
	wantVars := map[string]string{"slack": "SLACK_BOT_TOKEN", "telegram": "TELEGRAM_BOT_TOKEN", "web": "CAREERBOT_WEB_ORIGINS"}
	for name, v := range wantVars {
		if h, ok := hints[name]; ok && !strings.Contains(h, v) {
			t.Errorf("the %s hint %q does not name %s", name, h, v)
		}
	}
	t.Logf("adapters registered: %d (%v)", len(adapterFactories), hints)
}

// TestServeWarnsWithoutContact checks that serve says at start when the
// answers cannot give an address for the recruiting team, and only then.
func TestServeWarnsWithoutContact(t *testing.T) {
	for _, contact := range []string{"", "jobs@example.com"} {
		t.Run("contact="+contact, func(t *testing.T) {
			s := startServe(t, map[string]string{"CAREERBOT_RECRUITER_CONTACT": contact})
			if code := s.stop(t); code != 0 {
				t.Fatalf("exit code %d, want 0", code)
			}
			warned := false
			for _, rec := range logRecords(s.stderr.String()) {
				if rec["msg"] == "no recruiter contact configured" {
					warned = rec["level"] == "WARN" && rec["set"] == "CAREERBOT_RECRUITER_CONTACT"
				}
			}
			if warned != (contact == "") {
				t.Errorf("with CAREERBOT_RECRUITER_CONTACT=%q warned = %v:\n%s", contact, warned, s.stderr)
			}
		})
	}
}

// TestServeDebugLogOmitsQuestion checks that even at debug level a request
// is logged by its outcome, not its text.
func TestServeDebugLogOmitsQuestion(t *testing.T) {
	s := startServe(t, map[string]string{"CAREERBOT_LOG_LEVEL": "debug"})
	const marker = "qwv-debug-marker-0815"
	if status, body := askCall(t, s.base, s.token, askBody(t, map[string]string{"question": "Brauche ich ein Studium? " + marker})); status != http.StatusOK {
		t.Fatalf("POST /v1/ask: %d %s", status, body)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if log := s.stderr.String(); strings.Contains(log, marker) {
		t.Errorf("the debug log contains the question text:\n%s", log)
	}
}

func hasAdapter(name string) bool {
	for _, f := range adapterFactories {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestServeConfigErrors checks that configuration problems stop serve
// before it listens, all of them reported at once, each saying what to set.
func TestServeConfigErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	tests := []struct {
		name     string
		needs    []string // adapters that must be registered
		vars     map[string]string
		addr     string
		wantCode int
		want     []string
		notWant  []string
		badDB    bool // the database cannot be opened
	}{
		{name: "secret too short",
			vars:     map[string]string{"CAREERBOT_SECRET": "short"},
			wantCode: 1, want: []string{"configuration problems", "CAREERBOT_SECRET is too short", "openssl rand"}},
		{name: "bad log level",
			vars:     map[string]string{"CAREERBOT_LOG_LEVEL": "loud"},
			wantCode: 2, want: []string{"CAREERBOT_LOG_LEVEL", "debug, info, warn or error"}},
		{name: "bad threshold",
			vars:     map[string]string{"CAREERBOT_CLARIFY_THRESHOLD": "2"},
			wantCode: 1, want: []string{"CAREERBOT_CLARIFY_THRESHOLD", "(0,1]"}},
		{name: "address in use", addr: busy.Addr().String(),
			wantCode: 1, want: []string{"listen on " + busy.Addr().String(), "--addr", "CAREERBOT_ADDR"}},
		{name: "address from CAREERBOT_ADDR in use", addr: "-",
			vars:     map[string]string{"CAREERBOT_ADDR": busy.Addr().String()},
			wantCode: 1, want: []string{"listen on " + busy.Addr().String()}},
		{name: "slack: every problem at once", needs: []string{"slack"},
			vars:     map[string]string{"SLACK_BOT_TOKEN": "bad", "SLACK_APP_TOKEN": "xoxb-not-an-app-token", "CAREERBOT_SECRET": "short"},
			wantCode: 1,
			want:     []string{"SLACK_BOT_TOKEN must be a bot token starting with xoxb-", "SLACK_APP_TOKEN must be an app-level token starting with xapp-", "CAREERBOT_SECRET is too short"},
			notWant:  []string{"CAREERBOT_SECRET is not set"}},
		{name: "slack: no secret and no signing secret", needs: []string{"slack"},
			vars:     map[string]string{"SLACK_BOT_TOKEN": "bad"},
			wantCode: 1,
			want:     []string{"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET is not set", "CAREERBOT_SECRET is not set"}},
		{name: "hand-off: every problem at once",
			vars: map[string]string{"CAREERBOT_HANDOFF_SLACK_CHANNEL": "#recruiting", "CAREERBOT_HANDOFF_HOURS": "Mo-Fr 9-17",
				"CAREERBOT_HANDOFF_WAIT": "soon", "CAREERBOT_SECRET": "0123456789abcdef0123"},
			wantCode: 1,
			want: []string{"CAREERBOT_HANDOFF_SLACK_CHANNEL=\"#recruiting\" is not a channel id", "set SLACK_BOT_TOKEN",
				"CAREERBOT_HANDOFF_HOURS", "Mon-Fri 09:00-17:00 Europe/Berlin", "CAREERBOT_HANDOFF_WAIT=\"soon\""}},
		{name: "web: bad origin and no secret", needs: []string{"web"},
			vars:     map[string]string{"CAREERBOT_WEB_ORIGINS": "careers.example.com/jobs"},
			wantCode: 1,
			want:     []string{"CAREERBOT_WEB_ORIGINS", "https://careers.example.com", "CAREERBOT_SECRET is not set"}},
		{name: "slack and telegram together", needs: []string{"slack", "telegram"},
			vars:     map[string]string{"SLACK_BOT_TOKEN": "bad", "SLACK_SIGNING_SECRET": "x", "TELEGRAM_BOT_TOKEN": "12 34", "TELEGRAM_ADMINS": "alice", "CAREERBOT_SECRET": "0123456789abcdef0123"},
			wantCode: 1,
			want:     []string{"SLACK_BOT_TOKEN must be", "TELEGRAM_BOT_TOKEN contains whitespace", "TELEGRAM_ADMINS"}},
		{name: "every problem also when the database cannot be opened", needs: []string{"slack", "telegram"}, badDB: true,
			vars: map[string]string{"SLACK_BOT_TOKEN": "bad", "SLACK_SIGNING_SECRET": "x", "TELEGRAM_BOT_TOKEN": "123:abc",
				"TELEGRAM_ADMINS": "alice", "CAREERBOT_SEND_RATE": "fast", "CAREERBOT_SECRET": "0123456789abcdef0123"},
			wantCode: 1,
			want:     []string{"SLACK_BOT_TOKEN must be", "TELEGRAM_ADMINS", "CAREERBOT_SEND_RATE", "open knowledge base"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range tt.needs {
				if !hasAdapter(name) {
					t.Skipf("the %s adapter is not registered in this build", name)
				}
			}
			db := tempDB(t)
			if tt.badDB {
				file := filepath.Join(t.TempDir(), "file")
				if err := os.WriteFile(file, nil, 0o600); err != nil {
					t.Fatal(err)
				}
				db = filepath.Join(file, "careerbot.db") // under a file: no directory can be made
			}
			args := []string{"serve", "--db", db}
			switch tt.addr {
			case "":
				args = append(args, "--addr", freeAddr(t))
			case "-": // from the environment
			default:
				args = append(args, "--addr", tt.addr)
			}
			// If validation wrongly passed, serve would run until the
			// deadline and then exit 0, failing the code check below.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var stdout, stderr syncBuffer
			code := run(ctx, args, mapEnv(tt.vars), strings.NewReader(""), &stdout, &stderr)
			log := stderr.String()
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.wantCode, log)
			}
			for _, w := range tt.want {
				if !strings.Contains(log, w) {
					t.Errorf("stderr lacks %q:\n%s", w, log)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(log, w) {
					t.Errorf("stderr contains %q:\n%s", w, log)
				}
			}
			if strings.Contains(log, `"msg":"serving"`) {
				t.Errorf("serve started listening despite the problems:\n%s", log)
			}
			checkNoStackTrace(t, log)
		})
	}
}
