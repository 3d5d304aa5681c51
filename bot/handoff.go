package bot

import (
	"context"
	"time"
)

// HandoffState is where a hand-off to a person on the recruiting team is.
type HandoffState string

// The states of a hand-off. Consent, Waiting and Taken are open: while a
// hand-off is open the bot does not answer that person.
const (
	HandoffConsent  HandoffState = "consent"   // asked whether the conversation may be passed on
	HandoffWaiting  HandoffState = "waiting"   // the card is on the desk; nobody has taken it yet
	HandoffTaken    HandoffState = "taken"     // a recruiter answers in the card's thread
	HandoffClosed   HandoffState = "closed"    // ended by a recruiter or the person
	HandoffTimedOut HandoffState = "timed_out" // nobody took it within the wait limit
	HandoffDeclined HandoffState = "declined"  // the person did not consent
	HandoffOffHours HandoffState = "off_hours" // asked outside business hours
)

// Open reports whether the hand-off still routes the person's messages.
func (s HandoffState) Open() bool {
	return s == HandoffConsent || s == HandoffWaiting || s == HandoffTaken
}

// Handoff is one hand-off as the store keeps it. User is a pseudonym;
// Address is the raw delivery address, kept only while it is open.
type Handoff struct {
	ID       int64
	Platform string
	User     string
	Address  string
	Lang     Lang
	// Form is the German form of address the person used.
	Form  Form
	State HandoffState
	// Thread is the card's message on the recruiters' desk; "" before
	// the person consented.
	Thread  string
	Created time.Time
	Opened  time.Time // card posted
	Taken   time.Time
	Closed  time.Time
}

// HandoffLine is one line of a hand-off's transcript.
type HandoffLine struct {
	At     time.Time
	Sender string // "person", "recruiter"
	Text   string
}

// HandoffStore keeps hand-offs and their transcripts.
type HandoffStore interface {
	// CreateHandoff stores h and returns its id.
	CreateHandoff(ctx context.Context, h Handoff) (int64, error)
	// UpdateHandoff stores h's state, thread, times and address; a
	// hand-off that is no longer open loses its address.
	UpdateHandoff(ctx context.Context, h Handoff) error
	// OpenHandoff returns the open hand-off of a person on a platform.
	OpenHandoff(ctx context.Context, platform, user string) (Handoff, bool, error)
	// HandoffByThread returns the hand-off whose card is thread.
	HandoffByThread(ctx context.Context, thread string) (Handoff, bool, error)
	// WaitingSince lists the hand-offs waiting since before t.
	WaitingSince(ctx context.Context, t time.Time) ([]Handoff, error)
	// AddHandoffLine appends a line to a hand-off's transcript.
	AddHandoffLine(ctx context.Context, id int64, l HandoffLine) error
	// RecentQuestions lists a user's questions since t, oldest first: the
	// conversation so far that a hand-off card shows.
	RecentQuestions(ctx context.Context, platform, user string, since time.Time) ([]Question, error)
}
