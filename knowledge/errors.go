package knowledge

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// What can be wrong with the database file itself, as opposed to a query.
// Errors from the store wrap one of them when SQLite reports the cause, so
// callers can say what to do with errors.Is.
var (
	// ErrDamaged: the file is not an SQLite database or its pages are
	// corrupt (SQLITE_CORRUPT, SQLITE_NOTADB). Restore it from a backup.
	ErrDamaged = errors.New("the database file is damaged")
	// ErrReadOnly: the file, its -wal or -shm file or its directory cannot
	// be written (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN).
	ErrReadOnly = errors.New("the database cannot be written")
	// ErrFull: the disk is full or the database reached its size limit
	// (SQLITE_FULL).
	ErrFull = errors.New("the disk or the database is full")
)

// classify wraps err with the file-level problem SQLite reports, if any.
func classify(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	var kind error
	switch se.Code {
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		kind = ErrDamaged
	case sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrCantOpen:
		kind = ErrReadOnly
	case sqlite3.ErrFull:
		kind = ErrFull
	case sqlite3.ErrIoErr:
		if se.ExtendedCode == sqlite3.ErrIoErrShortRead {
			kind = ErrDamaged
		}
	}
	if kind == nil || errors.Is(err, kind) {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}
