package jobs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

var testNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func ids(jobs []bot.Job) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = j.ID
	}
	return out
}

func TestFind(t *testing.T) {
	ix := NewIndex(readFixture(t, "feed.json"))
	tests := []struct {
		text      string
		want      []string // the first page, in order
		wantTotal int
	}{
		{"Habt ihr gerade offene Backend-Stellen in Hamburg?", []string{"HH-JAVA-01"}, 1}, // the expired PHP posting is not shown
		{"remote Java jobs?", nil, 0},
		{"remote jobs", []string{"REMOTE-GO-3", "L-NODE-TZ"}, 2},
		{"Gibt es freiberufliche Projekte in Berlin?", []string{"B-PY-FREE-2"}, 1},
		{"any openings in Munich", []string{"M-WS-PY-1"}, 1},
		{"Jobs im Raum München", []string{"GAR-JR-KT", "M-WS-PY-1"}, 2},
		{"Stellen in NRW", []string{"D-JAVA-FREE", "K-PHP-07", "DO-PRAK-1"}, 3},
		{"Jobs in Bayern", []string{"GAR-JR-KT", "M-WS-PY-1"}, 2},
		{"Jobs im Ruhrgebiet", []string{"DO-PRAK-1"}, 1},
		{"Stellen Rhein-Main", []string{"F-NET-4"}, 1},
		{"Jobs in Eschborn", []string{"F-NET-4"}, 1},
		{"Java Stellen", []string{"D-JAVA-FREE", "HH-JAVA-01", "GAR-JR-KT"}, 4}, // title matches first, then newest
		{"Go jobs", []string{"REMOTE-GO-3"}, 1},
		{"Teilzeit", []string{"K-PHP-07", "L-NODE-TZ", "M-WS-PY-1"}, 3},
		{"Werkstudent", []string{"M-WS-PY-1"}, 1},
		{"Junior jobs", []string{"GAR-JR-KT", "DO-PRAK-1"}, 2},
		{"Praktikum", []string{"DO-PRAK-1"}, 1},
		{"freelance", []string{"B-PY-FREE-2", "D-JAVA-FREE"}, 2},
		{"Homeoffice Teilzeit", []string{"L-NODE-TZ"}, 1},
		{"C# jobs", []string{"F-NET-4"}, 1},
		{"Senior PHP Hamburg", nil, 0},
		{"Stellen", []string{"REMOTE-GO-3", "B-PY-FREE-2", "D-JAVA-FREE"}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, q := Detect(tt.text)
			res := ix.Find(q, testNow)
			if got := ids(res.Jobs); !slices.Equal(got, tt.want) || res.Total != tt.wantTotal {
				t.Errorf("Find(%+v) = %v (total %d), want %v (total %d)", q, got, res.Total, tt.want, tt.wantTotal)
			}
		})
	}
}

func TestFindPagesAndExpiry(t *testing.T) {
	ix := NewIndex(readFixture(t, "feed.json"))
	var all []string
	for page := 0; page < 5; page++ {
		res := ix.Find(bot.JobQuery{Page: page}, testNow)
		all = append(all, ids(res.Jobs)...)
	}
	if len(all) != 10 || slices.Contains(all, "HH-PHP-OLD") {
		t.Errorf("pages gave %v, want the 10 current postings", all)
	}
	sorted := slices.Clone(all)
	sort.Strings(sorted)
	if len(slices.Compact(sorted)) != 10 {
		t.Errorf("pages repeat postings: %v", all)
	}
	// Before its validThrough the old posting is found.
	old := ix.Find(bot.JobQuery{Skills: []string{"php"}, Place: bot.JobPlace{Kind: 'c', Key: "hamburg"}}, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if !slices.Equal(ids(old.Jobs), []string{"HH-PHP-OLD"}) {
		t.Errorf("before expiry got %v", ids(old.Jobs))
	}
}

func TestFindAlternatives(t *testing.T) {
	ix := NewIndex(readFixture(t, "feed.json"))
	tests := []struct {
		text string
		want []string // labels
	}{
		{"Python jobs in Hamburg", []string{"Berlin", "München"}}, // Berlin is nearer than München
		{"Java jobs in Köln", []string{"Düsseldorf", "Dortmund"}},
		{"remote Java jobs", []string{"Dortmund", "Düsseldorf"}},
		{"Rust jobs in Hamburg", []string{"Hamburg"}}, // no Rust anywhere: all of Hamburg's postings
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, q := Detect(tt.text)
			res := ix.Find(q, testNow)
			var got []string
			for _, a := range res.Alternatives {
				got = append(got, a.Label)
				if n := ix.Find(a.Query, testNow).Total; n != a.Count || n == 0 {
					t.Errorf("alternative %s: count %d, its query finds %d", a.Label, a.Count, n)
				}
			}
			if res.Total != 0 || !slices.Equal(got, tt.want) {
				t.Errorf("got total %d, alternatives %v, want 0 and %v", res.Total, got, tt.want)
			}
		})
	}
}

