package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mustRun runs the program and fails the test unless it exits 0.
func mustRun(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	r := runCLI(t, vars, stdin, args...)
	if r.code != 0 {
		t.Fatalf("careerbot %s: exit code %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKBRoundTrip exports, imports with --replace and exports again: the
// two exports are the same bytes, in both formats.
func TestKBRoundTrip(t *testing.T) {
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			db, dir := tempDB(t), t.TempDir()
			first, second := filepath.Join(dir, "first."+format), filepath.Join(dir, "second."+format)

			r := mustRun(t, nil, "", "kb", "export", "--db", db, "--format", format, first)
			if !strings.Contains(r.stderr, "exported") || !strings.Contains(r.stderr, first) {
				t.Errorf("export does not confirm what it wrote: %q", r.stderr)
			}
			mustRun(t, nil, "", "kb", "import", "--replace", "--db", db, first)
			mustRun(t, nil, "", "kb", "export", "--db", db, "--format", format, second)
			a, b := readFile(t, first), readFile(t, second)
			if len(a) < 1000 {
				t.Fatalf("export is only %d bytes", len(a))
			}
			if !bytes.Equal(a, b) {
				t.Errorf("export → import --replace → export changed the file (%d vs %d bytes)", len(a), len(b))
			}
			// Standard output gets the same bytes as the file.
			if out := mustRun(t, nil, "", "kb", "export", "--db", db, "--format", format).stdout; out != string(a) {
				t.Errorf("export to stdout differs from export to a file")
			}
		})
	}
}

// TestKBRoundTripAcrossFormats loads a YAML export into a fresh database
// and checks that its JSON export equals the original's.
func TestKBRoundTripAcrossFormats(t *testing.T) {
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "kb.yaml")
	src, dst := tempDB(t), tempDB(t)
	want := mustRun(t, nil, "", "kb", "export", "--db", src).stdout
	mustRun(t, nil, "", "kb", "export", "--format", "yaml", "--db", src, yamlFile)
	mustRun(t, nil, "", "kb", "import", "--replace", "--db", dst, yamlFile)
	if got := mustRun(t, nil, "", "kb", "export", "--db", dst).stdout; got != want {
		t.Errorf("JSON export after a YAML round trip differs from the original")
	}
}

// TestKBImportProblems imports a file with several problems: every one is
// reported with its entry and field, and the database is unchanged.
func TestKBImportProblems(t *testing.T) {
	wantProblems := []string{
		`entry "alpha", related: unknown entry "does-not-exist"`,
		`entry "beta", texts.de.answer: empty answer`,
		`entry "alpha", id: duplicate id`,
		`entry "gamma", texts.en.questions: no questions`,
	}
	tests := []struct {
		name string
		args []string
	}{
		{"merge", []string{"kb", "import", "testdata/kb_problems.json"}},
		{"replace", []string{"kb", "import", "--replace", "testdata/kb_problems.json"}},
		{"replace, flag last", []string{"kb", "import", "testdata/kb_problems.json", "--replace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			before := mustRun(t, nil, "", "kb", "export", "--db", db).stdout
			r := runCLI(t, nil, "", append(tt.args, "--db", db)...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\nstderr: %s", r.code, r.stderr)
			}
			for _, p := range append(wantProblems, "4 problem(s)", "kb_problems.json", "nothing was changed") {
				if !strings.Contains(r.stderr, p) {
					t.Errorf("stderr lacks %q:\n%s", p, r.stderr)
				}
			}
			checkNoStackTrace(t, r.stderr)
			if after := mustRun(t, nil, "", "kb", "export", "--db", db).stdout; after != before {
				t.Errorf("a failed import changed the database")
			}
		})
	}
}

func TestKBImportMerge(t *testing.T) {
	db := tempDB(t)
	before := strings.Count(mustRun(t, nil, "", "kb", "list", "--db", db).stdout, "\n")
	r := mustRun(t, nil, "", "kb", "import", "--db", db, "testdata/kb_small.yaml")
	if !strings.Contains(r.stderr, "imported 2 entries") {
		t.Errorf("import does not confirm: %q", r.stderr)
	}
	list := mustRun(t, nil, "", "kb", "list", "--db", db).stdout
	if got := strings.Count(list, "\n"); got != before+2 {
		t.Errorf("kb list has %d lines after merging 2 entries into %d", got, before)
	}
	for _, id := range []string{"testing-mentoring", "testing-open-days", "entry-career-changer"} {
		if !strings.Contains(list, id) {
			t.Errorf("kb list lacks %s", id)
		}
	}
	// The bot answers from the new entries at once.
	ans := decodeAnswer(t, []byte(mustRun(t, nil, "", "ask", "--json", "--db", db, "Gibt es ein Mentoring-Programm für Einsteiger?").stdout))
	if ans.EntryID != "testing-mentoring" || ans.Lang != "de" {
		t.Errorf("got entry %q in %s, want testing-mentoring in de", ans.EntryID, ans.Lang)
	}
}

// TestKBImportWarns imports a file with things to fix that are no errors:
// the import goes through and says what to fix.
func TestKBImportWarns(t *testing.T) {
	db := tempDB(t)
	r := mustRun(t, nil, "", "kb", "import", "--db", db, "testdata/kb_warnings.yaml")
	for _, w := range []string{
		`warning: entry "testing-newcomers", texts.de.questions[0]`,
		`warning: entry "testing-newcomers", texts.de.answer`,
		"imported 1 entries from testdata/kb_warnings.yaml (2 warnings)",
	} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	if !strings.Contains(mustRun(t, nil, "", "kb", "list", "--db", db).stdout, "testing-newcomers") {
		t.Error("the entry was not imported")
	}
}

