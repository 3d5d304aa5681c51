package telegram

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/delivery"
)

// updateKeep is how long an update_id is remembered after its answer;
// Telegram gives up redelivering long before a day has passed.
const updateKeep = 24 * time.Hour

// accept stores an update in the inbox. Only after it returned nil may
// Telegram be told the update arrived (the webhook's 200, the next
// getUpdates offset). raw is the update as Telegram sent it: it holds the
// reply address and is deleted from the inbox once answered.
func (a *Adapter) accept(ctx context.Context, u tgbotapi.Update, raw []byte) error {
	if raw == nil {
		var err error
		if raw, err = json.Marshal(u); err != nil {
			return err
		}
	}
	fresh, err := a.rt.Accept(ctx, delivery.Message{
		Key:          "update:" + strconv.Itoa(u.UpdateID),
		Conversation: a.cfg.Pseudonyms.Pseudonym(platform+"-conversation", strconv.FormatInt(chatKey(u), 10)),
		Body:         raw,
	}, updateKeep)
	if err != nil {
		a.log.Error("cannot store an update; not confirming it", "update_id", u.UpdateID, "err", err)
		return err
	}
	if !fresh {
		a.log.Info("repeated update ignored", "update_id", u.UpdateID)
	}
	return nil
}

// handleMessage answers one update from the inbox; the runtime gives it
// its deadline and recovers its panics.
func (a *Adapter) handleMessage(ctx context.Context, m delivery.Message) {
	var al alertEnvelope
	if json.Unmarshal(m.Body, &al) == nil && al.Alert != nil {
		a.sendAlert(withLog(ctx, a.log), al.Alert)
		return
	}
	var u tgbotapi.Update
	if err := json.Unmarshal(m.Body, &u); err != nil {
		a.log.Error("unreadable update in the inbox", "inbox_id", m.ID, "err", err)
		return
	}
	a.handle(withLog(ctx, a.log.With("update_id", u.UpdateID)), u)
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

// chatKey is the chat an update belongs to, for ordering; inline queries
// belong to their user.
func chatKey(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	}
	return int64(u.UpdateID)
}
