package bot

import (
	"context"
	"time"
)

// Question is one asked question as the question log keeps it: what was
// asked and how it was answered, by a pseudonymous user.
type Question struct {
	At         time.Time
	Platform   string
	User       string // pseudonym, or "" when the adapter has no user
	Text       string
	Lang       Lang
	Kind       Kind
	EntryID    string // the answer's entry, or the best candidate
	Confidence float64
	Answered   bool
	Variant    string
}

// Journal keeps the question log that reports and `kb suggest` learn from.
type Journal interface {
	LogQuestion(ctx context.Context, q Question) error
}

// Observer receives measurements for metrics. The engine reports answers
// and rate-limited questions; adapters report feedback and the platform's
// errors. Implementations must be safe for concurrent use.
type Observer interface {
	ObserveAnswer(platform string, lang Lang, kind Kind, took time.Duration)
	ObserveRateLimited(platform string)
	ObserveFeedback(platform string, helpful bool)
	// ObservePlatformError counts a failed platform API call; code is the
	// platform's error code ("channel_not_found", "429", "403").
	ObservePlatformError(platform, method, code string)
}

// NopObserver discards every measurement; embed it to implement only some.
type NopObserver struct{}

// ObserveAnswer implements Observer.
func (NopObserver) ObserveAnswer(string, Lang, Kind, time.Duration) {}

// ObserveRateLimited implements Observer.
func (NopObserver) ObserveRateLimited(string) {}

// ObserveFeedback implements Observer.
func (NopObserver) ObserveFeedback(string, bool) {}

// ObservePlatformError implements Observer.
func (NopObserver) ObservePlatformError(string, string, string) {}
