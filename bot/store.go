package bot

import (
	"context"
	"time"
)

// Feedback is a 👍 or 👎 on an answer. User is a pseudonym (see
// Pseudonymizer), never a raw platform id.
type Feedback struct {
	EntryID  string
	Lang     Lang
	Helpful  bool
	Platform string
	User     string
	At       time.Time
	// Variant is the A/B variant the voter saw, when the adapter knows it
	// (a vote on someone else's answer in a channel); "" lets the store
	// derive it from the voter's own assignment.
	Variant string
	// Answer identifies the message voted on, when the adapter knows it
	// (a Slack message ts, a Telegram message id), so that one person's
	// votes on two separate answers of the same entry both count. It
	// must not carry a raw user or chat id; the store keeps only a hash.
	// With "" a person has one vote per entry. Either way a later vote
	// replaces the earlier one.
	Answer string
}

// FeedbackRecorder stores feedback on answers.
type FeedbackRecorder interface {
	RecordFeedback(ctx context.Context, f Feedback) error
}

// CursorStore keeps a named position, such as Telegram's last confirmed
// update_id, so a restart neither repeats nor skips work.
type CursorStore interface {
	Cursor(ctx context.Context, name string) (int64, error)
	SetCursor(ctx context.Context, name string, value int64) error
}
