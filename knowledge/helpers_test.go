package knowledge

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// openStore opens a new database in a temporary directory; it starts with
// the default content and is closed when the test ends.
func openStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kb.db")
	return openStoreAt(t, path), path
}

// openStoreAt opens the database at path, closed when the test ends.
func openStoreAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exportBytes exports the store in format.
func exportBytes(t testing.TB, s *Store, format string) []byte {
	t.Helper()
	doc, err := s.Export(context.Background())
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	var b bytes.Buffer
	if err := Encode(&b, doc, format); err != nil {
		t.Fatalf("Encode(%s): %v", format, err)
	}
	return b.Bytes()
}

func kbVersion(t testing.TB, s *Store) int64 {
	t.Helper()
	v, err := s.Version(context.Background())
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	return v
}

func mustImport(t testing.TB, s *Store, doc *Document, opt ImportOptions) {
	t.Helper()
	if err := s.Import(context.Background(), doc, opt); err != nil {
		t.Fatalf("Import: %v", err)
	}
}

func entryByID(doc *Document, id string) (Entry, bool) {
	for _, e := range doc.Entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// smallDoc is a valid two-entry document.
func smallDoc() *Document {
	return &Document{
		Version: FormatVersion,
		Entries: []Entry{
			{ID: "quokka-care", Topic: "pets", Related: []string{"quokka-food"}, Texts: map[string]Text{
				"de": {Questions: []string{"Wie pflege ich einen Quokka?"}, Answer: "Mit viel Geduld."},
				"en": {Questions: []string{"How do I care for a quokka?"}, Answer: "With a lot of patience."},
			}},
			{ID: "quokka-food", Topic: "pets", Related: []string{}, Texts: map[string]Text{
				"de": {Questions: []string{"Was frisst ein Quokka?"}, Answer: "Blätter und Gräser."},
			}},
		},
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
