package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxRetries bounds how often one call is retried after a 429.
const maxRetries = 3

// dest is where a message goes: a chat by id or a channel by @username.
type dest struct {
	chatID  int64
	channel string
	group   bool // groups have their own, lower limit
}

func (d dest) key() string {
	if d.channel != "" {
		return d.channel
	}
	return strconv.FormatInt(d.chatID, 10)
}

// do sends one Bot API request, paced by the rate limits. A 429 waits the
// retry_after Telegram asks for and tries again (the shared retry
// policy): the refused request was not delivered, so nothing is sent
// twice. Other errors (blocked by the user, chat not found, bad request)
// are logged with the method and the description and returned; they never
// stop the adapter.
func (a *Adapter) do(ctx context.Context, method, chat string, group bool, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	r := a.retry
	r.OnRetry = func(_ error, wait time.Duration) {
		a.cfg.Observer.ObservePlatformError(platform, method, strconv.Itoa(codeTooMany))
		logFrom(ctx, a.log).Warn("bot api rate limit; waiting", "method", method, "retry_after", wait)
	}
	var resp *tgbotapi.APIResponse
	err := r.Do(ctx, func(ctx context.Context) error {
		if err := a.limits.wait(ctx, chat, group); err != nil {
			return err
		}
		var err error
		resp, err = a.api.request(ctx, c)
		return err
	}, func(err error) (time.Duration, bool) {
		wait := retryAfter(err)
		return wait, wait > 0
	})
	if err != nil {
		a.logAPIError(ctx, method, err)
		return nil, err
	}
	return resp, nil
}

func (a *Adapter) logAPIError(ctx context.Context, method string, err error) {
	log := logFrom(ctx, a.log)
	if e, ok := apiError(err); ok {
		a.cfg.Observer.ObservePlatformError(platform, method, strconv.Itoa(e.Code))
		log.Warn("bot api error", "method", method, "code", e.Code, "description", e.Message)
		return
	}
	if ctx.Err() != nil {
		log.Warn("bot api call cancelled", "method", method, "err", err)
		return
	}
	a.cfg.Observer.ObservePlatformError(platform, method, "network")
	log.Error("bot api call failed", "method", method, "err", err)
}

// sendHTML sends an HTML message, split at paragraph boundaries when it is
// too long; the keyboard goes with the last part and only the first part
// replies to replyTo. It returns the last part's message id, or 0.
func (a *Adapter) sendHTML(ctx context.Context, to dest, replyTo int, html string, kb *tgbotapi.InlineKeyboardMarkup) int {
	parts := splitHTML(html, maxMessageLen)
	last := 0
	for i, part := range parts {
		msg := tgbotapi.MessageConfig{
			BaseChat:              tgbotapi.BaseChat{ChatID: to.chatID, ChannelUsername: to.channel},
			Text:                  part,
			ParseMode:             tgbotapi.ModeHTML,
			DisableWebPagePreview: true,
		}
		if i == 0 && replyTo != 0 {
			msg.ReplyToMessageID = replyTo
			msg.AllowSendingWithoutReply = true
		}
		if i == len(parts)-1 && kb != nil {
			msg.ReplyMarkup = kb
		}
		resp, err := a.do(ctx, "sendMessage", to.key(), to.group, msg)
		if err != nil {
			return 0
		}
		var m tgbotapi.Message
		if json.Unmarshal(resp.Result, &m) == nil {
			last = m.MessageID
		}
	}
	return last
}

// answerCallback answers a callback query; Telegram shows text briefly, or
// as an alert.
func (a *Adapter) answerCallback(ctx context.Context, id, text string, alert bool) {
	cfg := tgbotapi.NewCallback(id, text)
	cfg.ShowAlert = alert
	a.do(ctx, "answerCallbackQuery", "", false, cfg)
}

// logKey carries the per-update logger in a context.
type logKey struct{}

func withLog(ctx context.Context, log *slog.Logger) context.Context {
	return context.WithValue(ctx, logKey{}, log)
}

func logFrom(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	return fallback
}
