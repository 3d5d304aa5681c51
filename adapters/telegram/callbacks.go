package telegram

import (
	"context"
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// callbackTurn answers a callback query exactly once.
type callbackTurn struct {
	a        *Adapter
	q        *tgbotapi.CallbackQuery
	answered bool
}

func (t *callbackTurn) answer(ctx context.Context, text string, alert bool) {
	if t.answered {
		return
	}
	t.answered = true
	t.a.answerCallback(ctx, t.q.ID, text, alert)
}

// onCallback handles a button press. The query is always answered, also
// for stale buttons, deleted entries and when handling fails or panics,
// so the user's client never keeps spinning.
func (a *Adapter) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	t := &callbackTurn{a: a, q: q}
	defer t.answer(ctx, "", false)
	locale := bot.German
	if q.From != nil {
		if l := bot.LangFromLocale(q.From.LanguageCode); l != "" {
			locale = l
		}
	}
	c, ok := decodeCallback(q.Data)
	if !ok || q.From == nil {
		logFrom(ctx, a.log).Info("stale or unknown button")
		t.answer(ctx, txtStale.in(locale), false)
		return
	}
	switch c.act {
	case actOpen:
		a.onOpen(ctx, t, c)
	case actHelpful, actUnhelped:
		a.onFeedback(ctx, t, c)
	case actLang:
		if q.Message != nil && q.Message.Chat != nil {
			a.langs.set(q.Message.Chat.ID, c.lang)
		}
		t.answer(ctx, txtLangSet.in(c.lang), false)
	case actPost:
		a.onPost(ctx, t, c)
	case actCancel:
		a.onCancel(ctx, t, c)
	case actHandoff:
		a.onHandoffButton(ctx, t, c)
	}
}

// onOpen answers a follow-up, candidate or topic button.
func (a *Adapter) onOpen(ctx context.Context, t *callbackTurn, c callbackData) {
	if t.q.Message == nil || t.q.Message.Chat == nil {
		t.answer(ctx, txtOpenChat.in(c.lang), false)
		return
	}
	if a.handoffHolds(ctx, t, c.lang) {
		return
	}
	r, err := a.openFor(ctx, c.payload, c.lang, t.q.From, t.q.Message.Chat)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		logFrom(ctx, a.log).Info("button for a deleted entry", "entry", c.payload)
		t.answer(ctx, txtGone.in(c.lang), true)
		return
	case err != nil:
		logFrom(ctx, a.log).Error("opening an entry failed", "entry", c.payload, "err", err)
		t.answer(ctx, txtFailed.in(c.lang), true)
		return
	}
	t.answer(ctx, "", false) // stop the spinner before the answer goes out
	logFrom(ctx, a.log).Info("opened", "entry", r.EntryID, "lang", r.Lang, "via", "button")
	a.sendReply(ctx, destOf(t.q.Message.Chat), 0, r, "")
}

// onFeedback stores a 👍 or 👎 under the user's pseudonym, thanks the
// user and removes the feedback buttons from the message.
func (a *Adapter) onFeedback(ctx context.Context, t *callbackTurn, c callbackData) {
	// A vote counts only for an entry that exists: forged or stale
	// buttons store nothing.
	if _, err := a.cfg.Answerer.Open(ctx, c.payload, c.lang); err != nil {
		logFrom(ctx, a.log).Info("feedback for an unknown entry not recorded", "err", err)
		t.answer(ctx, txtStale.in(c.lang), false)
		return
	}
	f := bot.Feedback{
		EntryID:  c.payload,
		Lang:     c.lang,
		Helpful:  c.act == actHelpful,
		Platform: platform,
		User:     a.pseudonym(t.q.From),
		At:       a.cfg.Now(),
	}
	if err := a.cfg.Feedback.RecordFeedback(ctx, f); err != nil {
		logFrom(ctx, a.log).Error("storing feedback failed", "entry", c.payload, "err", err)
		t.answer(ctx, txtFailed.in(c.lang), false)
		return
	}
	a.cfg.Observer.ObserveFeedback(platform, f.Helpful)
	logFrom(ctx, a.log).Info("feedback", "entry", c.payload, "helpful", f.Helpful)
	t.answer(ctx, txtThanks.in(c.lang), false)
	if m := t.q.Message; m != nil && m.Chat != nil && m.ReplyMarkup != nil {
		edit := tgbotapi.NewEditMessageReplyMarkup(m.Chat.ID, m.MessageID, withoutFeedback(m.ReplyMarkup))
		a.do(ctx, "editMessageReplyMarkup", destOf(m.Chat).key(), destOf(m.Chat).group, edit)
	}
}
