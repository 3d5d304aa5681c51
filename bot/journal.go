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

// Observer receives measurements of the answer path, for metrics.
type Observer interface {
	ObserveAnswer(platform string, lang Lang, kind Kind, took time.Duration)
	ObserveRateLimited(platform string)
}
