package bot

import (
	"context"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxEntryIDLen bounds an entry id in bytes, as the knowledge-base format
// does.
const MaxEntryIDLen = 64

// ErrInvalidEntryID marks an entry id that no knowledge base can hold:
// empty, too long, broken UTF-8, or with spaces or control characters.
var ErrInvalidEntryID = errors.New("invalid entry id")

// EntryOpener is the part of an Answerer that CheckFeedbackEntry needs.
type EntryOpener interface {
	Open(ctx context.Context, entryID string, lang Lang) (Reply, error)
}

// CheckFeedbackEntry checks an entry id that arrived in a platform payload
// (button or callback data) before a vote on it is stored: it must be at
// most MaxEntryIDLen bytes of valid UTF-8 without spaces or control
// characters (else an error wrapping ErrInvalidEntryID), and name an entry
// the answerer knows (else ErrNotFound). Other errors are the answerer's.
// The cheap checks come first, so junk never reaches the knowledge base.
func CheckFeedbackEntry(ctx context.Context, a EntryOpener, id string) error {
	if err := checkEntryIDShape(id); err != nil {
		return err
	}
	if _, err := a.Open(ctx, id, German); err != nil {
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("entry %q: %w", id, ErrNotFound)
		}
		return fmt.Errorf("check entry %q: %w", id, err)
	}
	return nil
}

func checkEntryIDShape(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: empty", ErrInvalidEntryID)
	case len(id) > MaxEntryIDLen:
		return fmt.Errorf("%w: %d bytes, at most %d", ErrInvalidEntryID, len(id), MaxEntryIDLen)
	case !utf8.ValidString(id):
		return fmt.Errorf("%w: not UTF-8", ErrInvalidEntryID)
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("%w: contains %U", ErrInvalidEntryID, r)
		}
	}
	return nil
}
