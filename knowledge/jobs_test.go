package knowledge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
)

func readPostings(t testing.TB, name string) []jobs.Posting {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "jobs", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, err := jobs.Parse(f)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return ps
}

func postingIDs(t testing.TB, s *Store) []string {
	t.Helper()
	ps, err := s.Postings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

func TestImportPostings(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	feed := readPostings(t, "feed.json")
	res, err := s.ImportPostings(ctx, feed, JobImportOptions{Source: "feed.json"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 11 || res.Updated != 0 {
		t.Errorf("first import: %+v", res)
	}
	page := readPostings(t, "careers.html")
	if res, err = s.ImportPostings(ctx, page, JobImportOptions{Source: "careers.html"}); err != nil || res.Added != 1 {
		t.Fatalf("merge: %+v, %v", res, err)
	}
	if n := len(postingIDs(t, s)); n != 12 {
		t.Errorf("after merge %d postings, want 12", n)
	}
	changed := slices.Clone(feed[:1])
	changed[0].Title = "Lead Java Developer"
	if res, err = s.ImportPostings(ctx, changed, JobImportOptions{}); err != nil || res.Updated != 1 {
		t.Fatalf("update: %+v, %v", res, err)
	}
	p, err := s.Posting(ctx, "HH-JAVA-01")
	if err != nil || p.Title != "Lead Java Developer" || p.Employer != "Hanse Logistik GmbH" {
		t.Errorf("after update got %+v, %v", p, err)
	}
	if res, err = s.ImportPostings(ctx, page, JobImportOptions{Replace: true}); err != nil || res.Removed != 11 {
		t.Fatalf("replace: %+v, %v", res, err)
	}
	if got := postingIDs(t, s); !slices.Equal(got, []string{"HH-RUST-2"}) {
		t.Errorf("after replace: %v", got)
	}
	if err := s.RemovePosting(ctx, "HH-RUST-2"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"HH-RUST-2", "'; DROP TABLE job_postings; --"} {
		if err := s.RemovePosting(ctx, id); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("remove %q: %v, want ErrNotFound", id, err)
		}
		if _, err := s.Posting(ctx, id); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("show %q: %v, want ErrNotFound", id, err)
		}
	}
}

func TestJobBoard(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	s.Now = func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	board, err := NewJobBoard(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := board.FindJobs(ctx, bot.JobQuery{}); res.Total != 0 {
		t.Fatalf("empty board found %d", res.Total)
	}
	if _, err := s.ImportPostings(ctx, readPostings(t, "feed.json"), JobImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if changed, err := board.Refresh(ctx); !changed || err != nil {
		t.Fatalf("Refresh = %v, %v", changed, err)
	}
	if changed, _ := board.Refresh(ctx); changed {
		t.Error("a second Refresh reloaded again")
	}
	intent, q := board.JobIntent("Gibt es offene PHP-Stellen in Hamburg?")
	if intent != bot.JobsSearch {
		t.Fatalf("intent %v", intent)
	}
	res, _ := board.FindJobs(ctx, q)
	if res.Total != 0 { // the Hamburg PHP posting expired on 2026-10-31
		t.Errorf("found %+v, want none: the posting expired", res.Jobs)
	}
	s.Now = func() time.Time { return time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC) }
	if res, _ := board.FindJobs(ctx, q); res.Total != 1 {
		t.Errorf("before its validThrough: found %d, want 1", res.Total)
	}
}

// feed10k is a JSON-LD feed of n generated postings.
func feed10k(t testing.TB, n int) []byte {
	t.Helper()
	cities := []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Leipzig", "Dortmund", "Essen", "Bremen"}
	skills := []string{"Java", "PHP", "Python", "Go", "Kotlin", "C#", "Node.js", "Rust", "Scala", "Ruby"}
	types := jobs.EmploymentTypes[:5]
	graph := make([]any, n)
	for i := range graph {
		graph[i] = map[string]any{
			"@type":              "JobPosting",
			"identifier":         map[string]any{"@type": "PropertyValue", "name": "gen", "value": fmt.Sprintf("gen-%05d", i)},
			"title":              fmt.Sprintf("Backend Developer %s (m/w/d)", skills[i%len(skills)]),
			"description":        fmt.Sprintf("<p>Wir bauen Services mit <strong>%s</strong> und %s.</p><ul><li>Agiles Team</li><li>Homeoffice möglich</li></ul>", skills[i%len(skills)], skills[(i/3)%len(skills)]),
			"datePosted":         time.Date(2026, 11, 1+i%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			"validThrough":       "2030-12-31T23:59:59+01:00",
			"employmentType":     types[i%len(types)],
			"hiringOrganization": map[string]any{"@type": "Organization", "name": fmt.Sprintf("Firma %d GmbH", i%300)},
			"jobLocation": map[string]any{"@type": "Place", "address": map[string]any{
				"@type": "PostalAddress", "addressLocality": cities[i%len(cities)], "addressCountry": "DE"}},
			"url": fmt.Sprintf("https://jobs.example.de/%d", i),
		}
	}
	b, err := json.Marshal(map[string]any{"@context": "https://schema.org", "@graph": graph})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkImportJobs10k measures reading, validating and storing a feed
// of 10,000 postings and loading them into a job board.
func BenchmarkImportJobs10k(b *testing.B) {
	ctx := context.Background()
	feed := feed10k(b, 10000)
	s, _ := openStore(b)
	for b.Loop() {
		ps, err := jobs.Parse(bytes.NewReader(feed))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ImportPostings(ctx, ps, JobImportOptions{Replace: true}); err != nil {
			b.Fatal(err)
		}
		if _, err := NewJobBoard(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJobBoardConcurrentReload(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	feed := readPostings(t, "feed.json")
	if _, err := s.ImportPostings(ctx, feed, JobImportOptions{}); err != nil {
		t.Fatal(err)
	}
	board, err := NewJobBoard(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				_, q := board.JobIntent("Java Stellen in Hamburg")
				if _, err := board.FindJobs(ctx, q); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 5 {
		if _, err := s.ImportPostings(ctx, feed[:len(feed)-i], JobImportOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := board.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
