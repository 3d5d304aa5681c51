package knowledge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

const (
	// defaultWipeWait is how long Forget waits for a reader that blocks
	// the checkpoint before it reports Pending.
	defaultWipeWait = 3 * time.Second
	// wipeAttemptBusy is SQLite's busy timeout for one checkpoint attempt,
	// so that the loop, not the busy handler, bounds the wait.
	wipeAttemptBusy = 100 * time.Millisecond
	// wipeRetry is the pause between attempts in the background.
	wipeRetry = 2 * time.Second
	// busyTimeout is the connection's normal busy timeout (see Open).
	busyTimeout = 5 * time.Second
)

// Wipe overwrites what deleted rows left behind: it checkpoints the
// write-ahead log into the database file and truncates the log. In WAL
// mode secure_delete zeroes deleted rows only in the new page versions;
// the old ones stay in the database file until a checkpoint and in the
// log until it is reset. A reader holding an old snapshot, in this or
// another process, blocks that; Wipe retries until wait has passed and
// reports whether it finished.
func (s *Store) Wipe(ctx context.Context, wait time.Duration) (bool, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("overwrite deleted rows: %w", classify(err))
	}
	defer conn.Close()
	setBusy := func(ctx context.Context, d time.Duration) error {
		_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", d.Milliseconds()))
		return err
	}
	if err := setBusy(ctx, wipeAttemptBusy); err != nil {
		return false, fmt.Errorf("overwrite deleted rows: %w", err)
	}
	defer setBusy(context.WithoutCancel(ctx), busyTimeout)
	deadline := time.Now().Add(wait)
	for {
		var busy, logFrames, done int
		err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done)
		var se sqlite3.Error
		switch {
		case errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked):
			// another connection is checkpointing: try again
		case err != nil:
			return false, fmt.Errorf("overwrite deleted rows: %w", classify(err))
		case busy == 0:
			return true, nil
		}
		if !time.Now().Before(deadline) {
			return false, nil
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return false, ctx.Err()
		case <-t.C:
		}
	}
}

// wipeDeleted is the Wipe after a delete: when readers keep it from
// finishing within WipeWait, or the caller's context ends first, it
// carries on in the background and reports false, so the caller can say
// the deletion will complete shortly. Only a failure of the database
// itself is an error.
func (s *Store) wipeDeleted(ctx context.Context) (bool, error) {
	done, err := s.Wipe(ctx, s.WipeWait)
	if done {
		return true, nil
	}
	s.wiper.start(s)
	if err != nil && ctx.Err() == nil {
		return false, err
	}
	return false, nil
}

func (s *Store) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// wiper runs at most one background wipe per store and stops with it.
type wiper struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	running bool
	gen     int // bumped by every request, so no request is lost
}

func (w *wiper) init() { w.ctx, w.cancel = context.WithCancel(context.Background()) }

func (w *wiper) stop() {
	w.mu.Lock()
	w.cancel()
	w.mu.Unlock()
	w.wg.Wait()
}

// start asks for a wipe in the background, starting the goroutine unless
// it already runs; a running one wipes once more for the new request.
func (w *wiper) start(s *Store) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.gen++
	if w.running || w.ctx.Err() != nil {
		return
	}
	w.running = true
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.run(s)
	}()
}

func (w *wiper) run(s *Store) {
	log := s.log()
	began := time.Now()
	for attempts := 1; ; attempts++ {
		w.mu.Lock()
		gen := w.gen
		w.mu.Unlock()
		done, err := s.Wipe(w.ctx, s.WipeWait)
		if done {
			w.mu.Lock()
			finished := w.gen == gen
			if finished {
				w.running = false
			}
			w.mu.Unlock()
			if finished {
				log.Info("deleted rows overwritten after readers let go", "attempts", attempts, "waited", time.Since(began).Round(time.Millisecond).String())
				return
			}
			continue
		}
		if w.ctx.Err() != nil {
			log.Warn("store closed before deleted rows were overwritten; the next checkpoint does it (hourly purge, next forget, or the last connection closing)",
				"attempts", attempts)
			return
		}
		if err != nil {
			log.Warn("overwriting deleted rows failed; retrying", "err", err)
		} else if attempts == 1 || attempts%30 == 0 {
			log.Warn("a reader keeps deleted rows in the write-ahead log; retrying", "attempts", attempts)
		}
		t := time.NewTimer(wipeRetry)
		select {
		case <-w.ctx.Done():
			t.Stop()
		case <-t.C:
		}
	}
}
