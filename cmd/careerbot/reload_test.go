package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// apiAsk asks the running server one question as user.
func apiAsk(t *testing.T, s *server, question, user string) askAnswer {
	t.Helper()
	status, body := askCall(t, s.base, s.token, askBody(t, map[string]string{"question": question, "user": user}))
	if status != http.StatusOK {
		t.Fatalf("POST /v1/ask: %d %s", status, body)
	}
	return decodeAnswer(t, body)
}

// writeDocument writes doc as YAML to a file in a temp directory.
func writeDocument(t *testing.T, doc *knowledge.Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := knowledge.Encode(&b, doc, "yaml"); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "kb.yaml")
	if err := os.WriteFile(name, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestServeHotReload edits an answer with `kb import` in a second run
// against the same database while serve runs: the next answers change
// without a restart.
func TestServeHotReload(t *testing.T) {
	db := tempDB(t)
	// The test asks until the edit shows: no limit may stop it first.
	s := startServeAt(t, map[string]string{"CAREERBOT_RATE_LIMIT": "off", "CAREERBOT_API_RATE_LIMIT": "off",
		"CAREERBOT_API_ADDR_RATE_LIMIT": "off"}, db)
	const question = "Kann ich als Quereinsteiger Backend-Entwickler werden?"
	before := apiAsk(t, s, question, "")
	if !before.Answered {
		t.Fatalf("%q is not answered: %+v", question, before)
	}

	// The editor exports, edits one answer and imports the file.
	exported := mustRun(t, nil, "", "kb", "export", "--db", db).stdout
	doc, err := knowledge.Decode(strings.NewReader(exported))
	if err != nil {
		t.Fatal(err)
	}
	const marker = "Frisch bearbeitet: hot-reload-7f3a."
	var edited []knowledge.Entry
	for _, e := range doc.Entries {
		if e.ID == before.EntryID {
			de := e.Texts["de"]
			de.Answer = marker + " " + de.Answer
			e.Texts["de"] = de
			edited = append(edited, e)
		}
	}
	if len(edited) != 1 {
		t.Fatalf("entry %q not in the export", before.EntryID)
	}
	file := writeDocument(t, &knowledge.Document{Version: knowledge.FormatVersion, Entries: edited})
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"kb", "import", file, "--db", db}, mapEnv(nil), strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("kb import: exit %d: %s", code, stderr.String())
	}

	// The server looks every reloadEvery; the deadline guards a hang.
	var after askAnswer
	for deadline := time.Now().Add(5 * reloadEvery); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if after = apiAsk(t, s, question, ""); strings.HasPrefix(after.Answer, marker) {
			break
		}
	}
	if !strings.HasPrefix(after.Answer, marker) || after.EntryID != before.EntryID {
		t.Errorf("after kb import the answer is still %.80q (entry %s)", after.Answer, after.EntryID)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d:\n%s", code, s.stderr)
	}
	var reloaded bool
	for _, rec := range logRecords(s.stderr.String()) {
		reloaded = reloaded || rec["msg"] == "knowledge base reloaded"
	}
	if !reloaded {
		t.Errorf("no reload was logged:\n%s", s.stderr)
	}
}

// staleDoc is a knowledge base whose entries were reviewed at various
// times relative to today.
func staleDoc(today time.Time) *knowledge.Document {
	text := map[string]knowledge.Text{"de": {Questions: []string{"Frage?"}, Answer: "Antwort."}}
	entry := func(id, reviewed, owner string) knowledge.Entry {
		return knowledge.Entry{ID: id, Topic: "t", Related: []string{}, Texts: text, Reviewed: reviewed, Owner: owner}
	}
	day := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
	return &knowledge.Document{Version: knowledge.FormatVersion, Entries: []knowledge.Entry{
		entry("fresh", day(10), "Ana"),
		entry("half-year-ago", day(200), "Ben"),
		entry("never-reviewed", "", ""),
		entry("long-ago", "2000-01-01", "Cem"),
		entry("a-month-ago", day(40), ""),
	}}
}

