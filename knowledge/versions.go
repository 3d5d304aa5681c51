package knowledge

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// VersionInfo describes one published version of the knowledge base.
type VersionInfo struct {
	ID      int64
	Author  string
	Message string
	Created time.Time
}

// Versions lists the published versions, newest first.
func (s *Store) Versions(ctx context.Context) ([]VersionInfo, error) {
	var out []VersionInfo
	err := scanEach(ctx, s.db, "SELECT id, author, message, created_at FROM kb_versions ORDER BY id DESC", func(r *sql.Rows) error {
		var v VersionInfo
		var at int64
		if err := r.Scan(&v.ID, &v.Author, &v.Message, &at); err != nil {
			return err
		}
		v.Created = time.Unix(at, 0).UTC()
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	return out, nil
}

// VersionDocument returns one version's stored document, or bot.ErrNotFound.
func (s *Store) VersionDocument(ctx context.Context, id int64) (*Document, VersionInfo, error) {
	v := VersionInfo{ID: id}
	var at int64
	var body string
	err := s.db.QueryRowContext(ctx, "SELECT author, message, created_at, document FROM kb_versions WHERE id = ?", id).
		Scan(&v.Author, &v.Message, &at, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v, fmt.Errorf("version %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return nil, v, fmt.Errorf("read version %d: %w", id, err)
	}
	v.Created = time.Unix(at, 0).UTC()
	doc, err := decodeStored(body)
	if err != nil {
		return nil, v, fmt.Errorf("read version %d: %w", id, err)
	}
	return doc, v, nil
}

// EnsureBaseline records the published knowledge base as the first
// version when no version exists yet, so history starts with what was
// there before the console.
func (s *Store) EnsureBaseline(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.baseline(ctx, tx) })
}

// RecordVersion stores the published knowledge base as a version by
// author, for changes made outside Publish and Import (`kb promote`).
func (s *Store) RecordVersion(ctx context.Context, author, message string) error {
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.insertVersion(ctx, tx, author, message) }); err != nil {
		return fmt.Errorf("record version: %w", err)
	}
	return nil
}

func (s *Store) baseline(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM kb_versions").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return s.insertVersion(ctx, tx, "system", "state before the first recorded change")
}

func (s *Store) insertVersion(ctx context.Context, tx *sql.Tx, author, message string) error {
	doc, err := exportFrom(ctx, tx)
	if err != nil {
		return err
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO kb_versions (author, created_at, message, document) VALUES (?, ?, ?, ?)",
		author, s.Now().Unix(), message, string(body))
	return err
}

// PublishOptions say who publishes and why.
type PublishOptions struct {
	Author, Message string
	// KeepDraft leaves the draft alone (a rollback); by default a
	// publish deletes the draft it published.
	KeepDraft bool
}

// Publish replaces the knowledge base, in one transaction, with the
// document build returns from the currently published one and records it
// as a version. A document that does not validate changes nothing and is
// returned as a *ValidationError.
func (s *Store) Publish(ctx context.Context, opt PublishOptions, build func(current *Document) (*Document, error)) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.writeVersioned(ctx, tx, opt.Author, opt.Message, build, true); err != nil {
			return err
		}
		if !opt.KeepDraft {
			if _, err := tx.ExecContext(ctx, "DELETE FROM console_draft"); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, "SELECT max(id) FROM kb_versions").Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	return id, nil
}

// writeVersioned writes build's document and records versions: the state
// before, when it is the first recorded change, and the state after.
func (s *Store) writeVersioned(ctx context.Context, tx *sql.Tx, author, message string, build func(*Document) (*Document, error), replace bool) error {
	if err := s.baseline(ctx, tx); err != nil {
		return err
	}
	cur, err := exportFrom(ctx, tx)
	if err != nil {
		return err
	}
	doc, err := build(cur)
	if err != nil {
		return err
	}
	if err := doc.Validate(nil); err != nil {
		if replace {
			return err
		}
		var known = map[string]bool{}
		for _, e := range cur.Entries {
			known[e.ID] = true
		}
		if err := doc.Validate(known); err != nil {
			return err
		}
	}
	if err := writeDocument(ctx, tx, doc, replace); err != nil {
		return err
	}
	return s.insertVersion(ctx, tx, author, message)
}

