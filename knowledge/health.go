package knowledge

import (
	"context"
	"database/sql"
	"fmt"
)

// probeBytes is the size of the scratch row the write probe inserts: more
// than a page, so it needs fresh pages, as the next real write may.
const probeBytes = 8192

// CheckWritable proves that the database can be written now, for
// readiness checks: in one committed transaction it inserts and deletes a
// row that needs new pages (which fails when the file cannot grow: a full
// disk or the size limit) and updates a heartbeat row (which fails on a
// read-only file or directory). A ping would pass in all these cases. The
// error wraps ErrReadOnly, ErrFull or ErrDamaged when SQLite says so.
func (s *Store) CheckWritable(ctx context.Context) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO health_scratch (pad) VALUES (zeroblob(?))", probeBytes); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM health_scratch"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, s.Now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("write probe: %w", classify(err))
	}
	return nil
}
