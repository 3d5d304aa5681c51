package knowledge

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
)

// JobImportOptions controls ImportPostings.
type JobImportOptions struct {
	// Replace deletes every posting first; without it postings with the
	// same id are replaced and all others kept.
	Replace bool
	// Source names where the postings came from (a file or feed URL).
	Source string
}

// JobImportResult counts what an import changed.
type JobImportResult struct {
	Added, Updated, Removed int
}

// ImportPostings writes postings in one transaction: all of them or, on
// any error, none.
func (s *Store) ImportPostings(ctx context.Context, ps []jobs.Posting, opt JobImportOptions) (JobImportResult, error) {
	var res JobImportResult
	now := s.Now().Unix()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		existing := map[string]bool{}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM job_postings")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			existing[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if opt.Replace {
			if _, err := tx.ExecContext(ctx, "DELETE FROM job_postings"); err != nil {
				return err
			}
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO job_postings
			(id, title, date_posted, valid_through, source, imported_at, posting) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, date_posted = excluded.date_posted,
				valid_through = excluded.valid_through, source = excluded.source,
				imported_at = excluded.imported_at, posting = excluded.posting`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		seen := make(map[string]bool, len(ps))
		for _, p := range ps {
			body, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("posting %q: %w", p.ID, err)
			}
			var until int64
			if !p.ValidThrough.IsZero() {
				until = p.ValidThrough.Unix()
			}
			if _, err := stmt.ExecContext(ctx, p.ID, p.Title, p.DatePosted.Format(time.DateOnly), until, opt.Source, now, body); err != nil {
				return fmt.Errorf("posting %q: %w", p.ID, err)
			}
			switch {
			case existing[p.ID] && !seen[p.ID]:
				res.Updated++
			case !seen[p.ID]:
				res.Added++
			}
			seen[p.ID] = true
		}
		if opt.Replace {
			for id := range existing {
				if !seen[id] {
					res.Removed++
				}
			}
		}
		return bumpJobsVersion(ctx, tx)
	})
	if err != nil {
		return JobImportResult{}, fmt.Errorf("import job postings: %w", err)
	}
	return res, nil
}

func bumpJobsVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'jobs_version'")
	return err
}

// Postings returns every stored posting, expired ones included, newest
// first.
func (s *Store) Postings(ctx context.Context) ([]jobs.Posting, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT posting FROM job_postings ORDER BY date_posted DESC, id")
	if err != nil {
		return nil, fmt.Errorf("read job postings: %w", err)
	}
	defer rows.Close()
	var out []jobs.Posting
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("read job postings: %w", err)
		}
		var p jobs.Posting
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, fmt.Errorf("read job postings: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read job postings: %w", err)
	}
	return out, nil
}

// Posting returns one posting, or an error wrapping bot.ErrNotFound.
func (s *Store) Posting(ctx context.Context, id string) (jobs.Posting, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, "SELECT posting FROM job_postings WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Posting{}, fmt.Errorf("job posting %q: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return jobs.Posting{}, fmt.Errorf("read job posting %q: %w", id, err)
	}
	var p jobs.Posting
	if err := json.Unmarshal(body, &p); err != nil {
		return jobs.Posting{}, fmt.Errorf("read job posting %q: %w", id, err)
	}
	return p, nil
}

// RemovePosting deletes one posting, or returns an error wrapping
// bot.ErrNotFound.
func (s *Store) RemovePosting(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM job_postings WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("job posting %q: %w", id, bot.ErrNotFound)
		}
		return bumpJobsVersion(ctx, tx)
	})
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("remove job posting: %w", err)
	}
	return err
}

// JobsVersion is bumped by every change of postings.
func (s *Store) JobsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'jobs_version'").Scan(&v)
	return v, err
}
