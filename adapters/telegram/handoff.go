package telegram

import (
	"context"
	"errors"
	"html"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
)

// Handoff is the part of *handoff.Manager the adapter uses: private chats
// can be handed to a recruiter.
type Handoff interface {
	HandleText(ctx context.Context, p handoff.Person, text string) ([]handoff.Message, bool, error)
	HandleAction(ctx context.Context, p handoff.Person, action string) ([]handoff.Message, error)
	Hold(ctx context.Context, p handoff.Person) (handoff.Message, bool, error)
	Register(platform string, o handoff.Outlet)
}

// handoffHolds reports whether a button press in a private chat must not
// be answered because a recruiter is taking over, and tells the person.
func (a *Adapter) handoffHolds(ctx context.Context, t *callbackTurn, lang bot.Lang) bool {
	if a.cfg.Handoff == nil || t.q.Message == nil || t.q.Message.Chat == nil || t.q.Message.Chat.Type != chatPrivate {
		return false
	}
	msg, held, err := a.cfg.Handoff.Hold(ctx, a.handoffPerson(t.q.Message.Chat.ID, t.q.From, lang))
	if err != nil {
		logFrom(ctx, a.log).Error("hand-off check failed", "err", err)
	}
	if held {
		t.answer(ctx, msg.Text, true)
	}
	return held
}

// The payloads of actHandoff buttons.
var handoffPayloads = map[string]string{handoff.ActionConsent: "y", handoff.ActionDecline: "n", handoff.ActionRequest: "r"}

// handoffPerson is a private chat's person as the hand-off sees them. The
// chat id is their address while a hand-off is open.
func (a *Adapter) handoffPerson(chatID int64, from *tgbotapi.User, lang bot.Lang) handoff.Person {
	return handoff.Person{Platform: platform, User: a.pseudonym(from), Address: strconv.FormatInt(chatID, 10), Lang: lang}
}

// handoffText gives a private message to the hand-off first and reports
// whether it took it.
func (a *Adapter) handoffText(ctx context.Context, m *tgbotapi.Message, text string) bool {
	if a.cfg.Handoff == nil {
		return false
	}
	lang := a.uiLang(m.Chat.ID, m.From, "")
	if l, sure := bot.DetectLang(text); sure {
		lang = l
	}
	msgs, handled, err := a.cfg.Handoff.HandleText(ctx, a.handoffPerson(m.Chat.ID, m.From, lang), text)
	if err != nil {
		logFrom(ctx, a.log).Error("hand-off failed", "err", err)
		a.sendHTML(ctx, destOf(m.Chat), 0, html.EscapeString(txtFailed.in(lang)), nil)
		return true
	}
	for _, msg := range msgs {
		a.sendHandoff(ctx, m.Chat.ID, msg, lang)
	}
	return handled
}

// onHandoffButton runs a consent button of the hand-off.
func (a *Adapter) onHandoffButton(ctx context.Context, t *callbackTurn, c callbackData) {
	if a.cfg.Handoff == nil || t.q.Message == nil || t.q.Message.Chat == nil || t.q.Message.Chat.Type != chatPrivate {
		t.answer(ctx, txtStale.in(c.lang), false)
		return
	}
	var act string
	for id, p := range handoffPayloads {
		if p == c.payload {
			act = id
		}
	}
	if act == "" {
		t.answer(ctx, txtStale.in(c.lang), false)
		return
	}
	chat := t.q.Message.Chat.ID
	msgs, err := a.cfg.Handoff.HandleAction(ctx, a.handoffPerson(chat, t.q.From, c.lang), act)
	if err != nil {
		logFrom(ctx, a.log).Error("hand-off failed", "err", err)
		t.answer(ctx, txtFailed.in(c.lang), true)
		return
	}
	t.answer(ctx, "", false)
	for _, msg := range msgs {
		a.sendHandoff(ctx, chat, msg, c.lang)
	}
}

// sendHandoff renders a hand-off message: a recruiter's words under the
// team's name, the consent question with its buttons.
func (a *Adapter) sendHandoff(ctx context.Context, chatID int64, m handoff.Message, lang bot.Lang) bool {
	text := html.EscapeString(m.Text)
	if m.From == "recruiter" {
		text = "<b>" + html.EscapeString(lang.Pick("Recruiting-Team", "Recruiting team")) + ":</b> " + text
	}
	var kb *tgbotapi.InlineKeyboardMarkup
	if len(m.Actions) > 0 {
		var row []tgbotapi.InlineKeyboardButton
		for _, act := range m.Actions {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(act.Label, encodeCallback(actHandoff, lang, handoffPayloads[act.ID])))
		}
		markup := tgbotapi.NewInlineKeyboardMarkup(row)
		kb = &markup
	}
	return a.sendHTML(ctx, dest{chatID: chatID}, 0, text, kb) != 0
}

// errNotSent is a hand-off message Telegram did not take; the Bot API
// error is logged where it happened.
var errNotSent = errors.New("telegram: message not sent")

// handoffOutlet delivers the hand-off's messages into private chats.
type handoffOutlet struct{ a *Adapter }

// Deliver implements handoff.Outlet; address is the chat id.
func (o handoffOutlet) Deliver(ctx context.Context, address string, m handoff.Message) error {
	chat, err := strconv.ParseInt(address, 10, 64)
	if err != nil {
		return err
	}
	if !o.a.sendHandoff(ctx, chat, m, m.Lang) {
		return errNotSent
	}
	return nil
}
