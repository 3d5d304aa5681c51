package telegram

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// cursorName is where the last stored update_id is kept.
const cursorName = "telegram-offset"

// allowedUpdates are the update kinds the adapter asks for.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

// poll runs the getUpdates loop. Unlike the library's update channel, it
// confirms updates (asks for the ones after them) only once they are in
// the inbox, so that a crash neither loses nor repeats one: an update
// fetched again after a restart is recognised by its update_id.
func (a *Adapter) poll(ctx context.Context) error {
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
		if err == nil {
			last, err = a.store(ctx, last, updates)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			a.logPollError(err, wait)
			if a.sleep(ctx, max(wait, retryAfter(err))) != nil {
				break
			}
			wait = min(2*wait, a.cfg.MaxBackoff)
			continue
		}
		wait = a.cfg.Backoff
	}
	a.log.Info("polling stopped", "last_update_id", last)
	return nil
}

// store puts a batch into the inbox, in order, and returns the last
// update_id stored. On an error the rest of the batch is fetched again.
func (a *Adapter) store(ctx context.Context, last int64, updates []tgbotapi.Update) (int64, error) {
	for _, u := range updates {
		id := int64(u.UpdateID)
		if id <= last {
			continue // confirmed before; Telegram should not send it again
		}
		if err := a.accept(ctx, u, nil); err != nil {
			a.saveCursor(ctx, last)
			return last, err
		}
		last = id
	}
	a.saveCursor(ctx, last)
	return last, nil
}

// saveCursor remembers the offset across restarts. Losing it costs only
// a refetch: the inbox recognises the updates it already has.
func (a *Adapter) saveCursor(ctx context.Context, last int64) {
	if err := a.cfg.Cursors.SetCursor(context.WithoutCancel(ctx), cursorName, last); err != nil {
		a.log.Warn("storing the update offset failed", "update_id", last, "err", err)
	}
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
