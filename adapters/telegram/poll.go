package telegram

import (
	"context"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// cursorName is where the last confirmed update_id is kept.
const cursorName = "telegram-offset"

// allowedUpdates are the update kinds the adapter asks for.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

// poll runs the getUpdates loop. Unlike the library's update channel, it
// confirms an update (stores its id and asks for the next one) only after
// the update was handled, so a restart neither answers twice nor skips.
// work is the handlers' context, used to store the cursor.
func (a *Adapter) poll(ctx, work context.Context) error {
	last, err := a.cfg.Cursors.Cursor(ctx, cursorName)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	wait := a.cfg.Backoff
	for ctx.Err() == nil {
		cfg := tgbotapi.UpdateConfig{Limit: 100, Timeout: int(a.cfg.PollTimeout.Seconds()), AllowedUpdates: allowedUpdates}
		if last > 0 {
			cfg.Offset = int(last + 1)
		}
		updates, err := a.api.getUpdates(ctx, cfg)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			a.logPollError(err, wait)
			pause := max(wait, retryAfter(err))
			if a.sleep(ctx, pause) != nil {
				break
			}
			wait = min(2*wait, a.cfg.MaxBackoff)
			continue
		}
		wait = a.cfg.Backoff
		last = a.handleBatch(ctx, work, last, updates)
	}
	a.log.Info("polling stopped", "last_update_id", last)
	return nil
}

func (a *Adapter) logPollError(err error, wait time.Duration) {
	switch errorCode(err) {
	case codeConflict:
		a.log.Error("getUpdates conflict: another process polls this bot, or a webhook is set "+
			"(stop the other instance, or delete the webhook); retrying with back-off",
			"description", err.Error(), "retry_in", wait)
	case codeUnauthorized:
		a.log.Error("getUpdates refused: the bot token was revoked; retrying with back-off", "retry_in", wait)
	default:
		a.log.Warn("getUpdates failed; retrying with back-off", "err", err, "retry_in", wait)
	}
}

// handleBatch hands the updates to the workers and waits until they were
// handled or ctx is cancelled. It returns the last confirmed update_id.
func (a *Adapter) handleBatch(ctx, work context.Context, last int64, updates []tgbotapi.Update) int64 {
	b := &batch{confirmed: last, all: make(chan struct{}), store: func(id int64) {
		if err := a.cfg.Cursors.SetCursor(work, cursorName, id); err != nil {
			a.log.Error("storing the update offset failed; the update may be answered again after a restart",
				"update_id", id, "err", err)
		}
	}}
	for _, u := range updates {
		if int64(u.UpdateID) > last {
			b.ids = append(b.ids, int64(u.UpdateID))
		}
	}
	if len(b.ids) == 0 {
		return last
	}
	b.done = make(map[int64]bool, len(b.ids))
	for _, u := range updates {
		if int64(u.UpdateID) <= last {
			continue // confirmed before; Telegram should not send it again
		}
		id := int64(u.UpdateID)
		if err := a.pool.submit(ctx, job{update: u, done: func() { b.finish(id) }}); err != nil {
			break
		}
	}
	select {
	case <-b.all:
	case <-ctx.Done():
	}
	return b.last()
}

// batch tracks one getUpdates batch and confirms the longest handled
// prefix, in order, so a gap (an update still running) is never skipped.
type batch struct {
	ids   []int64
	store func(int64)
	all   chan struct{}

	mu        sync.Mutex
	done      map[int64]bool
	next      int // index of the first unconfirmed id
	confirmed int64
}

func (b *batch) finish(id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done[id] = true
	advanced := false
	for b.next < len(b.ids) && b.done[b.ids[b.next]] {
		b.confirmed = b.ids[b.next]
		b.next++
		advanced = true
	}
	if advanced {
		b.store(b.confirmed)
	}
	if b.next == len(b.ids) {
		close(b.all)
	}
}

func (b *batch) last() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.confirmed
}
