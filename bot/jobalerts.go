package bot

import (
	"context"
	"errors"
)

// MaxJobAlerts bounds the job alerts of one chat.
const MaxJobAlerts = 5

// Errors of JobAlerts.Subscribe, for friendly replies.
var (
	// ErrAlertFilters: the text names no filter the job search knows.
	ErrAlertFilters = errors.New("no known job filters")
	// ErrTooManyAlerts: the chat has MaxJobAlerts already.
	ErrTooManyAlerts = errors.New("too many job alerts")
)

// JobAlert is one subscription of a chat to new postings.
type JobAlert struct {
	ID int64
	// Filters describes the filters in each language ("Hamburg, Java").
	Filters map[Lang]string
}

// JobAlertNote is one new posting due to one subscription.
type JobAlertNote struct {
	AlertID int64
	// Chat is the platform's reply address the subscription stores.
	Chat    string
	Lang    Lang
	Filters map[Lang]string
	Job     Job
}

// JobAlerts keeps job alerts: chats subscribed to postings matching
// filters, each new matching posting to be sent once.
type JobAlerts interface {
	// Subscribe stores an alert for text's filters; subject is the
	// subscriber's pseudonym, lang the language of its notifications.
	// Errors wrap ErrAlertFilters or ErrTooManyAlerts.
	Subscribe(ctx context.Context, platform, chat, subject, text string, lang Lang) (JobAlert, error)
	// Alerts lists a chat's alerts, oldest first.
	Alerts(ctx context.Context, platform, chat string) ([]JobAlert, error)
	// Unsubscribe ends the chat's n-th alert (1-based, as Alerts lists
	// them) or, with n 0, all of them, and reports how many ended.
	Unsubscribe(ctx context.Context, platform, chat string, n int) (int, error)
	// Pending returns the postings due to the platform's alerts: current,
	// matching, and not sent to that alert yet.
	Pending(ctx context.Context, platform string) ([]JobAlertNote, error)
	// MarkSent records that a posting was handed to delivery for an
	// alert, so that Pending does not return it again.
	MarkSent(ctx context.Context, alertID int64, postingID string) error
}
