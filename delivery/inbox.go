// Package delivery is the runtime every chat adapter shares: a durable
// inbox written before the platform is told a message arrived, workers that
// answer conversations in parallel and each conversation in order, a
// per-destination send limiter, one retry policy, a deadline and panic
// recovery per message, a bounded drain on shutdown, and the redaction of
// secrets from everything a platform client reports.
//
// An adapter only translates: a platform payload into a Message for
// Runtime.Accept, and, in its Handler, a Message into requests to the
// engine and replies to the platform.
//
// Delivery guarantee: a message Accept stored is answered once, also
// across a crash, with one exception: between the platform confirming an
// answer and the inbox marking it sent (one SQLite write) a crash makes the
// answer go out again on the next start.
package delivery

import (
	"context"
	"time"
)

// Message is one piece of work from a platform: a question, a command, a
// button press.
type Message struct {
	// ID orders messages; the inbox assigns it.
	ID int64
	// Adapter names the adapter the message came from ("slack").
	Adapter string
	// Key is the platform's id of the delivery (an event id, an update
	// id); a second message with the same key is a redelivery.
	Key string
	// Conversation orders messages: those with the same conversation are
	// answered one after the other, in ID order. It must be a pseudonym,
	// never a raw user id: it outlives the body.
	Conversation string
	// Body is the platform's payload, with the reply address: only what
	// is needed to answer. The inbox deletes it once the message is done.
	Body []byte
	// Received is when the message was accepted.
	Received time.Time
	// Attempts counts how often the message was claimed, this time
	// included.
	Attempts int
}

// Inbox stores messages durably until they are answered. The SQLite store
// in package knowledge implements it; a PostgreSQL one would claim with
// SELECT … FOR UPDATE SKIP LOCKED.
type Inbox interface {
	// Enqueue stores m unless a message with the same adapter and key is
	// stored already, and reports whether m was new. The key is kept for
	// keep after the message is done, to recognise redeliveries.
	Enqueue(ctx context.Context, m Message, keep time.Duration) (fresh bool, err error)
	// Claim marks up to n waiting messages of adapter as being worked on
	// and returns them oldest first, skipping the conversations in skip.
	Claim(ctx context.Context, adapter string, n int, skip []string) ([]Message, error)
	// Done marks a message answered and deletes its body.
	Done(ctx context.Context, id int64) error
	// Release puts the adapter's claimed messages back to waiting: those
	// a stopped or killed process did not finish.
	Release(ctx context.Context, adapter string) error
	// Stats reports how many messages of adapter wait or are being
	// worked on, and when the oldest of them was received.
	Stats(ctx context.Context, adapter string) (Stats, error)
	// Expire deletes the keys of done messages whose keep time is over.
	Expire(ctx context.Context) (int, error)
}

// Stats describes an adapter's inbox.
type Stats struct {
	// Depth counts the messages not yet answered.
	Depth int
	// Oldest is when the oldest of them was received; zero when none.
	Oldest time.Time
}
