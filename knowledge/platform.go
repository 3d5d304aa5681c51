package knowledge

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/careerbot/careerbot/bot"
)

var (
	_ bot.FeedbackRecorder = (*Store)(nil)
	_ bot.CursorStore      = (*Store)(nil)
)

// RecordFeedback stores a 👍 or 👎. f.User must already be a pseudonym.
func (s *Store) RecordFeedback(ctx context.Context, f bot.Feedback) error {
	at := f.At
	if at.IsZero() {
		at = s.Now()
	}
	// The variant the user saw follows from the assignment, while the
	// entry is under test in that language.
	_, err := s.db.ExecContext(ctx, `INSERT INTO feedback (entry_id, lang, helpful, platform, user, created_at, variant)
		VALUES (?, ?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM entry_texts
			WHERE entry_id = ? AND lang = ? AND variant != '') THEN ? ELSE '' END)`,
		f.EntryID, string(f.Lang), f.Helpful, f.Platform, f.User, at.Unix(),
		f.EntryID, string(f.Lang), cmp.Or(f.Variant, bot.VariantFor(f.User)))
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// FeedbackCounts returns the 👍 and 👎 counts for an entry.
func (s *Store) FeedbackCounts(ctx context.Context, entryID string) (up, down int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0)
		FROM feedback WHERE entry_id = ?`, entryID).Scan(&up, &down)
	if err != nil {
		return 0, 0, fmt.Errorf("feedback counts: %w", err)
	}
	return up, down, nil
}

// Cursor returns the value stored under name, or 0 when there is none.
func (s *Store) Cursor(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT value FROM cursors WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read cursor %s: %w", name, err)
	}
	return v, nil
}

// SetCursor stores value under name.
func (s *Store) SetCursor(ctx context.Context, name string, value int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cursors (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	if err != nil {
		return fmt.Errorf("write cursor %s: %w", name, err)
	}
	return nil
}
