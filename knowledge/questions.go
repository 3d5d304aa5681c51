package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/careerbot/careerbot/bot"
)

var _ bot.Journal = (*Store)(nil)

// LogQuestion implements bot.Journal. q.User must already be a pseudonym.
func (s *Store) LogQuestion(ctx context.Context, q bot.Question) error {
	at := q.At
	if at.IsZero() {
		at = s.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO questions
		(asked_at, platform, user, question, lang, kind, entry_id, confidence, answered, kb_version, variant)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kb_version'), ?)`,
		at.Unix(), q.Platform, q.User, q.Text, string(q.Lang), string(q.Kind), q.EntryID, q.Confidence,
		q.Answered, q.Variant)
	if err != nil {
		return fmt.Errorf("log question: %w", err)
	}
	return nil
}

// Forgotten counts what Forget or Purge deleted.
type Forgotten struct {
	Questions, Feedback int64
	// Handoffs counts hand-offs to recruiters; their transcripts go with
	// them.
	Handoffs int64
	// Pending is true when the rows are deleted (no query sees them) but
	// a reader kept their old copies in the write-ahead log longer than
	// WipeWait: the store overwrites them in the background as soon as
	// the reader lets go, and logs when it has.
	Pending bool
}

// Forget deletes everything stored about one pseudonymous user, at once,
// and overwrites the deleted text and pseudonym in the database file and
// its write-ahead log (see Wipe and Forgotten.Pending). Event-dedup and
// cursor tables hold no user data, so there is nothing to delete there.
func (s *Store) Forget(ctx context.Context, user string) (Forgotten, error) {
	var f Forgotten
	if user == "" {
		return f, errors.New("forget: no user")
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if f.Questions, err = execCount(ctx, tx, "DELETE FROM questions WHERE user = ?", user); err != nil {
			return err
		}
		if f.Feedback, err = execCount(ctx, tx, "DELETE FROM feedback WHERE user = ?", user); err != nil {
			return err
		}
		f.Handoffs, err = execCount(ctx, tx, "DELETE FROM handoffs WHERE user = ?", user)
		return err
	})
	if err != nil {
		return Forgotten{}, fmt.Errorf("forget: %w", classify(err))
	}
	done, err := s.wipeDeleted(ctx)
	if err != nil {
		return Forgotten{}, fmt.Errorf("forget: %w", err)
	}
	f.Pending = !done
	return f, nil
}

// Purge deletes logged questions, feedback, hand-off transcripts and ended
// hand-offs from before cutoff, and expired event ids. secure_delete
// overwrites the freed pages.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (Forgotten, error) {
	var f Forgotten
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if f.Questions, err = execCount(ctx, tx, "DELETE FROM questions WHERE asked_at < ?", cutoff.Unix()); err != nil {
			return err
		}
		if f.Feedback, err = execCount(ctx, tx, "DELETE FROM feedback WHERE created_at < ?", cutoff.Unix()); err != nil {
			return err
		}
		// Hand-off transcripts follow the questions' retention; a hand-off
		// itself goes once it is over and older than the cutoff.
		if _, err = tx.ExecContext(ctx, "DELETE FROM handoff_messages WHERE at < ?", cutoff.Unix()); err != nil {
			return err
		}
		if f.Handoffs, err = execCount(ctx, tx, `DELETE FROM handoffs WHERE created_at < ?
			AND state NOT IN ('consent', 'waiting', 'taken')`, cutoff.Unix()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM seen_events WHERE expires_at < ?", s.Now().Unix())
		return err
	})
	if err != nil {
		return Forgotten{}, fmt.Errorf("purge: %w", classify(err))
	}
	// Wipe even when nothing was deleted now: it finishes what an
	// earlier Forget in another process (careerbot forget) left pending.
	done, err := s.wipeDeleted(ctx)
	if err != nil {
		return Forgotten{}, fmt.Errorf("purge: %w", err)
	}
	f.Pending = !done
	return f, nil
}

func execCount(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Stats are headline figures for a period, for the admin `stats` command.
type Stats struct {
	Questions, Answered, Users int
	Helpful, Unhelpful         int
}

// StatsSince summarises the questions and feedback since t.
func (s *Store) StatsSince(ctx context.Context, t time.Time) (Stats, error) {
	var st Stats
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(answered), 0),
		count(DISTINCT nullif(user, '')) FROM questions WHERE asked_at >= ?`, t.Unix()).
		Scan(&st.Questions, &st.Answered, &st.Users)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0)
		FROM feedback WHERE created_at >= ?`, t.Unix()).Scan(&st.Helpful, &st.Unhelpful)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// StaleEntry is an entry due for review.
type StaleEntry struct {
	ID, Topic, Reviewed, Owner string
}

// Stale lists entries never reviewed or last reviewed before cutoff,
// oldest first.
func (s *Store) Stale(ctx context.Context, cutoff time.Time) ([]StaleEntry, error) {
	var out []StaleEntry
	err := scanEach(ctx, s.db, `SELECT id, topic, reviewed, owner FROM entries
		WHERE reviewed = '' OR reviewed < ? ORDER BY reviewed, position`, func(r *sql.Rows) error {
		var e StaleEntry
		if err := r.Scan(&e.ID, &e.Topic, &e.Reviewed, &e.Owner); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}, cutoff.UTC().Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("stale entries: %w", err)
	}
	return out, nil
}

// Promote ends an entry's A/B test: with variant "B" the B answers become
// the answers; with "A" the B answers are dropped. Either way the entry
// then has one answer per language.
func (s *Store) Promote(ctx context.Context, id, variant string) error {
	var q string
	switch variant {
	case "A", "a":
		q = "UPDATE entry_texts SET variant = '', variant_sie = '' WHERE entry_id = ?"
	case "B", "b":
		q = `UPDATE entry_texts SET answer = variant, answer_sie = variant_sie, variant = '', variant_sie = ''
			WHERE entry_id = ? AND variant != ''`
	default:
		return fmt.Errorf("promote: variant %q: use A or B", variant)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM entry_texts WHERE entry_id = ? AND variant != ''", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("promote: entry %q has no variant under test: %w", id, bot.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
		return err
	})
}
