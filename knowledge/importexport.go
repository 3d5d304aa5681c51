package knowledge

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// ImportOptions controls Import.
type ImportOptions struct {
	// Replace deletes the whole knowledge base before loading the document.
	// Without it, entries with the document's ids are replaced and all
	// others are kept.
	Replace bool
	// Author, when set, records the result as a published version with
	// Message (`kb import` records author "cli").
	Author, Message string
}

// Import validates doc and writes it in one transaction. Every problem is
// reported at once as a *ValidationError; a failed import changes nothing.
func (s *Store) Import(ctx context.Context, doc *Document, opt ImportOptions) error {
	known := map[string]bool{}
	if !opt.Replace {
		ids, err := s.entryIDs(ctx)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		for _, id := range ids {
			known[id] = true
		}
	}
	if err := doc.Validate(known); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if opt.Author == "" {
			return writeDocument(ctx, tx, doc, opt.Replace)
		}
		return s.writeVersioned(ctx, tx, opt.Author, opt.Message, func(*Document) (*Document, error) { return doc, nil }, opt.Replace)
	})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// writeDocument writes a validated document in tx and bumps the version.
func writeDocument(ctx context.Context, tx *sql.Tx, doc *Document, replace bool) error {
	if replace {
		for _, q := range []string{"DELETE FROM entry_related", "DELETE FROM entries", "DELETE FROM topics", "DELETE FROM synonyms"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	if err := importTopics(ctx, tx, doc); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	if err := importEntries(ctx, tx, doc); err != nil {
		return fmt.Errorf("entries: %w", err)
	}
	if err := importSynonyms(ctx, tx, doc.Synonyms); err != nil {
		return fmt.Errorf("synonyms: %w", err)
	}
	_, err := tx.ExecContext(ctx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
	return err
}

func importTopics(ctx context.Context, tx *sql.Tx, doc *Document) error {
	var next int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(position), -1) + 1 FROM topics").Scan(&next); err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, t := range doc.Topics {
		listed[t.ID] = true
	}
	for _, e := range doc.Entries {
		// A file without topics: derive them, keeping any the database has.
		if !listed[e.Topic] {
			listed[e.Topic] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO topics (id, position, lead, title_de, title_en)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, e.Topic, next, e.ID, e.Topic, e.Topic); err != nil {
				return err
			}
			next++
		}
	}
	for _, t := range doc.Topics {
		de, en := t.Titles["de"], t.Titles["en"]
		if de == "" {
			de = cmp.Or(en, t.ID)
		}
		if en == "" {
			en = cmp.Or(de, t.ID)
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO topics (id, position, lead, title_de, title_en) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET lead = coalesce(excluded.lead, lead),
				title_de = excluded.title_de, title_en = excluded.title_en`,
			t.ID, next, nullIfEmpty(t.Lead), de, en)
		if err != nil {
			return err
		}
		next++
	}
	return nil
}

func importEntries(ctx context.Context, tx *sql.Tx, doc *Document) error {
	var next int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(position), -1) + 1 FROM entries").Scan(&next); err != nil {
		return err
	}
	x := newStmtCache(tx)
	defer x.Close()
	for _, e := range doc.Entries {
		if _, err := x.ExecContext(ctx, `
			INSERT INTO entries (id, topic, position, reviewed, owner) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, reviewed = excluded.reviewed,
				owner = excluded.owner`, e.ID, e.Topic, next, e.Reviewed, e.Owner); err != nil {
			return err
		}
		next++
		for _, q := range []string{"DELETE FROM entry_texts WHERE entry_id = ?", "DELETE FROM entry_related WHERE entry_id = ?"} {
			if _, err := x.ExecContext(ctx, q, e.ID); err != nil {
				return err
			}
		}
		for _, lang := range sortedKeys(e.Texts) {
			t := e.Texts[lang]
			if _, err := x.ExecContext(ctx, `INSERT INTO entry_texts (entry_id, lang, answer, variant, answer_sie, variant_sie)
				VALUES (?, ?, ?, ?, ?, ?)`, e.ID, lang, t.Answer, t.Variant, t.AnswerSie, t.VariantSie); err != nil {
				return err
			}
			for i, q := range t.Questions {
				if _, err := x.ExecContext(ctx, "INSERT INTO entry_questions (entry_id, lang, position, question) VALUES (?, ?, ?, ?)",
					e.ID, lang, i, q); err != nil {
					return err
				}
			}
		}
	}
	for _, e := range doc.Entries { // after all entries, so links may point forward
		for i, r := range e.Related {
			if _, err := x.ExecContext(ctx, "INSERT INTO entry_related (entry_id, position, related_id) VALUES (?, ?, ?)",
				e.ID, i, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// importSynonyms adds groups that are not already there, term for term.
func importSynonyms(ctx context.Context, tx *sql.Tx, groups [][]string) error {
	existing, err := querySynonyms(ctx, tx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, g := range existing {
		have[groupKey(g)] = true
	}
	var next int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(group_id), 0) + 1 FROM synonyms").Scan(&next); err != nil {
		return err
	}
	for _, g := range groups {
		if have[groupKey(g)] {
			continue
		}
		have[groupKey(g)] = true
		for _, term := range g {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO synonyms (group_id, term) VALUES (?, ?)",
				next, strings.ToLower(strings.TrimSpace(term))); err != nil {
				return err
			}
		}
		next++
	}
	return nil
}

func groupKey(g []string) string {
	terms := make([]string, len(g))
	for i, t := range g {
		terms[i] = strings.ToLower(strings.TrimSpace(t))
	}
	slices.Sort(terms)
	return strings.Join(slices.Compact(terms), "\x00")
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func querySynonyms(ctx context.Context, q queryer) ([][]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT group_id, term FROM synonyms ORDER BY group_id, rowid")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups [][]string
	last := int64(-1)
	for rows.Next() {
		var id int64
		var term string
		if err := rows.Scan(&id, &term); err != nil {
			return nil, err
		}
		if id != last {
			groups = append(groups, nil)
			last = id
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], term)
	}
	return groups, rows.Err()
}

// Export reads the whole knowledge base as a Document, in menu order.
func (s *Store) Export(ctx context.Context) (*Document, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()
	return exportFrom(ctx, tx)
}

// exportFrom reads the whole knowledge base through q, a transaction.
func exportFrom(ctx context.Context, q queryer) (*Document, error) {
	tx := q
	var err error
	doc := &Document{Version: FormatVersion}
	if doc.Topics, err = queryTopics(ctx, tx); err != nil {
		return nil, fmt.Errorf("export topics: %w", err)
	}
	if doc.Entries, err = queryEntries(ctx, tx); err != nil {
		return nil, fmt.Errorf("export entries: %w", err)
	}
	if doc.Synonyms, err = querySynonyms(ctx, tx); err != nil {
		return nil, fmt.Errorf("export synonyms: %w", err)
	}
	return doc, nil
}

func queryTopics(ctx context.Context, q queryer) ([]Topic, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, coalesce(lead, ''), title_de, title_en FROM topics ORDER BY position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var topics []Topic
	for rows.Next() {
		var t Topic
		var de, en string
		if err := rows.Scan(&t.ID, &t.Lead, &de, &en); err != nil {
			return nil, err
		}
		t.Titles = map[string]string{"de": de, "en": en}
		topics = append(topics, t)
	}
	return topics, rows.Err()
}

func queryEntries(ctx context.Context, q queryer) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, topic, reviewed, owner FROM entries ORDER BY position")
	if err != nil {
		return nil, err
	}
	var entries []Entry
	index := map[string]int{}
	for rows.Next() {
		e := Entry{Related: []string{}, Texts: map[string]Text{}}
		if err := rows.Scan(&e.ID, &e.Topic, &e.Reviewed, &e.Owner); err != nil {
			rows.Close()
			return nil, err
		}
		index[e.ID] = len(entries)
		entries = append(entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := scanEach(ctx, q, "SELECT entry_id, lang, answer, variant, answer_sie, variant_sie FROM entry_texts", func(r *sql.Rows) error {
		var id, lang string
		var t Text
		if err := r.Scan(&id, &lang, &t.Answer, &t.Variant, &t.AnswerSie, &t.VariantSie); err != nil {
			return err
		}
		e := &entries[index[id]]
		t.Questions = []string{}
		e.Texts[lang] = t
		return nil
	}); err != nil {
		return nil, err
	}
	if err := scanEach(ctx, q, "SELECT entry_id, lang, question FROM entry_questions ORDER BY entry_id, lang, position", func(r *sql.Rows) error {
		var id, lang, question string
		if err := r.Scan(&id, &lang, &question); err != nil {
			return err
		}
		e := &entries[index[id]]
		t := e.Texts[lang]
		t.Questions = append(t.Questions, question)
		e.Texts[lang] = t
		return nil
	}); err != nil {
		return nil, err
	}
	err = scanEach(ctx, q, "SELECT entry_id, related_id FROM entry_related ORDER BY entry_id, position", func(r *sql.Rows) error {
		var id, rel string
		if err := r.Scan(&id, &rel); err != nil {
			return err
		}
		e := &entries[index[id]]
		e.Related = append(e.Related, rel)
		return nil
	})
	return entries, err
}

func scanEach(ctx context.Context, q queryer, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) entryIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := scanEach(ctx, s.db, "SELECT id FROM entries ORDER BY position", func(r *sql.Rows) error {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
