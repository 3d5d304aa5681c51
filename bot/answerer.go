package bot

import "context"

// Answerer is what adapters ask. *Engine implements it.
type Answerer interface {
	// Ask answers a free-text question. It never fails on bad input: empty,
	// oversized or broken text gets a friendly reply.
	Ask(ctx context.Context, req Request) (Reply, error)
	// Open answers one entry directly: a follow-up button or a deep link.
	// An unknown id yields ErrNotFound.
	Open(ctx context.Context, entryID string, lang Lang) (Reply, error)
	// OpenFor is Open for a pseudonymous user, who sees the A/B variant
	// VariantFor assigns.
	OpenFor(ctx context.Context, entryID string, lang Lang, user string) (Reply, error)
	// Suggest lists up to n entries that match a text best, for search
	// boxes such as Telegram's inline mode.
	Suggest(ctx context.Context, req Request, n int) ([]Suggestion, error)
	// Menu is the help reply with the topic menu.
	Menu(ctx context.Context, lang Lang) (Reply, error)
	// Topics lists the topics with their lead entries.
	Topics(ctx context.Context, lang Lang) ([]Topic, error)
}

var _ Answerer = (*Engine)(nil)

// ConversationOpener is implemented by answerers that can open an entry
// within a conversation (*Engine does): an adapter checks for it by type
// assertion and, for a button click, prefers OpenIn to OpenFor, so that
// "mehr" or a typed number afterwards goes on from the clicked entry.
type ConversationOpener interface {
	OpenIn(ctx context.Context, req Request, entryID string) (Reply, error)
}

var _ ConversationOpener = (*Engine)(nil)
