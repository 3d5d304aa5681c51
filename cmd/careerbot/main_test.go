package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// result is what one call of run left behind.
type result struct {
	code           int
	stdout, stderr string
}

// mapEnv is a getenv over a fixed map, so no test ever reads the real
// environment or touches the XDG default database.
func mapEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// tempDB returns a database path in a fresh temp directory.
func tempDB(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "careerbot.db")
}

// runCLI runs the program with args, the given environment and stdin.
func runCLI(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	return runCLIReader(t, vars, strings.NewReader(stdin), args...)
}

func runCLIReader(t *testing.T, vars map[string]string, stdin io.Reader, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, mapEnv(vars), stdin, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// checkNoStackTrace fails when stderr looks like a panic.
func checkNoStackTrace(t *testing.T, stderr string) {
	t.Helper()
	for _, s := range []string{"goroutine ", "panic:", "runtime error"} {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr contains %q:\n%s", s, stderr)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine writing while
// the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRunCommands(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"no arguments", nil, 2, "", "Usage:"},
		{"help", []string{"help"}, 0, "Usage:", ""},
		{"-h", []string{"-h"}, 0, "Usage:", ""},
		{"--help", []string{"--help"}, 0, "Usage:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"command help", []string{"ask", "-h"}, 0, "", "-json"},
		{"chat with an argument", []string{"chat", "--db", "unused.db", "hello"}, 2, "", "chat takes no arguments"},
		{"serve with an argument", []string{"serve", "--db", "unused.db", "extra"}, 2, "", "serve takes no arguments"},
		{"eval without a file", []string{"eval", "--db", "unused.db"}, 2, "", "exactly one question file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tt.wantCode, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.wantStdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantStdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

// TestDatabaseCannotBeCreated points the database below a regular file,
// where no directory can be made (even as root), by flag and by variable.
func TestDatabaseCannotBeCreated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(file, "sub", "careerbot.db")
	tests := []struct {
		name string
		vars map[string]string
		args []string
	}{
		{"ask --db", nil, []string{"ask", "--db", bad, "Hallo"}},
		{"ask CAREERBOT_DB", map[string]string{"CAREERBOT_DB": bad}, []string{"ask", "Hallo"}},
		{"chat", nil, []string{"chat", "--db", bad}},
		{"kb list", nil, []string{"kb", "list", "--db", bad}},
		{"eval", nil, []string{"eval", "--db", bad, "testdata/eval_small.jsonl"}},
		{"serve", map[string]string{"CAREERBOT_DB": bad}, []string{"serve", "--addr", "127.0.0.1:0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.vars, "", tt.args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\nstderr: %s", r.code, r.stderr)
			}
			// The message says what went wrong and what to do about it.
			for _, want := range []string{"open knowledge base", "--db", "CAREERBOT_DB"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, r.stderr)
				}
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestBadThresholdVariable(t *testing.T) {
	for _, v := range []string{"abc", "0", "1.5", "-0.2"} {
		t.Run(v, func(t *testing.T) {
			r := runCLI(t, map[string]string{"CAREERBOT_ANSWER_THRESHOLD": v}, "", "ask", "--db", tempDB(t), "Hallo")
			if r.code != 1 || !strings.Contains(r.stderr, "CAREERBOT_ANSWER_THRESHOLD") {
				t.Errorf("exit code %d, stderr %q; want 1 naming the variable", r.code, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestChat(t *testing.T) {
	db := tempDB(t)
	r := runCLI(t, nil, "Hallo\n1\n/lang en\nCan career changers start?\n/quit\n", "chat", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	out := r.stdout
	// The greeting offers the topics, numbered.
	for _, want := range []string{"Hallo!", "[1] Aufgaben im Beruf", "[5] Jobsuche und Kontakt"} {
		if !strings.Contains(out, want) {
			t.Errorf("greeting lacks %q:\n%s", want, out)
		}
	}
	// Picking 1 opens the first topic's lead entry, in German.
	want := runCLI(t, nil, "", "kb", "show", "--db", db, "tasks-overview").stdout
	if !strings.Contains(want, "Server, Datenbanken") {
		t.Fatalf("kb show tasks-overview: unexpected content:\n%s", want)
	}
	if !strings.Contains(out, "Server, Datenbanken und die daran angebundenen") {
		t.Errorf("picking 1 did not show the tasks entry:\n%s", out)
	}
	_, after, ok := strings.Cut(out, "I'll answer in English now.")
	if !ok {
		t.Fatalf("no confirmation of /lang en:\n%s", out)
	}
	if !strings.Contains(after, "career changer") || strings.Contains(after, "Quereinsteiger") {
		t.Errorf("the reply after /lang en is not the English career-change answer:\n%s", after)
	}
	if !strings.HasSuffix(strings.TrimSpace(out), "Bye, and good luck!") {
		t.Errorf("/quit did not say goodbye in English:\n%s", out)
	}
}

func TestChatEndsCleanly(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"number out of range", "42\n/quit\n", "Diese Nummer steht nicht zur Auswahl."},
		{"zero", "0\n", "Diese Nummer steht nicht zur Auswahl."},
		{"end of input without quit", "Was macht ein Backend-Entwickler?", "Server"},
		{"empty input", "", "[1] Aufgaben im Beruf"},
		{"bad /lang", "/lang fr\n", "Use /lang de or /lang en."},
		{"help", "/lang en\n/help\n", "[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.input, "chat", "--db", tempDB(t))
			if r.code != 0 {
				t.Errorf("exit code %d\nstderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, r.stdout)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestChatLangFlag(t *testing.T) {
	r := runCLI(t, nil, "/quit\n", "chat", "--lang", "en", "--db", tempDB(t))
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "Aufgaben im Beruf") || !strings.Contains(r.stdout, "Bye, and good luck!") {
		t.Errorf("chat --lang en did not greet and leave in English:\n%s", r.stdout)
	}
}

func TestEval(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		wantCode int
		want     []string
	}{
		{"passes", "testdata/eval_small.jsonl", 0, []string{
			"in scope:     3/3 answered correctly (100.0%)",
			"out of scope: 2/2 not answered (100.0%)",
			"total:        5/5 passed",
		}},
		{"below the bar", "testdata/eval_below_bar.jsonl", 1, []string{
			"MISS line 2",
			`answer does not match "zebra-quokka-xylophon"`,
			"confidence",
			"in scope:     1/2 answered correctly (50.0%)",
			"total:        2/3 passed",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", "eval", "--db", tempDB(t), tt.file)
			if r.code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("report lacks %q:\n%s", w, r.stdout)
				}
			}
			if tt.wantCode != 0 && !strings.Contains(r.stderr, "below the bar") {
				t.Errorf("stderr does not explain the failure: %s", r.stderr)
			}
		})
	}
}

func TestEvalVerbose(t *testing.T) {
	r := runCLI(t, nil, "", "eval", "--verbose", "--db", tempDB(t), "testdata/eval_small.jsonl")
	if r.code != 0 || strings.Count(r.stdout, "ok   line") != 5 {
		t.Errorf("exit code %d; want every case listed as ok:\n%s", r.code, r.stdout)
	}
}

func TestEvalBadFile(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"bad lines", "testdata/eval_bad.jsonl", []string{
			"testdata/eval_bad.jsonl", "line 2:", "line 3:", "line 4:", "line 5:", `"lang" must be "de" or "en"`,
		}},
		{"missing file", "testdata/no-such-file.jsonl", []string{"open question file", "no-such-file.jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", "eval", "--db", tempDB(t), tt.file)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\nstderr: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "line 1:") {
				t.Errorf("the good first line is reported:\n%s", r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}
