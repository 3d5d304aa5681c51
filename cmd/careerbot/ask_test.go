package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// askAnswer is the documented JSON answer of `ask --json` and POST /v1/ask.
type askAnswer struct {
	Question    string  `json:"question"`
	Answered    bool    `json:"answered"`
	EntryID     string  `json:"entry_id"`
	Confidence  float64 `json:"confidence"`
	Lang        string  `json:"lang"`
	Answer      string  `json:"answer"`
	Suggestions []struct {
		EntryID  string `json:"entry_id"`
		Question string `json:"question"`
	} `json:"suggestions"`
}

// decodeAnswer checks that line is one JSON object with exactly the
// documented fields (kind may be extra) and sane values, and returns it.
func decodeAnswer(t *testing.T, line []byte) askAnswer {
	t.Helper()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, line)
	}
	want := []string{"answer", "answered", "confidence", "entry_id", "lang", "question", "suggestions"}
	var got []string
	for k := range fields {
		if k != "kind" {
			got = append(got, k)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v (plus optional kind)", got, want)
	}
	if s := string(fields["suggestions"]); !strings.HasPrefix(s, "[") {
		t.Errorf("suggestions is %s, want an array", s)
	}
	var a askAnswer
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("decode answer: %v\n%s", err, line)
	}
	if a.Confidence < 0 || a.Confidence > 1 {
		t.Errorf("confidence %v is outside [0,1]", a.Confidence)
	}
	if a.Lang != "de" && a.Lang != "en" {
		t.Errorf("lang %q, want de or en", a.Lang)
	}
	if a.Answered != (a.EntryID != "") {
		t.Errorf("answered %v but entry_id %q", a.Answered, a.EntryID)
	}
	if strings.TrimSpace(a.Answer) == "" {
		t.Errorf("empty answer text")
	}
	for _, s := range a.Suggestions {
		if s.EntryID == "" || s.Question == "" {
			t.Errorf("incomplete suggestion %+v", s)
		}
	}
	return a
}

