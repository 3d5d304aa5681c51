package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/careerbot/careerbot/bot"
)

var _ bot.HandoffStore = (*Store)(nil)

const handoffColumns = `id, platform, user, coalesce(address, ''), lang, form, state, thread, created_at,
	coalesce(opened_at, 0), coalesce(taken_at, 0), coalesce(closed_at, 0)`

// CreateHandoff implements bot.HandoffStore.
func (s *Store) CreateHandoff(ctx context.Context, h bot.Handoff) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO handoffs
		(platform, user, address, lang, form, state, thread, created_at, opened_at, taken_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.Platform, h.User, addressIfOpen(h), string(h.Lang), string(h.Form), string(h.State), h.Thread,
		unixOrNil(h.Created), unixOrNil(h.Opened), unixOrNil(h.Taken), unixOrNil(h.Closed))
	if err != nil {
		return 0, fmt.Errorf("create hand-off: %w", err)
	}
	return res.LastInsertId()
}

// UpdateHandoff implements bot.HandoffStore.
func (s *Store) UpdateHandoff(ctx context.Context, h bot.Handoff) error {
	_, err := s.db.ExecContext(ctx, `UPDATE handoffs SET address = ?, state = ?, thread = ?,
		opened_at = ?, taken_at = ?, closed_at = ? WHERE id = ?`,
		addressIfOpen(h), string(h.State), h.Thread, unixOrNil(h.Opened), unixOrNil(h.Taken), unixOrNil(h.Closed), h.ID)
	if err != nil {
		return fmt.Errorf("update hand-off: %w", err)
	}
	return nil
}

// OpenHandoff implements bot.HandoffStore.
func (s *Store) OpenHandoff(ctx context.Context, platform, user string) (bot.Handoff, bool, error) {
	return s.oneHandoff(ctx, `SELECT `+handoffColumns+` FROM handoffs
		WHERE platform = ? AND user = ? AND state IN ('consent', 'waiting', 'taken') ORDER BY id DESC LIMIT 1`, platform, user)
}

// HandoffByThread implements bot.HandoffStore.
func (s *Store) HandoffByThread(ctx context.Context, thread string) (bot.Handoff, bool, error) {
	if thread == "" {
		return bot.Handoff{}, false, nil
	}
	return s.oneHandoff(ctx, `SELECT `+handoffColumns+` FROM handoffs WHERE thread = ? ORDER BY id DESC LIMIT 1`, thread)
}

// WaitingSince implements bot.HandoffStore.
func (s *Store) WaitingSince(ctx context.Context, t time.Time) ([]bot.Handoff, error) {
	var out []bot.Handoff
	err := scanEach(ctx, s.db, `SELECT `+handoffColumns+` FROM handoffs WHERE state = 'waiting' AND opened_at < ? ORDER BY id`,
		func(rows *sql.Rows) error {
			h, err := scanHandoff(rows)
			out = append(out, h)
			return err
		}, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("waiting hand-offs: %w", err)
	}
	return out, nil
}

// AddHandoffLine implements bot.HandoffStore.
func (s *Store) AddHandoffLine(ctx context.Context, id int64, l bot.HandoffLine) error {
	at := l.At
	if at.IsZero() {
		at = s.Now()
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO handoff_messages (handoff_id, at, sender, text) VALUES (?, ?, ?, ?)`,
		id, at.Unix(), l.Sender, l.Text); err != nil {
		return fmt.Errorf("add hand-off line: %w", err)
	}
	return nil
}

// HandoffLines returns a hand-off's transcript, oldest first.
func (s *Store) HandoffLines(ctx context.Context, id int64) ([]bot.HandoffLine, error) {
	var out []bot.HandoffLine
	err := scanEach(ctx, s.db, `SELECT at, sender, text FROM handoff_messages WHERE handoff_id = ? ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var l bot.HandoffLine
			var at int64
			err := rows.Scan(&at, &l.Sender, &l.Text)
			l.At = time.Unix(at, 0)
			out = append(out, l)
			return err
		}, id)
	if err != nil {
		return nil, fmt.Errorf("hand-off transcript: %w", err)
	}
	return out, nil
}

