package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// TestPlatforms are the platforms of test traffic (`ask --log`, `eval`),
// left out of what the console reports.
var TestPlatforms = []string{"cli", "eval"}

// testPlatformsSQL is TestPlatforms as an SQL list.
const testPlatformsSQL = "('cli', 'eval')"

// NotTestTraffic is an SQL condition on a platform column that leaves
// out TestPlatforms, for reports over the questions and feedback tables.
func NotTestTraffic(column string) string { return column + " NOT IN " + testPlatformsSQL }

// AskedInfo says when a question text was last asked and which entry, if
// any, answered it.
type AskedInfo struct {
	Last       time.Time
	AnsweredBy string
}

// AskedSince summarises each distinct question asked since t, keyed by
// language and text, test traffic left out.
func (s *Store) AskedSince(ctx context.Context, t time.Time) (map[[2]string]AskedInfo, error) {
	out := map[[2]string]AskedInfo{}
	err := scanEach(ctx, s.db, `SELECT lang, question, max(asked_at), max(CASE WHEN answered = 1 THEN entry_id ELSE '' END)
		FROM questions WHERE asked_at >= ? AND platform NOT IN `+testPlatformsSQL+` GROUP BY lang, question`, func(r *sql.Rows) error {
		var lang, q, entry string
		var at int64
		if err := r.Scan(&lang, &q, &at, &entry); err != nil {
			return err
		}
		out[[2]string{lang, q}] = AskedInfo{Last: time.Unix(at, 0).UTC(), AnsweredBy: entry}
		return nil
	}, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("summarise questions: %w", err)
	}
	return out, nil
}

// Vote is one 👍 or 👎 with the question it answered, when the log has it.
type Vote struct {
	EntryID, Lang, Variant, Platform string
	Question                         string // "" when the answer was opened by a button
	Helpful                          bool
	At                               time.Time
}

// Votes lists the feedback since t, newest first, at most limit, test
// traffic left out; unhelpfulOnly keeps the 👎. The question is the last
// one the same (pseudonymous) person asked that the entry answered; the
// pseudonym is used for this join only and never returned.
func (s *Store) Votes(ctx context.Context, since time.Time, unhelpfulOnly bool, limit int) ([]Vote, error) {
	var out []Vote
	filter := ""
	if unhelpfulOnly {
		filter = " AND f.helpful = 0"
	}
	err := scanEach(ctx, s.db, `SELECT f.entry_id, f.lang, f.variant, f.platform, f.helpful, f.created_at,
		coalesce((SELECT q.question FROM questions q WHERE q.user = f.user AND q.entry_id = f.entry_id
			AND q.asked_at <= f.created_at ORDER BY q.asked_at DESC LIMIT 1), '')
		FROM feedback f WHERE f.created_at >= ? AND f.platform NOT IN `+testPlatformsSQL+filter+`
		ORDER BY f.created_at DESC, f.id DESC LIMIT ?`, func(r *sql.Rows) error {
		var v Vote
		var at int64
		if err := r.Scan(&v.EntryID, &v.Lang, &v.Variant, &v.Platform, &v.Helpful, &at, &v.Question); err != nil {
			return err
		}
		v.At = time.Unix(at, 0).UTC()
		out = append(out, v)
		return nil
	}, since.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	return out, nil
}

// InboxAction is what an editor did with a group of the inbox.
type InboxAction struct {
	ID      int64
	GroupID string
	Action  string // accept, new or dismiss
	EntryID string
	// Detail is the action's data as JSON: the questions it handled.
	Detail string
	User   string
	At     time.Time
	Undone bool
}

// AddInboxAction records an inbox action and returns its id.
func (s *Store) AddInboxAction(ctx context.Context, a InboxAction) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO console_inbox (group_id, action, entry_id, detail, user_name, at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.GroupID, a.Action, a.EntryID, a.Detail, a.User, s.Now().Unix())
	if err != nil {
		return 0, fmt.Errorf("record inbox action: %w", err)
	}
	return res.LastInsertId()
}

// InboxActions lists the inbox actions, newest first.
func (s *Store) InboxActions(ctx context.Context) ([]InboxAction, error) {
	var out []InboxAction
	err := scanEach(ctx, s.db, `SELECT id, group_id, action, entry_id, detail, user_name, at, undone
		FROM console_inbox ORDER BY id DESC`, func(r *sql.Rows) error {
		var a InboxAction
		var at int64
		if err := r.Scan(&a.ID, &a.GroupID, &a.Action, &a.EntryID, &a.Detail, &a.User, &at, &a.Undone); err != nil {
			return err
		}
		a.At = time.Unix(at, 0).UTC()
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read inbox actions: %w", err)
	}
	return out, nil
}

// UndoInboxAction marks an action undone and returns it; an action
// already undone, or unknown, is bot.ErrNotFound.
func (s *Store) UndoInboxAction(ctx context.Context, id int64) (InboxAction, error) {
	var a InboxAction
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT id, group_id, action, entry_id, detail, user_name, at FROM console_inbox
			WHERE id = ? AND undone = 0`, id).Scan(&a.ID, &a.GroupID, &a.Action, &a.EntryID, &a.Detail, &a.User, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("inbox action %d: %w", id, bot.ErrNotFound)
		}
		if err != nil {
			return err
		}
		a.At = time.Unix(at, 0).UTC()
		_, err = tx.ExecContext(ctx, "UPDATE console_inbox SET undone = 1 WHERE id = ?", id)
		return err
	})
	if err != nil {
		return InboxAction{}, fmt.Errorf("undo inbox action: %w", err)
	}
	return a, nil
}
