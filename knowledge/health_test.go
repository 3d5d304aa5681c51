package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
)

func TestCheckWritable(t *testing.T) {
	s, _ := openStore(t)
	for range 3 { // the probe leaves nothing behind to trip over
		if err := s.CheckWritable(context.Background()); err != nil {
			t.Fatalf("CheckWritable on a fresh database: %v", err)
		}
	}
	if n := countRows(t, s, "health_scratch", "1"); n != 0 {
		t.Errorf("%d scratch rows left", n)
	}
}

// TestCheckWritableReadOnly opens the database as SQLite does when the
// file is read-only (it falls back to reading): reads work, the probe
// fails with ErrReadOnly.
func TestCheckWritableReadOnly(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t)
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	ro := &Store{db: db, Now: s.Now}
	ro.wiper.init()
	t.Cleanup(func() { ro.Close() })
	if err := ro.db.PingContext(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if err := ro.CheckWritable(ctx); !errors.Is(err, ErrReadOnly) {
		t.Errorf("CheckWritable = %v, want ErrReadOnly", err)
	}
}

// TestCheckWritableFull fills the database up to its page limit, as a
// full disk would: the probe then fails with ErrFull although a ping and
// reads still work, and passes again once there is room.
func TestCheckWritableFull(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	s.db.SetMaxOpenConns(1) // max_page_count is per connection
	var pages int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE filler (b BLOB)"); err != nil && !isFull(err) {
		t.Fatal(err)
	}
	for range 10000 { // fill the free pages and the last page's free space
		_, err := s.db.ExecContext(ctx, "INSERT INTO filler VALUES (randomblob(200))")
		if isFull(err) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.db.PingContext(ctx); err != nil {
		t.Fatalf("ping on a full database: %v", err)
	}
	if err := s.CheckWritable(ctx); !errors.Is(err, ErrFull) {
		t.Errorf("CheckWritable on a full database = %v, want ErrFull", err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages+100)); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWritable(ctx); err != nil {
		t.Errorf("CheckWritable after making room = %v", err)
	}
}

func isFull(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrFull
}

// TestOpenDamaged opens files that are not, or no longer, SQLite
// databases: the error wraps ErrDamaged, so the command line can say to
// restore a backup instead of blaming permissions.
func TestOpenDamaged(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, path string)
	}{
		{"not a database", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("this is not a database\n", 500)), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"pages overwritten", func(t *testing.T, path string) {
			s := openStoreAt(t, path)
			s.Close() // checkpoints everything into the file
			b := mustRead(t, path)
			for i := 4096; i < len(b); i++ { // keep the header page, garble the rest
				b[i] = byte(i * 7)
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kb.db")
			tt.spoil(t, path)
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on a damaged file")
			}
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("Open = %v, want ErrDamaged", err)
			}
		})
	}
}

// BenchmarkCheckWritable measures the write probe of each /readyz.
func BenchmarkCheckWritable(b *testing.B) {
	s, _ := openStore(b)
	for b.Loop() {
		if err := s.CheckWritable(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