func TestAskHuman(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{"German", []string{"ask", "--db", db, "Kann", "ich", "als", "Quereinsteiger", "Backend-Entwickler", "werden?"},
			[]string{"Quereinsteiger", "[1] "}, []string{"**", "{"}},
		{"English", []string{"ask", "--db", db, "Can I work as a freelancer?"},
			[]string{"freelanc", "[1] "}, []string{"Freiberuf"}},
		{"flags after the question", []string{"ask", "Was macht ein Backend-Entwickler?", "--db", db, "--lang", "en"},
			[]string{"server", "database"}, []string{"Datenbank"}},
		{"--lang en forces English", []string{"ask", "--lang", "en", "--db", db, "Welche Programmiersprachen brauche ich?"},
			[]string{"PHP", "Python"}, []string{"Programmiersprachen"}},
		{"-- ends the flags", []string{"ask", "--db", db, "--", "--json"},
			nil, []string{`"answered"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			if r.code != 0 {
				t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("output contains %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestAskJSON(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name         string
		vars         map[string]string
		args         []string
		wantQuestion string
		wantLang     string
		wantAnswered bool
		wantEntry    string
	}{
		{"German question", nil, []string{"ask", "--json", "--db", db, "Kann ich als Quereinsteiger Backend-Entwickler werden?"},
			"Kann ich als Quereinsteiger Backend-Entwickler werden?", "de", true, "entry-career-changer"},
		{"flag after the question", nil, []string{"ask", "What", "about", "salary?", "--json", "--db", db},
			"What about salary?", "en", true, "jobsearch-salary"},
		{"--lang en", nil, []string{"ask", "--json", "--lang", "en", "--db", db, "Kann ich als Quereinsteiger Backend-Entwickler werden?"},
			"Kann ich als Quereinsteiger Backend-Entwickler werden?", "en", true, "entry-career-changer"},
		{"--lang de", nil, []string{"ask", "--json", "--lang", "de", "--db", db, "Can career changers become backend developers?"},
			"Can career changers become backend developers?", "de", true, "entry-career-changer"},
		{"database from CAREERBOT_DB", map[string]string{"CAREERBOT_DB": db}, []string{"ask", "--json", "Brauche ich ein Studium?"},
			"Brauche ich ein Studium?", "de", true, "entry-degree"},
		{"unrelated question", nil, []string{"ask", "--json", "--db", db, "What is the weather in Berlin tomorrow?"},
			"What is the weather in Berlin tomorrow?", "en", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.vars, "", tt.args...)
			if r.code != 0 {
				t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("got %d lines, want one JSON object:\n%s", len(lines), r.stdout)
			}
			a := decodeAnswer(t, []byte(lines[0]))
			if a.Question != tt.wantQuestion || a.Lang != tt.wantLang || a.Answered != tt.wantAnswered || a.EntryID != tt.wantEntry {
				t.Errorf("got question %q lang %s answered %v entry %q; want %q %s %v %q",
					a.Question, a.Lang, a.Answered, a.EntryID, tt.wantQuestion, tt.wantLang, tt.wantAnswered, tt.wantEntry)
			}
			if tt.wantAnswered && len(a.Suggestions) == 0 {
				t.Errorf("an answer without follow-up suggestions")
			}
		})
	}
}

// TestAskStdin feeds one question per line, hostile ones included, and
// expects one JSON answer per line, in order, and never an error.
func TestAskStdin(t *testing.T) {
	huge := strings.Repeat("Backend ", 1<<20/8) // 1 MiB on one line
	// anything accepts any reply, answered or not.
	const anything = "*"
	inputs := []struct {
		line      string
		wantEntry string // "" for not answered
	}{
		{"Was macht ein Backend-Entwickler?", "tasks-overview"},
		{"", ""},
		{huge, anything},
		{"Brauche ich ein Studium?", "entry-degree"},
		{"\xff\xfe\xfd invalid \xc3\x28 UTF-8", ""},
		{"\x00\x01\x02\x1b[31m\x07\x7f", ""},
		{`" * NEAR( AND - ^ '; DROP TABLE entries; --`, ""},
		{"   \t  ", ""},
		{"What about salary?", "jobsearch-salary"},
	}
	var in strings.Builder
	for _, c := range inputs {
		in.WriteString(c.line + "\n")
	}
	db := tempDB(t)
	r := runCLI(t, nil, in.String(), "ask", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(inputs) {
		t.Fatalf("%d questions in, %d lines out", len(inputs), len(lines))
	}
	for i, c := range inputs {
		a := decodeAnswer(t, []byte(lines[i]))
		if c.wantEntry != anything && a.EntryID != c.wantEntry {
			t.Errorf("line %d (%.40q): entry %q, want %q", i+1, c.line, a.EntryID, c.wantEntry)
		}
		if len(a.Question) > 4096 {
			t.Errorf("line %d: the question echoed back is %d bytes; want it capped", i+1, len(a.Question))
		}
	}

	// Without a trailing newline, the last line is still answered; the
	// human format writes one line per answer.
	r = runCLI(t, nil, "Hallo\r\nBrauche ich ein Studium?", "ask", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	if lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "Informatik") {
		t.Errorf("want two lines, the second about the degree:\n%s", r.stdout)
	}
}

func TestAskStdinLangForced(t *testing.T) {
	r := runCLI(t, nil, "Was macht ein Backend-Entwickler?\nBrauche ich ein Studium?\n", "ask", "--json", "--lang", "en", "--db", tempDB(t))
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	for i, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if a := decodeAnswer(t, []byte(line)); a.Lang != "en" || !a.Answered {
			t.Errorf("line %d: lang %s answered %v, want an English answer", i+1, a.Lang, a.Answered)
		}
	}
}

func TestAskUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"--lang fr", []string{"ask", "--lang", "fr", "Bonjour"}, []string{"fr", "de", "en"}},
		{"--lang fr after the question", []string{"ask", "Bonjour", "--lang=fr"}, []string{"fr", "de", "en"}},
		{"unknown flag", []string{"ask", "--bogus", "Hallo"}, []string{"-bogus"}},
		{"flag without its value", []string{"ask", "Hallo", "--lang"}, []string{"-lang"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			r := runCLI(t, nil, "", append(tt.args, "--db", db)...)
			if r.code != 2 {
				t.Errorf("exit code %d, want 2\nstderr: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

// TestAskContact checks the recruiters' contact in the "I don't know"
// reply: the configured name and address, else a default in the reply's
// language.
func TestAskContact(t *testing.T) {
	named := map[string]string{"CAREERBOT_RECRUITER_NAME": "Team Kim", "CAREERBOT_RECRUITER_CONTACT": "jobs@example.com"}
	tests := []struct {
		name    string
		vars    map[string]string
		lang    string
		want    string
		notWant string
	}{
		{"default, German", nil, "de", "unser Recruiting-Team", "our recruiting team"},
		{"default, English", nil, "en", "our recruiting team", "unser"},
		{"configured, German", named, "de", "Team Kim (jobs@example.com)", "Recruiting-Team"},
		{"configured, English", named, "en", "Team Kim (jobs@example.com)", "recruiting team"},
	}
	db := tempDB(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.vars, "", "ask", "--json", "--lang", tt.lang, "--db", db, "Wie backe ich Sauerteigbrot?")
			if r.code != 0 {
				t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
			}
			a := decodeAnswer(t, []byte(strings.TrimSpace(r.stdout)))
			if a.Answered || !strings.Contains(a.Answer, tt.want) || strings.Contains(a.Answer, tt.notWant) {
				t.Errorf("answered %v, answer %q; want the fallback naming %q and not %q", a.Answered, a.Answer, tt.want, tt.notWant)
			}
		})
	}
}

// TestAskConversation checks that --conversation keeps one conversation
// across all questions on stdin, and that without it each line stands
// alone.
func TestAskConversation(t *testing.T) {
	db := tempDB(t)
	in := "Welche Programmiersprachen brauche ich?\nmehr\n"
	r := runCLI(t, nil, in, "ask", "--json", "--conversation", "c1", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines out, want 2:\n%s", len(lines), r.stdout)
	}
	first, more := decodeAnswer(t, []byte(lines[0])), decodeAnswer(t, []byte(lines[1]))
	if !first.Answered || !more.Answered || more.EntryID == first.EntryID {
		t.Errorf("in a conversation, \"mehr\" = %.40q %q after %q; want another entry", more.Answer, more.EntryID, first.EntryID)
	}
	r = runCLI(t, nil, in, "ask", "--json", "--db", db)
	lines = strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if a := decodeAnswer(t, []byte(lines[len(lines)-1])); a.Answered {
		t.Errorf("without a conversation, \"mehr\" was answered from %s", a.EntryID)
	}
}
