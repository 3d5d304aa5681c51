package knowledge

import (
	"context"
	"database/sql"
	"errors"
)

// fillFormal gives a knowledge base seeded before answers had a formal
// ("Sie") form the default content's Sie forms, once: only where the
// German answer is still the default's, word for word, and has no Sie
// form yet. Answers an editor changed keep theirs empty; kb import then
// names them, so their own Sie form gets written.
func (s *Store) fillFormal(ctx context.Context) error {
	var done string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'formal_filled'").Scan(&done)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	doc, err := DefaultContent()
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var changed int64
		for _, e := range doc.Entries {
			de, ok := e.Texts["de"]
			if !ok || de.AnswerSie == "" {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE entry_texts SET answer_sie = ?
				WHERE entry_id = ? AND lang = 'de' AND answer = ? AND answer_sie = ''`, de.AnswerSie, e.ID, de.Answer)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			changed += n
		}
		if changed > 0 {
			if _, err := tx.ExecContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'"); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO meta (key, value) VALUES ('formal_filled', '1')")
		return err
	})
}
