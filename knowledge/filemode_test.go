package knowledge

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The database holds what people asked, so a new file is private to its
// owner, whatever the umask.
func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("new database file has mode %o, want 600", mode)
	}
}
