package delivery

import (
	"context"
	"time"
)

// Defaults of the retry policy.
const (
	DefaultMaxRetries = 3
	DefaultMaxWait    = time.Minute
)

// Retrier is the one retry policy of every adapter: a call is repeated
// only when the platform said it did not take it (a 429, or an error the
// platform documents as transient), after the wait it asked for. Anything
// else, a timeout included, may hide a message that was delivered, and
// repeating it would deliver it twice.
type Retrier struct {
	// MaxRetries bounds the repetitions of one call; MaxWait is the
	// longest wait accepted: a longer one fails the call.
	MaxRetries int
	MaxWait    time.Duration
	// Sleep waits; nil means Sleep. Tests record the waits instead.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRetry, when set, is told about each retry (for logs and metrics).
	OnRetry func(err error, wait time.Duration)
}

// Do calls op until it succeeds, fails for good, or the retries are used
// up. retryAfter tells whether an error may be retried and after how long.
func (r Retrier) Do(ctx context.Context, op func(context.Context) error, retryAfter func(error) (time.Duration, bool)) error {
	maxRetries := or(r.MaxRetries, DefaultMaxRetries)
	maxWait := or(r.MaxWait, DefaultMaxWait)
	sleep := r.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	for attempt := 0; ; attempt++ {
		err := op(ctx)
		if err == nil {
			return nil
		}
		wait, ok := retryAfter(err)
		if !ok || attempt >= maxRetries || wait > maxWait {
			return err
		}
		if r.OnRetry != nil {
			r.OnRetry(err, wait)
		}
		if serr := sleep(ctx, wait); serr != nil {
			return err
		}
	}
}