// Draft is the team's shared draft: Doc is being edited, Base is the
// published document it is based on. Reading a draft rebases it on what
// is published now (see Merge). Without a saved draft both are the
// published document and Saved is false.
type Draft struct {
	Base, Doc *Document
	Saved     bool
	Updated   time.Time
	By        string
}

// Draft reads the draft.
func (s *Store) Draft(ctx context.Context) (Draft, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	defer tx.Rollback()
	d, err := readDraft(ctx, tx)
	if err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	return d, nil
}

func readDraft(ctx context.Context, tx *sql.Tx) (Draft, error) {
	var base, doc, by string
	var at int64
	err := tx.QueryRowContext(ctx, "SELECT base, document, updated_at, updated_by FROM console_draft WHERE id = 1").Scan(&base, &doc, &at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		cur, err := exportFrom(ctx, tx)
		if err != nil {
			return Draft{}, err
		}
		again, err := exportFrom(ctx, tx) // a copy the caller may change
		return Draft{Base: cur, Doc: again}, err
	}
	if err != nil {
		return Draft{}, err
	}
	d := Draft{Saved: true, Updated: time.Unix(at, 0).UTC(), By: by}
	if d.Base, err = decodeStored(base); err != nil {
		return Draft{}, err
	}
	if d.Doc, err = decodeStored(doc); err != nil {
		return Draft{}, err
	}
	// Rebase on what is published now, so the draft always reads as the
	// published knowledge base plus the team's changes.
	cur, err := exportFrom(ctx, tx)
	if err != nil {
		return Draft{}, err
	}
	if !sameJSON(cur, d.Base) {
		d.Doc, d.Base = Merge(cur, d.Base, d.Doc), cur
	}
	return d, nil
}

// UpdateDraft changes the draft in one transaction: fn gets the current
// draft document and changes it in place. Concurrent updates are
// serialised, so two editors' changes to different entries both stay.
// An error from fn changes nothing and is returned as is.
func (s *Store) UpdateDraft(ctx context.Context, user string, fn func(doc *Document) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		d, err := readDraft(ctx, tx)
		if err != nil {
			return fmt.Errorf("read draft: %w", err)
		}
		if err := fn(d.Doc); err != nil {
			return err
		}
		base, err := json.Marshal(d.Base)
		if err != nil {
			return err
		}
		doc, err := json.Marshal(d.Doc)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO console_draft (id, base, document, updated_at, updated_by) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			string(base), string(doc), s.Now().Unix(), user)
		if err != nil {
			return fmt.Errorf("save draft: %w", err)
		}
		return nil
	})
}

// DiscardDraft deletes the draft.
func (s *Store) DiscardDraft(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM console_draft"); err != nil {
		return fmt.Errorf("discard draft: %w", err)
	}
	return nil
}

func decodeStored(body string) (*Document, error) {
	var doc Document
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		return nil, fmt.Errorf("decode stored document: %w", err)
	}
	return &doc, nil
}

// Setting returns a console setting, "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM console_settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a console setting; "" deletes it.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	var err error
	if value == "" {
		_, err = s.db.ExecContext(ctx, "DELETE FROM console_settings WHERE key = ?", key)
	} else {
		_, err = s.db.ExecContext(ctx, "INSERT INTO console_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	}
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// The settings the console edits that the bot itself reads.
const (
	SettingRecruiterName    = "recruiter_name"
	SettingRecruiterContact = "recruiter_contact"
)

// Contact returns the recruiting team's name and address as set in the
// console, each falling back to def's (the environment's) when unset.
func (s *Store) Contact(ctx context.Context, def bot.Contact) (bot.Contact, error) {
	name, err := s.Setting(ctx, SettingRecruiterName)
	if err != nil {
		return def, err
	}
	addr, err := s.Setting(ctx, SettingRecruiterContact)
	if err != nil {
		return def, err
	}
	if name != "" {
		def.Name = name
	}
	if addr != "" {
		def.Address = addr
	}
	return def, nil
}
