package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
)

var _ bot.JobAlerts = (*JobBoard)(nil)

// maxAlertFilterRunes bounds the filter text a job alert stores.
const maxAlertFilterRunes = 200

// alertQuery reads the filters of a job alert's text; ok is false when it
// names none the job search knows.
func alertQuery(text string) (bot.JobQuery, bool) {
	_, q := jobs.Detect(text)
	q.Page = 0
	return q, !q.Empty()
}

func describeAll(q bot.JobQuery) map[bot.Lang]string {
	return map[bot.Lang]string{bot.German: jobs.Describe(q, bot.German), bot.English: jobs.Describe(q, bot.English)}
}

// Subscribe implements bot.JobAlerts. The postings stored at this moment
// count as sent: an alert reports only postings that appear after it.
func (b *JobBoard) Subscribe(ctx context.Context, platform, chat, subject, text string, lang bot.Lang) (bot.JobAlert, error) {
	text = strings.TrimSpace(text)
	if r := []rune(text); len(r) > maxAlertFilterRunes {
		text = string(r[:maxAlertFilterRunes])
	}
	q, ok := alertQuery(text)
	if !ok {
		return bot.JobAlert{}, fmt.Errorf("subscribe to %q: %w", text, bot.ErrAlertFilters)
	}
	var id int64
	err := b.store.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM job_alerts WHERE platform = ? AND chat = ?",
			platform, chat).Scan(&n); err != nil {
			return err
		}
		if n >= bot.MaxJobAlerts {
			return bot.ErrTooManyAlerts
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO job_alerts (platform, chat, subject, filters, lang, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, platform, chat, subject, text, string(lang), b.store.Now().Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO job_alert_sent (alert_id, posting_id)
			SELECT ?, id FROM job_postings`, id)
		return err
	})
	if err != nil {
		return bot.JobAlert{}, fmt.Errorf("subscribe to job alerts: %w", classify(err))
	}
	return bot.JobAlert{ID: id, Filters: describeAll(q)}, nil
}

// Alerts implements bot.JobAlerts.
func (b *JobBoard) Alerts(ctx context.Context, platform, chat string) ([]bot.JobAlert, error) {
	rows, err := b.store.db.QueryContext(ctx, "SELECT id, filters FROM job_alerts WHERE platform = ? AND chat = ? ORDER BY id",
		platform, chat)
	if err != nil {
		return nil, fmt.Errorf("list job alerts: %w", err)
	}
	defer rows.Close()
	var out []bot.JobAlert
	for rows.Next() {
		var a bot.JobAlert
		var text string
		if err := rows.Scan(&a.ID, &text); err != nil {
			return nil, fmt.Errorf("list job alerts: %w", err)
		}
		q, _ := alertQuery(text)
		a.Filters = describeAll(q)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list job alerts: %w", err)
	}
	return out, nil
}

// Unsubscribe implements bot.JobAlerts.
func (b *JobBoard) Unsubscribe(ctx context.Context, platform, chat string, n int) (int, error) {
	var ended int64
	err := b.store.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if n <= 0 {
			ended, err = execCount(ctx, tx, "DELETE FROM job_alerts WHERE platform = ? AND chat = ?", platform, chat)
			return err
		}
		ended, err = execCount(ctx, tx, `DELETE FROM job_alerts WHERE id = (SELECT id FROM job_alerts
			WHERE platform = ? AND chat = ? ORDER BY id LIMIT 1 OFFSET ?)`, platform, chat, n-1)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("unsubscribe from job alerts: %w", classify(err))
	}
	if ended > 0 {
		if _, err := b.store.wipeDeleted(ctx); err != nil {
			return int(ended), fmt.Errorf("unsubscribe from job alerts: %w", err)
		}
	}
	return int(ended), nil
}

// Pending implements bot.JobAlerts. It reloads the postings first when
// they changed (an import by another process, the feed).
func (b *JobBoard) Pending(ctx context.Context, platform string) ([]bot.JobAlertNote, error) {
	if _, err := b.Refresh(ctx); err != nil {
		return nil, err
	}
	type alert struct {
		id               int64
		chat, text, lang string
	}
	var alerts []alert
	rows, err := b.store.db.QueryContext(ctx, "SELECT id, chat, filters, lang FROM job_alerts WHERE platform = ? ORDER BY id", platform)
	if err != nil {
		return nil, fmt.Errorf("pending job alerts: %w", err)
	}
	for rows.Next() {
		var a alert
		if err := rows.Scan(&a.id, &a.chat, &a.text, &a.lang); err != nil {
			rows.Close()
			return nil, fmt.Errorf("pending job alerts: %w", err)
		}
		alerts = append(alerts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending job alerts: %w", err)
	}
	ix, now := b.cur.Load().index, b.store.Now()
	var out []bot.JobAlertNote
	for _, a := range alerts {
		q, ok := alertQuery(a.text)
		if !ok {
			continue
		}
		fit := ix.Fitting(q, now)
		if len(fit) == 0 {
			continue
		}
		sent, err := b.sentTo(ctx, a.id)
		if err != nil {
			return nil, err
		}
		desc := describeAll(q)
		for _, j := range fit {
			if !sent[j.ID] {
				out = append(out, bot.JobAlertNote{AlertID: a.id, Chat: a.chat, Lang: bot.Lang(a.lang), Filters: desc, Job: j})
			}
		}
	}
	return out, nil
}

func (b *JobBoard) sentTo(ctx context.Context, alertID int64) (map[string]bool, error) {
	rows, err := b.store.db.QueryContext(ctx, "SELECT posting_id FROM job_alert_sent WHERE alert_id = ?", alertID)
	if err != nil {
		return nil, fmt.Errorf("job alert %d: %w", alertID, err)
	}
	defer rows.Close()
	sent := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("job alert %d: %w", alertID, err)
		}
		sent[id] = true
	}
	return sent, rows.Err()
}

// MarkSent implements bot.JobAlerts. An alert that ended meanwhile is no
// error: there is nothing left to mark.
func (b *JobBoard) MarkSent(ctx context.Context, alertID int64, postingID string) error {
	_, err := b.store.db.ExecContext(ctx, `INSERT OR IGNORE INTO job_alert_sent (alert_id, posting_id)
		SELECT id, ? FROM job_alerts WHERE id = ?`, postingID, alertID)
	if err != nil {
		return fmt.Errorf("mark job alert %s sent: %w", strconv.FormatInt(alertID, 10), err)
	}
	return nil
}
