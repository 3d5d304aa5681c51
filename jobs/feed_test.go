package jobs

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

func TestFeedConditionalGet(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "testdata", "jobs", "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var broken atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			w.Write([]byte(`{"@type": "JobPosting", "title": "half a feed`))
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sun, 29 Nov 2026 08:00:00 GMT")
		w.Write(body)
	}))
	defer srv.Close()
	ctx := context.Background()
	f := &Feed{URL: srv.URL, Client: srv.Client()}
	ps, err := f.Fetch(ctx)
	if err != nil || len(ps) != 11 {
		t.Fatalf("first fetch: %d postings, %v", len(ps), err)
	}
	if _, err := f.Fetch(ctx); !errors.Is(err, ErrNotModified) {
		t.Fatalf("second fetch: %v, want ErrNotModified", err)
	}
	broken.Store(true)
	if _, err := f.Fetch(ctx); err == nil || errors.Is(err, ErrNotModified) {
		t.Fatalf("broken feed: %v, want an error", err)
	}
	srv404 := httptest.NewServer(http.NotFoundHandler())
	defer srv404.Close()
	if _, err := (&Feed{URL: srv404.URL}).Fetch(ctx); err == nil {
		t.Error("a 404 is no error")
	}
}

func TestCheckURL(t *testing.T) {
	for s, ok := range map[string]bool{"https://example.de/jobs.json": true, "http://127.0.0.1:8080/": true,
		"ftp://example.de": false, "jobs.json": false, "": false, "https://": false} {
		if err := CheckURL(s); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v", s, err)
		}
	}
}