func TestKBImportFromStdin(t *testing.T) {
	db := tempDB(t)
	mustRun(t, nil, string(readFile(t, "testdata/kb_small.yaml")), "kb", "import", "--replace", "--db", db, "-")
	list := mustRun(t, nil, "", "kb", "list", "--db", db).stdout
	if n := strings.Count(list, "\n"); n != 2 || !strings.Contains(list, "testing-open-days") {
		t.Errorf("after import --replace of 2 entries, kb list says:\n%s", list)
	}
}

func TestKBMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-kb.json")
	tests := []struct {
		name string
		args []string
	}{
		{"import", []string{"kb", "import", "--db", tempDB(t), missing}},
		{"validate", []string{"kb", "validate", missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1", r.code)
			}
			if !strings.Contains(r.stderr, missing) || !strings.Contains(r.stderr, "no such file") {
				t.Errorf("stderr does not name the missing file: %q", r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestKBShow(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{"known id", []string{"entry-career-changer"}, 0,
			[]string{"version: 1", "id: entry-career-changer", "topic: entry", "de:", "en:", "Quereinsteiger", "career changer"}, ""},
		{"unknown id", []string{"no-such-entry"}, 1, nil, `no entry "no-such-entry"`},
		{"no id", nil, 2, nil, "exactly one entry id"},
		{"two ids", []string{"entry-degree", "entry-career-changer"}, 2, nil, "exactly one entry id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", append([]string{"kb", "show", "--db", db}, tt.args...)...)
			if r.code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tt.wantCode, r.stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr lacks %q: %s", tt.wantErr, r.stderr)
			}
		})
	}
}

func TestKBList(t *testing.T) {
	db := tempDB(t)
	out := mustRun(t, nil, "", "kb", "list", "--db", db).stdout
	export := mustRun(t, nil, "", "kb", "export", "--db", db).stdout
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if n := strings.Count(export, `"id": "`) - strings.Count(export, `"lead": "`); len(lines) < 20 || n < len(lines) {
		t.Errorf("kb list has %d lines; the export has %d ids", len(lines), n)
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.Contains(export, `"id": "`+f[0]+`"`) {
			t.Errorf("line %q does not start with an exported entry id, its topic and a question", line)
		}
	}
	if !strings.Contains(out, "entry-career-changer") || !strings.Contains(out, "quer in die Backend-Entwicklung") {
		t.Errorf("kb list lacks the career-changer entry:\n%s", out)
	}
}

func TestKBValidate(t *testing.T) {
	exported := filepath.Join(t.TempDir(), "kb.json")
	mustRun(t, nil, "", "kb", "export", "--db", tempDB(t), exported)
	tests := []struct {
		name     string
		file     string
		wantCode int
		wantOut  string
		wantErr  []string
	}{
		{"export", exported, 0, "valid", nil},
		{"small yaml", "testdata/kb_small.yaml", 0, "testdata/kb_small.yaml: 2 entries, valid", nil},
		{"several problems", "testdata/kb_problems.json", 1, "", []string{
			"kb_problems.json", `entry "beta", texts.de.answer`, `entry "alpha", id`, `entry "gamma", texts.en.questions`, `entry "alpha", related`,
		}},
		{"bad version", "testdata/kb_bad_version.yaml", 1, "", []string{"version: is 2", "reads version 1"}},
		{"register and placeholders", "testdata/kb_wording.json", 1, "", []string{
			`entry "delta", texts.de.answer: {kontakt} is not a placeholder`, "did you mean {contact}?",
			`entry "delta", texts.de.answer_sie: missing`, `says "dir"`,
			`entry "delta", texts.en.answer_sie: only German`,
			`entry "epsilon", texts.de.answer_sie: is the formal text but still says "dich"`,
			`entry "epsilon", texts.de.variant_sie`, "no variant",
		}},
		{"warnings", "testdata/kb_warnings.yaml", 0, "testdata/kb_warnings.yaml: 1 entries, valid (2 warnings)", []string{
			`kb_warnings.yaml: warning: entry "testing-newcomers", texts.de.questions[0]: "Quereinsteiger" names only men`,
			`kb_warnings.yaml: warning: entry "testing-newcomers", texts.de.answer: without a configured contact address`,
		}},
		{"unknown field", "testdata/kb_unknown_field.json", 1, "", []string{"kb_unknown_field.json", `unknown field "entrys"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", "kb", "validate", tt.file)
			if r.code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tt.wantCode, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.wantOut) {
				t.Errorf("stdout lacks %q: %s", tt.wantOut, r.stdout)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestKBUsageErrors(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"kb"}, "kb needs a subcommand"},
		{"unknown subcommand", []string{"kb", "frobnicate"}, `unknown kb subcommand "frobnicate"`},
		{"export format", []string{"kb", "export", "--db", db, "--format", "xml"}, `--format "xml"`},
		{"export two files", []string{"kb", "export", "--db", db, "a.json", "b.json"}, "one file"},
		{"import without a file", []string{"kb", "import", "--db", db}, "exactly one file"},
		{"validate without a file", []string{"kb", "validate"}, "exactly one file"},
		{"unknown flag", []string{"kb", "list", "--db", db, "--bogus"}, "-bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			if r.code != 2 {
				t.Errorf("exit code %d, want 2\nstderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "careerbot help") {
				t.Errorf("stderr lacks %q and the usage hint:\n%s", tt.want, r.stderr)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}