func TestJobsEntryIDRoundTrip(t *testing.T) {
	for _, text := range []string{"Habt ihr Stellen?", "remote Java jobs", "Senior Go Teilzeit im Raum München", "Werkstudent Python in NRW", "Praktikum im Ruhrgebiet"} {
		_, q := Detect(text)
		q.Page = 2
		id := bot.JobsEntryID(q)
		back, ok := bot.ParseJobsEntryID(id)
		if !ok || bot.JobsEntryID(back) != id || len(id) > 62 {
			t.Errorf("%q: id %q decodes to %+v (ok %v)", text, id, back, ok)
		}
	}
}

// generate makes n postings spread over the gazetteer's cities, skills,
// types and dates, a tenth of them remote and a tenth expired.
func generate(n int) []Posting {
	r := rand.New(rand.NewPCG(1, 2))
	skills := sortedKeys(skillNames)
	levels := []string{"Junior", "Senior", "Lead", "", "", ""}
	out := make([]Posting, n)
	for i := range out {
		c := cities[r.IntN(len(cities))]
		s1, s2 := skillNames[skills[r.IntN(len(skills))]], skillNames[skills[r.IntN(len(skills))]]
		p := Posting{
			ID:              fmt.Sprintf("gen-%05d", i),
			Title:           fmt.Sprintf("%s Backend Developer %s (m/w/d)", levels[r.IntN(len(levels))], s1),
			Description:     fmt.Sprintf("Wir entwickeln Services mit %s und %s. Agiles Team, moderne Tools, faire Bezahlung.", s1, s2),
			Employer:        fmt.Sprintf("Firma %d GmbH", r.IntN(500)),
			DatePosted:      testNow.AddDate(0, 0, -r.IntN(90)),
			URL:             fmt.Sprintf("https://jobs.example.de/%d", i),
			Locations:       []Location{{City: c.name, Country: "DE"}},
			EmploymentTypes: []string{EmploymentTypes[r.IntN(5)]},
		}
		if i%10 == 0 {
			p.Remote, p.RemoteAreas = true, []string{"Deutschland"}
		}
		if i%10 == 5 {
			p.ValidThrough = testNow.AddDate(0, 0, -1)
		}
		out[i] = p
	}
	return out
}

var benchQueries = []string{
	"Habt ihr gerade offene Backend-Stellen in Hamburg?", "remote Java jobs?", "Gibt es freiberufliche Projekte in Berlin?",
	"any openings in Munich", "jobs hamburg java", "Stellen in NRW", "Jobs im Raum München", "Senior Go jobs",
	"Teilzeit Python im Ruhrgebiet", "Werkstudent", "Rust jobs in Kiel", "Habt ihr offene Stellen?",
}

// BenchmarkFind10k measures a job search among 10,000 postings, the
// question's parsing included, and reports p50 and p99.
func BenchmarkFind10k(b *testing.B) {
	ix := NewIndex(generate(10000))
	qs := make([]bot.JobQuery, len(benchQueries))
	for i, text := range benchQueries {
		_, qs[i] = Detect(text)
	}
	var durs []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		_, q := Detect(benchQueries[i%len(benchQueries)])
		ix.Find(q, testNow)
		durs = append(durs, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkIndex10k measures building the index over 10,000 postings.
func BenchmarkIndex10k(b *testing.B) {
	ps := generate(10000)
	for b.Loop() {
		NewIndex(ps)
	}
}
