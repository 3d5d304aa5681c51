package telegram

import (
	"context"
	"runtime/debug"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// dedupScope and dedupTTL are how webhook update ids are remembered;
// Telegram gives up redelivering long before a day has passed.
const (
	dedupScope = "telegram-update"
	dedupTTL   = 24 * time.Hour
)

// handleJob handles one queued update: once per update_id for webhook
// deliveries, with a deadline, and with panics recovered so that one bad
// update cannot stop the bot.
func (a *Adapter) handleJob(ctx context.Context, j job) {
	if j.done != nil {
		defer j.done()
	}
	log := a.log.With("update_id", j.update.UpdateID)
	ctx = withLog(ctx, log)
	if j.once {
		first, err := a.cfg.Dedup.FirstSeen(ctx, dedupScope, strconv.Itoa(j.update.UpdateID), dedupTTL)
		switch {
		case err != nil:
			log.Error("checking for a repeated update failed; handling it anyway", "err", err)
		case !first:
			log.Info("repeated update ignored")
			return
		}
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.HandleTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic while handling an update", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	a.handle(ctx, j.update)
}

// handle dispatches an update by kind. Edited messages, channel posts and
// the rest are not asked for or are ignored.
func (a *Adapter) handle(ctx context.Context, u tgbotapi.Update) {
	switch {
	case u.Message != nil:
		a.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		a.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		a.onInline(ctx, u.InlineQuery)
	}
}
