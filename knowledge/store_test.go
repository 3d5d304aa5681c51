package knowledge

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestOpenCreatesAndConfigures(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "kb.db")
	s := openStoreAt(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("migration files: %v, %v", files, err)
	}
	latest, err := strconv.Atoi(strings.SplitN(filepath.Base(files[len(files)-1]), "_", 2)[0])
	if err != nil {
		t.Fatalf("last migration's number: %v", err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
		t.Errorf("SchemaVersion = %d, %v; want %d (the last migration's number)", v, err, latest)
	}
	// Pragmas are per connection: check several at once, since the pool
	// hands out whichever is free.
	var conns []*sql.Conn
	for range 3 {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	tests := []struct {
		pragma string
		want   string
	}{
		{"user_version", strconv.Itoa(latest)},
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"secure_delete", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.pragma, func(t *testing.T) {
			for i, c := range conns {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
					t.Fatalf("connection %d: PRAGMA %s: %v", i, tt.pragma, err)
				}
				if got != tt.want {
					t.Errorf("connection %d: PRAGMA %s = %q, want %q", i, tt.pragma, got, tt.want)
				}
			}
		})
	}
}

func TestOpenEmptyPath(t *testing.T) {
	if s, err := Open(context.Background(), ""); err == nil {
		s.Close()
		t.Fatal("Open(\"\") succeeded, want an error")
	}
}

func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t)
	if _, err := s.DB().ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err == nil {
		s2.Close()
		t.Fatal("Open of a database with a newer schema succeeded")
	}
	// The message is what an operator reads: it must name the version and
	// the fix.
	for _, want := range []string{"99", "newer", "upgrade careerbot"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 99 {
		t.Errorf("user_version after the failed open = %d, %v; want it left at 99", v, err)
	}
}

func TestOpenLoadsDefaultContent(t *testing.T) {
	s, _ := openStore(t)
	def, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != len(def.Entries) || len(doc.Entries) == 0 {
		t.Fatalf("a new database has %d entries, the default content %d", len(doc.Entries), len(def.Entries))
	}
	for i, e := range def.Entries {
		if doc.Entries[i].ID != e.ID {
			t.Errorf("entry %d is %q, want %q (default order)", i, doc.Entries[i].ID, e.ID)
		}
	}
	if v := kbVersion(t, s); v != 1 {
		t.Errorf("kb_version of a new database = %d, want 1", v)
	}
}

// TestOpenKeepsEditorChanges checks that the default content is loaded
// only into a new database: whatever an editor did is still there after a
// restart.
func TestOpenKeepsEditorChanges(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		edit func(t *testing.T, s *Store)
	}{
		{"replaced by another knowledge base", func(t *testing.T, s *Store) {
			mustImport(t, s, smallDoc(), ImportOptions{Replace: true})
		}},
		{"one entry changed", func(t *testing.T, s *Store) {
			doc, err := s.Export(ctx)
			if err != nil {
				t.Fatal(err)
			}
			e := doc.Entries[0]
			e.Texts["de"] = Text{Questions: []string{"Geänderte Frage?"}, Answer: "Geänderte Antwort."}
			mustImport(t, s, &Document{Version: FormatVersion, Entries: []Entry{e}}, ImportOptions{})
		}},
		{"one entry deleted", func(t *testing.T, s *Store) {
			if _, err := s.DB().ExecContext(ctx, "DELETE FROM entries WHERE id = (SELECT id FROM entries ORDER BY position LIMIT 1)"); err != nil {
				t.Fatal(err)
			}
		}},
		{"all entries deleted", func(t *testing.T, s *Store) {
			if _, err := s.DB().ExecContext(ctx, "DELETE FROM entries"); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openStore(t)
			tt.edit(t, s)
			before, version := exportBytes(t, s, "json"), kbVersion(t, s)
			s.Close()
			for range 2 { // a second restart must not reseed either
				s = openStoreAt(t, path)
				if after := exportBytes(t, s, "json"); !bytes.Equal(before, after) {
					t.Fatalf("reopening changed the knowledge base:\nbefore: %.300s\nafter:  %.300s", before, after)
				}
				if v := kbVersion(t, s); v != version {
					t.Errorf("kb_version after reopening = %d, want %d", v, version)
				}
				s.Close()
			}
		})
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name, xdg, home, want string
	}{
		{"XDG_DATA_HOME", "/data", "/home/u", "/data/careerbot/careerbot.db"},
		{"home", "", "/home/u", "/home/u/.local/share/careerbot/careerbot.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if err != nil || got != tt.want {
				t.Errorf("DefaultPath() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
