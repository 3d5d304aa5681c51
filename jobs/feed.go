package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
)

// ErrNotModified means the feed has not changed since the last fetch.
var ErrNotModified = errors.New("feed not modified")

// Feed reads postings from a URL, asking with If-None-Match and
// If-Modified-Since so that an unchanged feed costs one small response.
// It is safe for concurrent use.
type Feed struct {
	URL    string
	Client *http.Client

	mu           sync.Mutex
	etag         string
	lastModified string
}

// CheckURL reports whether s is an absolute http(s) URL.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// Fetch returns the feed's postings, or ErrNotModified when the server says
// they have not changed since the last successful fetch. The validators are
// kept only after the postings were read and validated, so a broken feed
// is fetched in full again next time.
func (f *Feed) Fetch(ctx context.Context) ([]Posting, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch job feed: %w", err)
	}
	req.Header.Set("Accept", "application/ld+json, application/json, text/html;q=0.8")
	f.mu.Lock()
	if f.etag != "" {
		req.Header.Set("If-None-Match", f.etag)
	}
	if f.lastModified != "" {
		req.Header.Set("If-Modified-Since", f.lastModified)
	}
	f.mu.Unlock()
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch job feed: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, ErrNotModified
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, fmt.Errorf("fetch job feed: HTTP %d", resp.StatusCode)
	}
	ps, err := Parse(resp.Body)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.etag, f.lastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	f.mu.Unlock()
	return ps, nil
}