// RecentQuestions implements bot.HandoffStore.
func (s *Store) RecentQuestions(ctx context.Context, platform, user string, since time.Time) ([]bot.Question, error) {
	var out []bot.Question
	err := scanEach(ctx, s.db, `SELECT asked_at, question, lang, kind, entry_id, answered FROM questions
		WHERE platform = ? AND user = ? AND asked_at >= ? ORDER BY id`,
		func(rows *sql.Rows) error {
			q := bot.Question{Platform: platform, User: user}
			var at int64
			err := rows.Scan(&at, &q.Text, &q.Lang, &q.Kind, &q.EntryID, &q.Answered)
			q.At = time.Unix(at, 0)
			out = append(out, q)
			return err
		}, platform, user, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("recent questions: %w", err)
	}
	return out, nil
}

func (s *Store) oneHandoff(ctx context.Context, query string, args ...any) (bot.Handoff, bool, error) {
	h, err := scanHandoff(s.db.QueryRowContext(ctx, query, args...))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.Handoff{}, false, nil
	case err != nil:
		return bot.Handoff{}, false, fmt.Errorf("find hand-off: %w", err)
	}
	return h, true, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanHandoff(r scanner) (bot.Handoff, error) {
	var h bot.Handoff
	var created, opened, taken, closed int64
	err := r.Scan(&h.ID, &h.Platform, &h.User, &h.Address, &h.Lang, &h.Form, &h.State, &h.Thread, &created, &opened, &taken, &closed)
	h.Created, h.Opened, h.Taken, h.Closed = fromUnix(created), fromUnix(opened), fromUnix(taken), fromUnix(closed)
	return h, err
}

// addressIfOpen keeps the raw delivery address only while the hand-off
// is open.
func addressIfOpen(h bot.Handoff) any {
	if !h.State.Open() || h.Address == "" {
		return nil
	}
	return h.Address
}

func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0)
}

// HandoffStats are the hand-offs to recruiters requested in a period.
type HandoffStats struct {
	// Requested counts every request for a person; the others split it.
	Requested int `json:"requested"`
	// Passed on: the person consented and the card was posted.
	PassedOn int `json:"passed_on"`
	Taken    int `json:"taken"`
	TimedOut int `json:"timed_out"`
	// OffHours were asked outside business hours; Declined did not
	// consent.
	OffHours int `json:"off_hours"`
	Declined int `json:"declined"`
	// MedianTakeSeconds is the median time from the card to a recruiter
	// taking it; 0 when none was taken.
	MedianTakeSeconds int `json:"median_take_seconds"`
}

// HandoffStats summarises the hand-offs requested from since to until.
func (s *Store) HandoffStats(ctx context.Context, since, until time.Time) (HandoffStats, error) {
	var st HandoffStats
	var waits []int
	err := scanEach(ctx, s.db, `SELECT state, coalesce(opened_at, 0), coalesce(taken_at, 0) FROM handoffs
		WHERE created_at >= ? AND created_at < ?`, func(rows *sql.Rows) error {
		var state string
		var opened, taken int64
		if err := rows.Scan(&state, &opened, &taken); err != nil {
			return err
		}
		st.Requested++
		if opened > 0 {
			st.PassedOn++
		}
		if taken > 0 {
			st.Taken++
			waits = append(waits, int(taken-opened))
		}
		switch bot.HandoffState(state) {
		case bot.HandoffTimedOut:
			st.TimedOut++
		case bot.HandoffOffHours:
			st.OffHours++
		case bot.HandoffDeclined:
			st.Declined++
		}
		return nil
	}, since.Unix(), until.Unix())
	if err != nil {
		return HandoffStats{}, fmt.Errorf("hand-off stats: %w", err)
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		st.MedianTakeSeconds = waits[len(waits)/2]
	}
	return st, nil
}