func TestKBStale(t *testing.T) {
	db := tempDB(t)
	today := time.Now().UTC()
	mustRun(t, nil, "", "kb", "import", "--replace", "--db", db, writeDocument(t, staleDoc(today)))
	tests := []struct {
		name      string
		args      []string
		wantIDs   []string // in this order
		wantCount string
	}{
		{"default 180d", nil, []string{"never-reviewed", "long-ago", "half-year-ago"}, "3 entries due for review (not reviewed within 180d)"},
		{"older than 180d", []string{"--older-than", "180d"}, []string{"never-reviewed", "long-ago", "half-year-ago"}, "3 entries due"},
		{"older than 4 weeks", []string{"--older-than", "4w"}, []string{"never-reviewed", "long-ago", "half-year-ago", "a-month-ago"}, "4 entries due"},
		{"older than 100 years", []string{"--older-than", "36500d"}, []string{"never-reviewed"}, "1 entries due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, nil, "", append([]string{"kb", "stale", "--db", db}, tt.args...)...)
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			var ids []string
			for _, l := range lines {
				if f := strings.Fields(l); len(f) > 0 {
					ids = append(ids, f[0])
				}
			}
			if strings.Join(ids, " ") != strings.Join(tt.wantIDs, " ") {
				t.Errorf("listed %v, want %v\n%s", ids, tt.wantIDs, r.stdout)
			}
			if !strings.Contains(r.stderr, tt.wantCount) {
				t.Errorf("stderr %q, want %q", r.stderr, tt.wantCount)
			}
		})
	}
	r := mustRun(t, nil, "", "kb", "stale", "--db", db)
	for _, want := range []string{"reviewed never", "owner -", "reviewed 2000-01-01", "owner Cem", "owner Ben"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, bad := range []string{"1y", "0d", "-5d", "soon"} {
		if r := runCLI(t, nil, "", "kb", "stale", "--db", db, "--older-than", bad); r.code != 2 || !strings.Contains(r.stderr, "--older-than") {
			t.Errorf("--older-than %s: exit %d, stderr %q; want 2 naming the flag", bad, r.code, r.stderr)
		}
	}
}

// abFile is a knowledge base with one entry under A/B test.
const abFile = `version: 1
entries:
  - id: ab-entry
    topic: t
    related: []
    texts:
      de:
        questions: ["Gibt es ein Mentoring-Programm?"]
        answer: Ja, ein Mentoring gibt es.
        variant: Ja! Jede neue Kollegin bekommt eine Mentorin.
      en:
        questions: ["Is there a mentoring programme?"]
        answer: Yes, there is one.
  - id: plain-entry
    topic: t
    related: []
    texts:
      de:
        questions: ["Wann ist der Tag der offenen Tür?"]
        answer: Das sagt dir das Recruiting-Team.
        answer_sie: Das sagt Ihnen das Recruiting-Team.
`

func TestKBPromote(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ab.yaml")
	if err := os.WriteFile(file, []byte(abFile), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    string // stdout (code 0) or stderr
		wantAnswer string // ab-entry's de answer afterwards
	}{
		{"B wins", []string{"ab-entry", "B"}, 0, "ab-entry: variant B is now the only answer", "Ja! Jede neue Kollegin bekommt eine Mentorin."},
		{"b wins", []string{"ab-entry", "b"}, 0, "variant B is now the only answer", "Ja! Jede neue Kollegin bekommt eine Mentorin."},
		{"A wins", []string{"ab-entry", "A"}, 0, "variant A is now the only answer", "Ja, ein Mentoring gibt es."},
		{"no variant", []string{"plain-entry", "B"}, 1, `"plain-entry" has no variant under test`, "Ja, ein Mentoring gibt es."},
		{"unknown entry", []string{"nope", "B"}, 1, `"nope" has no variant under test`, "Ja, ein Mentoring gibt es."},
		{"no arguments", nil, 2, "needs an entry id and the winning variant", "Ja, ein Mentoring gibt es."},
		{"no variant given", []string{"ab-entry"}, 2, "needs an entry id", "Ja, ein Mentoring gibt es."},
		{"variant C", []string{"ab-entry", "C"}, 2, "A or B", "Ja, ein Mentoring gibt es."},
		{"too many", []string{"ab-entry", "B", "A"}, 2, "needs an entry id", "Ja, ein Mentoring gibt es."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			mustRun(t, nil, "", "kb", "import", "--replace", "--db", db, file)
			r := runCLI(t, nil, "", append([]string{"kb", "promote", "--db", db}, tt.args...)...)
			out := r.stdout
			if tt.wantCode != 0 {
				out = r.stderr
			}
			if r.code != tt.wantCode || !strings.Contains(out, tt.wantOut) {
				t.Errorf("exit %d, output %q; want %d and %q (stderr %q)", r.code, out, tt.wantCode, tt.wantOut, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
			doc, err := knowledge.Decode(strings.NewReader(mustRun(t, nil, "", "kb", "export", "--db", db).stdout))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range doc.Entries {
				if e.ID != "ab-entry" {
					continue
				}
				de := e.Texts["de"]
				wantVariant := ""
				if tt.wantCode != 0 {
					wantVariant = "Ja! Jede neue Kollegin bekommt eine Mentorin."
				}
				if de.Answer != tt.wantAnswer || de.Variant != wantVariant {
					t.Errorf("de answer %q variant %q; want %q and %q", de.Answer, de.Variant, tt.wantAnswer, wantVariant)
				}
			}
		})
	}
}
