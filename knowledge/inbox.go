package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/careerbot/careerbot/delivery"
)

var _ delivery.Inbox = (*Inbox)(nil)

// Inbox is the chat adapters' durable inbox (delivery.Inbox) in the
// store's database.
type Inbox struct{ s *Store }

// Inbox returns the store's inbox.
func (s *Store) Inbox() *Inbox { return &Inbox{s: s} }

// Inbox states.
const (
	inboxWaiting = 0
	inboxClaimed = 1
	inboxDone    = 2
)

// Enqueue implements delivery.Inbox: one INSERT, the whole cost of
// acknowledging a platform's delivery. WAL with synchronous=NORMAL makes
// it durable across a crash of the process (not of the machine) without
// an fsync per message.
func (in *Inbox) Enqueue(ctx context.Context, m delivery.Message, keep time.Duration) (bool, error) {
	at := m.Received
	if at.IsZero() {
		at = in.s.Now()
	}
	res, err := in.s.db.ExecContext(ctx, `INSERT INTO inbox (adapter, key, conversation, body, received_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (adapter, key) DO NOTHING`,
		m.Adapter, m.Key, m.Conversation, m.Body, at.UnixMilli(), at.Add(keep).Unix())
	if err != nil {
		return false, fmt.Errorf("inbox enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("inbox enqueue: %w", err)
	}
	return n == 1, nil
}

// Claim implements delivery.Inbox. One process owns an adapter's inbox,
// so selecting and marking in one transaction is enough.
func (in *Inbox) Claim(ctx context.Context, adapter string, n int, skip []string) ([]delivery.Message, error) {
	if n <= 0 {
		return nil, nil
	}
	query := `SELECT id, conversation, key, body, received_at, attempts FROM inbox
		WHERE adapter = ? AND state = ?`
	args := []any{adapter, inboxWaiting}
	if len(skip) > 0 {
		query += " AND conversation NOT IN (?" + strings.Repeat(",?", len(skip)-1) + ")"
		for _, c := range skip {
			args = append(args, c)
		}
	}
	query += " ORDER BY id LIMIT ?"
	args = append(args, n)
	var out []delivery.Message
	err := in.s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m := delivery.Message{Adapter: adapter}
			var ms int64
			if err := rows.Scan(&m.ID, &m.Conversation, &m.Key, &m.Body, &ms, &m.Attempts); err != nil {
				return err
			}
			m.Received = time.UnixMilli(ms)
			m.Attempts++
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, m := range out {
			if _, err := tx.ExecContext(ctx, "UPDATE inbox SET state = ?, attempts = ? WHERE id = ?",
				inboxClaimed, m.Attempts, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox claim: %w", err)
	}
	return out, nil
}

// Done implements delivery.Inbox. The body, with the reply address and
// the question, goes; secure_delete overwrites it in the file.
func (in *Inbox) Done(ctx context.Context, id int64) error {
	if _, err := in.s.db.ExecContext(ctx, "UPDATE inbox SET state = ?, body = NULL WHERE id = ?", inboxDone, id); err != nil {
		return fmt.Errorf("inbox done: %w", err)
	}
	return nil
}

// Release implements delivery.Inbox.
func (in *Inbox) Release(ctx context.Context, adapter string) error {
	if _, err := in.s.db.ExecContext(ctx, "UPDATE inbox SET state = ? WHERE adapter = ? AND state = ?",
		inboxWaiting, adapter, inboxClaimed); err != nil {
		return fmt.Errorf("inbox release: %w", err)
	}
	return nil
}

// Stats implements delivery.Inbox.
func (in *Inbox) Stats(ctx context.Context, adapter string) (delivery.Stats, error) {
	var st delivery.Stats
	var oldest sql.NullInt64
	err := in.s.db.QueryRowContext(ctx, "SELECT count(*), min(received_at) FROM inbox WHERE adapter = ? AND state < ?",
		adapter, inboxDone).Scan(&st.Depth, &oldest)
	if err != nil {
		return st, fmt.Errorf("inbox stats: %w", err)
	}
	if oldest.Valid {
		st.Oldest = time.UnixMilli(oldest.Int64)
	}
	return st, nil
}

// Expire implements delivery.Inbox.
func (in *Inbox) Expire(ctx context.Context) (int, error) {
	res, err := in.s.db.ExecContext(ctx, "DELETE FROM inbox WHERE state = ? AND expires_at < ?", inboxDone, in.s.Now().Unix())
	if err != nil {
		return 0, fmt.Errorf("inbox expire: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
