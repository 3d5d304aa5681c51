package knowledge

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
)

var _ bot.JobFinder = (*JobBoard)(nil)

// jobsSnapshot is a loaded set of postings with its version.
type jobsSnapshot struct {
	version int64
	index   *jobs.Index
}

// JobBoard is the set of open positions the engine searches: an index of
// the stored postings, swapped atomically when they change, also when
// another process (`careerbot jobs import`) changed them.
type JobBoard struct {
	store *Store
	cur   atomic.Pointer[jobsSnapshot]
}

// NewJobBoard loads the stored postings.
func NewJobBoard(ctx context.Context, s *Store) (*JobBoard, error) {
	b := &JobBoard{store: s}
	if err := b.Reload(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Reload reads the postings again and swaps them in.
func (b *JobBoard) Reload(ctx context.Context) error {
	v, err := b.store.JobsVersion(ctx)
	if err != nil {
		return fmt.Errorf("reload job postings: %w", err)
	}
	ps, err := b.store.Postings(ctx)
	if err != nil {
		return fmt.Errorf("reload job postings: %w", err)
	}
	b.cur.Store(&jobsSnapshot{version: v, index: jobs.NewIndex(ps)})
	return nil
}

// Refresh reloads when the stored postings changed and reports whether
// it did.
func (b *JobBoard) Refresh(ctx context.Context) (bool, error) {
	v, err := b.store.JobsVersion(ctx)
	if err != nil {
		return false, fmt.Errorf("check job postings version: %w", err)
	}
	if v == b.cur.Load().version {
		return false, nil
	}
	return true, b.Reload(ctx)
}

// Watch refreshes every interval until ctx ends.
func (b *JobBoard) Watch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	watch(ctx, interval, log, "job postings", b.Refresh, func() []any { return []any{"postings", b.Len()} })
}

// Len is the number of loaded postings, expired ones included.
func (b *JobBoard) Len() int { return b.cur.Load().index.Len() }

// JobIntent implements bot.JobFinder. Without any stored posting nothing is
// a job search: a team that does not publish its postings here keeps the
// knowledge base's answers.
func (b *JobBoard) JobIntent(text string) (bot.JobIntent, bot.JobQuery) {
	if b.Len() == 0 {
		return bot.JobsNone, bot.JobQuery{}
	}
	return jobs.Detect(text)
}

// FindJobs implements bot.JobFinder; postings past their validThrough are
// never returned.
func (b *JobBoard) FindJobs(_ context.Context, q bot.JobQuery) (bot.JobResult, error) {
	return b.cur.Load().index.Find(q, b.store.Now()), nil
}

var _ bot.JobLookup = (*JobBoard)(nil)

// Job implements bot.JobLookup.
func (b *JobBoard) Job(id string) (bot.Job, bool) {
	return b.cur.Load().index.Job(id, b.store.Now())
}
