// Package knowledge is careerbot's SQLite store: the knowledge base with its
// migrations, import and export, the search snapshot the engine answers
// from, and the small tables the chat adapters keep their state in.
package knowledge

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open knowledge-base database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Logger receives what the store does in the background (finishing a
	// forget that a reader held up); nil discards it. Set it before use.
	Logger *slog.Logger
	// WipeWait bounds how long Forget and Purge wait for readers that
	// block overwriting deleted rows before they report Pending and finish
	// in the background; tests shorten it.
	WipeWait time.Duration

	wiper wiper
}

// DefaultPath returns the database path used when neither --db nor
// CAREERBOT_DB is given: careerbot.db in the XDG data directory.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find data directory: %w (set CAREERBOT_DB or --db)", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "careerbot", "careerbot.db"), nil
}

// Open opens (creating if needed) the database at path, applies pending
// migrations and, when the knowledge base is empty, loads the default
// content. An editor's changes are never overwritten.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open knowledge base: empty database path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open knowledge base: %w", err)
		}
	}
	// The file holds what people asked: create it readable by its owner
	// only. SQLite gives the -wal and -shm files the same mode.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open knowledge base: %w", err)
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_secure_delete", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open knowledge base %s: %w", path, err)
	}
	s := &Store{db: db, Now: time.Now, WipeWait: defaultWipeWait}
	s.wiper.init()
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open knowledge base %s: %w", path, classify(err))
	}
	if err := s.seed(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open knowledge base %s: %w", path, classify(err))
	}
	if err := s.fillFormal(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open knowledge base %s: add formal answers: %w", path, err)
	}
	return s, nil
}

// Close stops the background wipe, if one runs, and closes the database.
func (s *Store) Close() error {
	s.wiper.stop()
	return s.db.Close()
}

// DB exposes the database handle to this module's other packages' tests
// and tools that scan every table.
func (s *Store) DB() *sql.DB { return s.db }

// Ping reports whether the database answers, for readiness checks.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// migrate applies the embedded migrations whose number (the NNNN of
// NNNN_name.sql) is above the database's user_version, in order, each in
// its own transaction that also sets user_version to its number. Numbers
// rather than positions keep a database right when migrations from work
// done in parallel arrive out of order.
func (s *Store) migrate(ctx context.Context) error {
	steps, err := migrationSteps()
	if err != nil {
		return err
	}
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := steps[len(steps)-1].number; version > latest {
		return fmt.Errorf("database schema version %d is newer than this careerbot (%d): upgrade careerbot", version, latest)
	}
	for _, m := range steps {
		if m.number <= version {
			continue
		}
		body, err := migrations.ReadFile(m.name)
		if err != nil {
			return err
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.number))
			return err
		}); err != nil {
			return fmt.Errorf("migration %s: %w", filepath.Base(m.name), err)
		}
	}
	return nil
}

// migration is one embedded schema file and the number it sets.
type migration struct {
	name   string
	number int
}

// migrationSteps lists the embedded migrations by number.
func migrationSteps() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	steps := make([]migration, 0, len(names))
	for _, name := range names {
		base := filepath.Base(name)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with its number, as in 0003_name.sql", base)
		}
		steps = append(steps, migration{name: name, number: n})
	}
	if len(steps) == 0 {
		return nil, errors.New("no migrations embedded")
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].number < steps[j].number })
	return steps, nil
}

// SchemaVersion reports the applied schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// stmtCache runs statements in a transaction, preparing each distinct
// query once: an import of 10,000 entries runs the same few statements
// 150,000 times, and preparing them anew every time was 40 % of its time.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache {
	return &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}}
}

// ExecContext is tx.ExecContext with query prepared once.
func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

// Close closes the prepared statements.
func (c *stmtCache) Close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

// seed loads the default content into an empty knowledge base.
func (s *Store) seed(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM entries").Scan(&n); err != nil {
		return err
	}
	var seeded string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'seeded'").Scan(&seeded)
	if n > 0 || err == nil {
		return nil // an editor's knowledge base, or one emptied on purpose
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	doc, err := DefaultContent()
	if err != nil {
		return err
	}
	if err := s.Import(ctx, doc, ImportOptions{Replace: true}); err != nil {
		return fmt.Errorf("load default content: %w", err)
	}
	_, err = s.db.ExecContext(ctx, "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?)", s.Now().UTC().Format(time.RFC3339))
	return err
}

// Version is the knowledge-base version: a counter bumped by every change
// of content, recorded with answers so reports can tell edits apart.
func (s *Store) Version(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kb_version'").Scan(&v)
	return v, err
}
