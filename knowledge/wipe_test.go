package knowledge

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// holdReader opens a second connection to path, as another process would,
// and starts a read transaction on it; release ends it.
func holdReader(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM questions").Scan(&n); err != nil {
		t.Fatal(err) // the first read takes the snapshot
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			tx.Rollback()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// filesHold reports which of the database file and its log contain s.
func filesHold(t *testing.T, path, s string) []string {
	t.Helper()
	var in []string
	for _, name := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			in = append(in, filepath.Base(name))
		}
	}
	return in
}

// lockedBuffer collects log output written by the background wipe.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestForgetBlockedByReader holds a read transaction on a second
// connection while a user is forgotten: Forget says the deletion is
// pending, the rows are invisible at once, and the text and pseudonym
// leave the files once the reader lets go, without another call.
func TestForgetBlockedByReader(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStoreAt(t, path)
	var logs lockedBuffer
	s.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	s.WipeWait = 300 * time.Millisecond
	const marker, user = "blocked-forget-marker-Hq3", "pseudonym-7f3a9c1e"
	logQuestion(t, s, user, time.Now(), "Wie pflege ich einen Quokka? "+marker)
	recordFeedback(t, s, user, time.Now(), true)
	release := holdReader(t, path)

	got, err := s.Forget(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Pending || got.Questions != 1 || got.Feedback != 1 {
		t.Fatalf("Forget = %+v, want 1 question, 1 vote, pending", got)
	}
	if n := countRows(t, s, "questions", "user = ?", user) + countRows(t, s, "feedback", "user = ?", user); n != 0 {
		t.Errorf("%d rows still visible", n)
	}
	if len(filesHold(t, path, marker)) == 0 {
		t.Fatal("the text is gone although the reader blocks the checkpoint; the test proves nothing")
	}

	release()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) { // a guard, not a timing check
		if len(filesHold(t, path, marker)) == 0 && len(filesHold(t, path, user)) == 0 &&
			strings.Contains(logs.String(), "deleted rows overwritten") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the reader let go, %v still hold the text, %v the pseudonym; log:\n%s",
				filesHold(t, path, marker), filesHold(t, path, user), logs.String())
		}
	}
}

// TestForgetWaitsForShortReader: a reader that lets go while Forget waits
// does not make the deletion pending.
func TestForgetWaitsForShortReader(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStoreAt(t, path)
	s.WipeWait = 30 * time.Second // generous: the reader lets go almost at once
	const marker, user = "short-reader-marker-Vb2", "pseudonym-22c9"
	logQuestion(t, s, user, time.Now(), "Was frisst ein Quokka? "+marker)
	release := holdReader(t, path)
	go func() {
		time.Sleep(50 * time.Millisecond)
		release()
	}()
	got, err := s.Forget(ctx, user)
	if err != nil || got.Pending {
		t.Fatalf("Forget = %+v, %v; want done", got, err)
	}
	if in := filesHold(t, path, marker); len(in) > 0 {
		t.Errorf("%v still hold the text", in)
	}
}

// TestCloseWhilePending closes the store while a reader still blocks the
// wipe: Close returns and the log says what is left to do.
func TestCloseWhilePending(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	s.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	s.WipeWait = 100 * time.Millisecond
	logQuestion(t, s, "p-close", time.Now(), "Wie pflege ich einen Quokka?")
	holdReader(t, path)
	if got, err := s.Forget(ctx, "p-close"); err != nil || !got.Pending {
		t.Fatalf("Forget = %+v, %v; want pending", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "store closed before deleted rows were overwritten") {
		t.Errorf("the log does not say the wipe is unfinished:\n%s", logs.String())
	}
}

// TestForgetCallerGivesUp: when the caller's context ends while a reader
// still blocks the wipe, the deletion stands and Forget reports it as
// pending rather than failed.
func TestForgetCallerGivesUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStoreAt(t, path)
	s.WipeWait = time.Hour
	logQuestion(t, s, "p-impatient", time.Now(), "Wie pflege ich einen Quokka?")
	holdReader(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // give up once the rows are deleted, while the wipe waits
		defer cancel()
		for {
			var n int
			if err := s.DB().QueryRow("SELECT count(*) FROM questions WHERE user = 'p-impatient'").Scan(&n); err != nil || n == 0 {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	got, err := s.Forget(ctx, "p-impatient")
	if err != nil || !got.Pending || got.Questions != 1 {
		t.Fatalf("Forget = %+v, %v; want 1 question, pending, no error", got, err)
	}
}
