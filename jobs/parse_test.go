package jobs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) []Posting {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "jobs", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, err := Parse(f)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return ps
}

func TestParseFeed(t *testing.T) {
	ps := readFixture(t, "feed.json")
	if len(ps) != 11 {
		t.Fatalf("got %d postings, want 11", len(ps))
	}
	byID := map[string]Posting{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	tests := []struct {
		id    string
		check func(Posting) bool
		what  string
	}{
		{"HH-JAVA-01", func(p Posting) bool { return p.Employer == "Hanse Logistik GmbH" }, "employer by @id reference"},
		{"HH-JAVA-01", func(p Posting) bool {
			return !strings.Contains(p.Description, "alert") && !strings.Contains(p.Description, "<") &&
				strings.Contains(p.Description, "Tourenplanung & Lagerlogistik") && strings.Contains(p.Description, "\n- Microservices")
		}, "description as plain text with bullets, script dropped"},
		{"HH-JAVA-01", func(p Posting) bool { return p.ValidThrough.Equal(time.Date(2030, 12, 31, 22, 59, 59, 0, time.UTC)) }, "validThrough with zone"},
		{"K-PHP-07", func(p Posting) bool { return p.Place() == "Köln" && p.Locations[0].PostalCode == "50668" }, "address as a string"},
		{"K-PHP-07", func(p Posting) bool { return len(p.EmploymentTypes) == 2 }, "employmentType array"},
		{"REMOTE-GO-3", func(p Posting) bool { return p.Remote && len(p.Locations) == 0 && p.RemoteAreas[0] == "Deutschland" }, "remote"},
		{"REMOTE-GO-3", func(p Posting) bool { return p.ValidThrough.Equal(time.Date(2030, 7, 1, 0, 0, 0, 0, time.UTC)) }, "date-only validThrough lasts the whole day"},
		{"B-PY-FREE-2", func(p Posting) bool { return p.Employer == "" }, "confidential employer"},
		{"F-NET-4", func(p Posting) bool { return p.Place() == "Frankfurt am Main / Eschborn" }, "two locations"},
		{"L-NODE-TZ", func(p Posting) bool { return p.Remote && p.Place() == "Leipzig" }, "hybrid"},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.what, func(t *testing.T) {
			p, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no posting %s", tt.id)
			}
			if !tt.check(p) {
				t.Errorf("%s: %+v", tt.what, p)
			}
		})
	}
}

func TestParseHTMLPage(t *testing.T) {
	ps := readFixture(t, "careers.html")
	if len(ps) != 1 {
		t.Fatalf("got %d postings, want 1", len(ps))
	}
	p := ps[0]
	if p.ID != "HH-RUST-2" || p.Title != "Backend Developer Rust & Go" || p.Description != "Rust und Go für unsere Sensorplattform." {
		t.Errorf("got %+v", p)
	}
}

func TestParseInvalidListsEveryProblem(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "jobs", "invalid.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Parse(f)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a ValidationError", err)
	}
	want := map[string]bool{"datePosted": false, "validThrough": false, "employmentType": false, "jobLocation": false}
	for _, p := range ve.Problems {
		if p.Posting != "posting https://karriere.example.de/jobs/hh-rust-2" {
			t.Errorf("problem names %q, want the posting's url", p.Posting)
		}
		want[p.Field] = true
	}
	for f, seen := range want {
		if !seen {
			t.Errorf("no problem reported for %s in:\n%v", f, err)
		}
	}
}

func TestParseShapes(t *testing.T) {
	const base = `"title":"T","description":"D","datePosted":"2026-11-01","hiringOrganization":"Org"`
	tests := []struct {
		name, in string
		wantErr  string
		check    func([]Posting) bool
	}{
		{"single", `{"@type":"JobPosting",` + base + `,"jobLocation":{"address":{"addressLocality":"Bonn"}}}`, "", func(ps []Posting) bool { return ps[0].Place() == "Bonn" }},
		{"array type", `{"@type":["JobPosting"],` + base + `,"jobLocation":{"address":{"addressRegion":"Bayern"}}}`, "", func(ps []Posting) bool { return ps[0].Place() == "Bayern" }},
		{"item list", `{"@type":"ItemList","itemListElement":[{"@type":"ListItem","item":{"@type":"JobPosting",` + base + `,"jobLocation":{"address":"Kiel"}}}]}`, "", func(ps []Posting) bool { return ps[0].Place() == "Kiel" }},
		{"identifier number", `{"@type":"JobPosting","identifier":42,` + base + `,"jobLocation":{"address":"Kiel"}}`, "", func(ps []Posting) bool { return ps[0].ID == "42" }},
		{"hash id", `{"@type":"JobPosting",` + base + `,"jobLocation":{"address":"Kiel"}}`, "", func(ps []Posting) bool { return strings.HasPrefix(ps[0].ID, "h-") }},
		{"remote without requirements", `{"@type":"JobPosting",` + base + `,"jobLocationType":"TELECOMMUTE"}`, "applicantLocationRequirements", nil},
		{"no location", `{"@type":"JobPosting",` + base + `}`, "jobLocation: missing", nil},
		{"place without address", `{"@type":"JobPosting",` + base + `,"jobLocation":{"@type":"Place"}}`, "jobLocation: the place has no address", nil},
		{"bad url", `{"@type":"JobPosting",` + base + `,"url":"javascript:alert(1)","jobLocation":{"address":"Kiel"}}`, "url", nil},
		{"duplicate ids", `[{"@type":"JobPosting","identifier":"a",` + base + `,"jobLocation":{"address":"Kiel"}},{"@type":"JobPosting","identifier":"a",` + base + `,"jobLocation":{"address":"Kiel"}}]`, "the same id", nil},
		{"no posting", `{"@type":"Organization","name":"x"}`, "no schema.org JobPosting", nil},
		{"broken json", `{"@type":`, "unexpected EOF", nil},
		{"html without scripts", `<html><body>jobs</body></html>`, "without <script", nil},
		{"empty", ``, "EOF", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Parse(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(ps) {
				t.Errorf("got %+v", ps)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>a</p><p>b</p>", "a\n\nb"},
		{"<ul><li>one</li><li>two</li></ul>", "- one\n- two"},
		{"x<br>y", "x\ny"},
		{"<b>fett</b> &amp; &lt;tag&gt;", "fett & <tag>"},
		{"<script>alert(1)</script><style>p{}</style>ok", "ok"},
		{"a   \t\n b", "a b"},
		{"**bold**", "*bold*"},
		{"ctl\x00\x07 chars\u200b", "ctl chars"},
		{"<p>unclosed", "unclosed"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlainTextBounded(t *testing.T) {
	got := PlainText(strings.Repeat("<p>wort ", 100000))
	if n := len([]rune(got)); n > MaxDescriptionRunes+2 {
		t.Errorf("%d runes, want at most %d", n, MaxDescriptionRunes)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"@type":"JobPosting","title":"x","jobLocation":[{"address":"Köln"}]}`))
	f.Add([]byte(`<script type="application/ld+json">[{"@graph":[{"@type":"JobPosting"}]}]</script>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		Parse(strings.NewReader(string(b)))
	})
}
