package telegram

import (
	"context"
	"html"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// pseudonym is the only form in which a Telegram user is stored or handed
// to the engine.
func (a *Adapter) pseudonym(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	return a.cfg.Pseudonyms.Pseudonym(platform, strconv.FormatInt(u.ID, 10))
}

// openFor opens an entry in the A/B variant of the user who asked for it,
// within the conversation of chat where the engine keeps one, so that
// "mehr" or a typed number afterwards goes on from the opened entry.
func (a *Adapter) openFor(ctx context.Context, id string, lang bot.Lang, u *tgbotapi.User, chat *tgbotapi.Chat) (bot.Reply, error) {
	if o, ok := a.cfg.Answerer.(bot.ConversationOpener); ok && chat != nil {
		return o.OpenIn(ctx, bot.Request{Lang: lang, Conversation: conversationOf(chat),
			Platform: platform, User: a.pseudonym(u)}, id)
	}
	return a.cfg.Answerer.OpenFor(ctx, id, lang, a.pseudonym(u))
}

// conversationOf names a chat's conversation for the engine. It is held
// in the engine's memory only.
func conversationOf(chat *tgbotapi.Chat) string {
	return "telegram:" + strconv.FormatInt(chat.ID, 10)
}

// forgetCommand is how the privacy notice names the delete command.
func forgetCommand(l bot.Lang) string { return l.Pick("/vergessen", "/forget") }

// privacy explains what is stored about people and how to delete it.
func (a *Adapter) privacy(ctx context.Context, to dest, replyTo int, lang bot.Lang) {
	a.sendHTML(ctx, to, replyTo, renderer.Render(a.cfg.Operator.Privacy(lang, forgetCommand(lang))), nil)
}

// forget deletes everything stored about the sender at once and confirms
// it; the chat's language choice, held in memory, goes too.
func (a *Adapter) forget(ctx context.Context, m *tgbotapi.Message, to dest, replyTo int, lang bot.Lang) {
	msg, err := a.cfg.Operator.Forget(ctx, platform, strconv.FormatInt(m.From.ID, 10), lang)
	if err != nil {
		logFrom(ctx, a.log).Error("forgetting a user failed", "err", err)
		a.sendHTML(ctx, to, replyTo, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	if !to.group {
		a.langs.forget(m.Chat.ID)
	}
	logFrom(ctx, a.log).Info("user forgotten")
	a.sendHTML(ctx, to, replyTo, renderer.Render(msg), nil)
}

// admin runs /stats and /reload for the operators in CAREERBOT_ADMINS;
// anyone else gets a polite refusal.
func (a *Adapter) admin(ctx context.Context, m *tgbotapi.Message, name string, lang bot.Lang) {
	to := destOf(m.Chat)
	if !a.cfg.Operator.IsAdmin(platform, strconv.FormatInt(m.From.ID, 10)) {
		logFrom(ctx, a.log).Info("admin command refused", "command", name)
		a.sendHTML(ctx, to, 0, html.EscapeString(txtNotOperator.in(lang)), nil)
		return
	}
	run := a.cfg.Operator.Stats
	if name == "reload" {
		run = a.cfg.Operator.Reload
	}
	msg, err := run(ctx, lang)
	if err != nil {
		logFrom(ctx, a.log).Error("admin command failed", "command", name, "err", err)
		a.sendHTML(ctx, to, 0, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	logFrom(ctx, a.log).Info("admin command", "command", name)
	a.sendHTML(ctx, to, 0, renderer.Render(msg), nil)
}
