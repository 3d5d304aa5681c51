package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
	"github.com/careerbot/careerbot/knowledge"
)

// defaultJobsInterval is how often serve re-reads CAREERBOT_JOBS_URL.
const defaultJobsInterval = 15 * time.Minute

func runJobs(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "jobs", args, []subcommand{
		{"import", jobsImport},
		{"list", jobsList},
		{"show", jobsShow},
		{"remove", jobsRemove},
	})
}

func jobsImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "jobs import")
	db := dbFlag(fs)
	replace := fs.Bool("replace", false, "delete every stored posting first (default: replace only postings with the same id)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("jobs import needs exactly one file or URL (use - for standard input)")
	}
	ps, err := readPostings(ctx, e, files[0])
	if err != nil {
		return fmt.Errorf("%s: %w\nnothing was changed", files[0], err)
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.ImportPostings(ctx, ps, knowledge.JobImportOptions{Replace: *replace, Source: files[0]})
	if err != nil {
		return fmt.Errorf("%s: %w\nnothing was changed", files[0], err)
	}
	expired := 0
	for _, p := range ps {
		if p.Expired(st.Now()) {
			expired++
		}
	}
	fmt.Fprintf(e.stderr, "imported %d job postings from %s: %d new, %d updated, %d removed, %d already expired\n",
		len(ps), files[0], res.Added, res.Updated, res.Removed, expired)
	return nil
}

// readPostings reads postings from a file, standard input or an http(s)
// URL.
func readPostings(ctx context.Context, e env, name string) ([]jobs.Posting, error) {
	if strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://") {
		if err := jobs.CheckURL(name); err != nil {
			return nil, err
		}
		f := &jobs.Feed{URL: name, Client: &http.Client{Timeout: 60 * time.Second}}
		return f.Fetch(ctx)
	}
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("open job postings: %w", err)
		}
		defer f.Close()
		r = f
	}
	return jobs.Parse(r)
}

func jobsList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "jobs list")
	db := dbFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ps, err := st.Postings(ctx)
	if err != nil {
		return err
	}
	expired := 0
	for _, p := range ps {
		state := "open"
		if p.Expired(st.Now()) {
			state = "expired"
			expired++
		}
		fmt.Fprintf(e.stdout, "%-24s %s %-7s %-24s %s\n", p.ID, p.DatePosted.Format(time.DateOnly), state, placeOrRemote(p), p.Title)
	}
	fmt.Fprintf(e.stderr, "%d job postings, %d of them expired (expired postings are never shown in chat)\n", len(ps), expired)
	return nil
}

func placeOrRemote(p jobs.Posting) string {
	place := p.Place()
	switch {
	case p.Remote && place != "":
		return place + " + remote"
	case p.Remote:
		return "remote"
	}
	return place
}

func jobsShow(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "jobs show")
	db := dbFlag(fs)
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usagef("jobs show needs exactly one posting id (see 'careerbot jobs list')")
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.Posting(ctx, ids[0])
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("no job posting %q (see 'careerbot jobs list')", ids[0])
	}
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "id:          %s\ntitle:       %s\nemployer:    %s\nplace:       %s\n", p.ID, p.Title,
		cmp.Or(p.Employer, "(a client, not named)"), placeOrRemote(p))
	if len(p.RemoteAreas) > 0 {
		fmt.Fprintf(w, "remote from: %s\n", strings.Join(p.RemoteAreas, ", "))
	}
	fmt.Fprintf(w, "type:        %s\nposted:      %s\n", cmp.Or(strings.Join(p.EmploymentTypes, ", "), "-"), p.DatePosted.Format(time.DateOnly))
	if !p.ValidThrough.IsZero() {
		state := ""
		if p.Expired(st.Now()) {
			state = " (expired)"
		}
		fmt.Fprintf(w, "valid until: %s%s\n", p.ValidThrough.Format(time.RFC3339), state)
	}
	fmt.Fprintf(w, "url:         %s\n\n%s\n", cmp.Or(p.URL, "-"), p.Description)
	return nil
}

func jobsRemove(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "jobs remove")
	db := dbFlag(fs)
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usagef("jobs remove needs exactly one posting id (see 'careerbot jobs list')")
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RemovePosting(ctx, ids[0]); errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("no job posting %q (see 'careerbot jobs list')", ids[0])
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "removed job posting %s\n", ids[0])
	return nil
}

// jobFeed follows CAREERBOT_JOBS_URL: it re-reads the feed every interval
// and replaces the stored postings with it. A feed that fails (unreachable,
// an HTTP error, invalid postings) keeps the last good postings; the
// failure is logged and shown in /readyz's details.
type jobFeed struct {
	feed     *jobs.Feed
	store    *knowledge.Store
	board    *knowledge.JobBoard
	interval time.Duration
	log      *slog.Logger

	mu     sync.Mutex
	status string
}

// jobFeedFromEnv reads CAREERBOT_JOBS_URL and CAREERBOT_JOBS_INTERVAL; it
// returns nil when no feed is configured.
func jobFeedFromEnv(e env, client *http.Client) (*jobFeed, []error) {
	u := strings.TrimSpace(e.getenv("CAREERBOT_JOBS_URL"))
	iv := strings.TrimSpace(e.getenv("CAREERBOT_JOBS_INTERVAL"))
	var problems []error
	interval := defaultJobsInterval
	if iv != "" {
		d, err := time.ParseDuration(iv)
		if err != nil || d < time.Second {
			problems = append(problems, fmt.Errorf("CAREERBOT_JOBS_INTERVAL=%q: give a duration of at least 1s, such as 15m", iv))
		}
		interval = d
	}
	if u == "" {
		return nil, problems
	}
	if err := jobs.CheckURL(u); err != nil {
		problems = append(problems, fmt.Errorf("CAREERBOT_JOBS_URL: %w", err))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return &jobFeed{feed: &jobs.Feed{URL: u, Client: client}, interval: interval, status: "not read yet"}, nil
}

// Run reads the feed at once and then every interval until ctx ends.
func (f *jobFeed) Run(ctx context.Context) {
	t := time.NewTicker(f.interval)
	defer t.Stop()
	for {
		f.sync(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sync reads the feed once and stores what it holds.
func (f *jobFeed) sync(ctx context.Context) {
	ps, err := f.feed.Fetch(ctx)
	switch {
	case errors.Is(err, jobs.ErrNotModified):
		f.setStatus("ok")
		return
	case err != nil:
		if ctx.Err() != nil {
			return
		}
		var ve *jobs.ValidationError
		if errors.As(err, &ve) {
			f.log.Warn("job feed invalid; keeping the last good postings", "problems", len(ve.Problems), "first", ve.Problems[0].String())
			f.setStatus(fmt.Sprintf("invalid feed (%d problems), keeping the last good postings", len(ve.Problems)))
			return
		}
		err = withoutURL(err)
		f.log.Warn("job feed failed; keeping the last good postings", "err", err)
		f.setStatus("feed failed, keeping the last good postings: " + err.Error())
		return
	}
	res, err := f.store.ImportPostings(ctx, ps, knowledge.JobImportOptions{Replace: true, Source: f.feed.URL})
	if err != nil {
		f.log.Error("job feed not stored", "err", err)
		f.setStatus("feed not stored: " + err.Error())
		return
	}
	if _, err := f.board.Refresh(ctx); err != nil {
		f.log.Warn("job postings not reloaded", "err", err)
	}
	f.log.Info("job feed imported", "postings", len(ps), "added", res.Added, "updated", res.Updated, "removed", res.Removed)
	f.setStatus("ok")
}

// withoutURL drops the URL from a request error: a feed URL may carry an
// access key in its query, and it must not reach the log or /readyz.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("fetch job feed: %s: %w", ue.Op, ue.Err)
	}
	return err
}

func (f *jobFeed) setStatus(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = s
}

// Status is the feed's state for /readyz: "ok", "not read yet" or what
// went wrong last.
func (f *jobFeed) Status() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}
