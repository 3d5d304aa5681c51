package telegram

import (
	"context"
	"errors"
	"html"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

// Chat types as Telegram names them.
const (
	chatPrivate    = "private"
	chatGroup      = "group"
	chatSupergroup = "supergroup"
)

func destOf(c *tgbotapi.Chat) dest {
	return dest{chatID: c.ID, group: c.Type == chatGroup || c.Type == chatSupergroup}
}

// onMessage answers private chats and, when addressed, groups. Channel
// posts and other bots are ignored.
func (a *Adapter) onMessage(ctx context.Context, m *tgbotapi.Message) {
	if m.Chat == nil || m.From == nil || m.From.IsBot {
		return
	}
	switch m.Chat.Type {
	case chatPrivate:
		a.onPrivate(ctx, m)
	case chatGroup, chatSupergroup:
		a.onGroup(ctx, m)
	}
}

func messageText(m *tgbotapi.Message) string {
	if m.Text != "" {
		return m.Text
	}
	return m.Caption
}

// onPrivate treats any text as a question, and commands as commands.
func (a *Adapter) onPrivate(ctx context.Context, m *tgbotapi.Message) {
	text := messageText(m)
	if cmd, ok := parseCommand(text); ok && a.forMe(cmd) {
		a.command(ctx, m, cmd)
		return
	}
	if a.handoffText(ctx, m, text) {
		return
	}
	a.ask(ctx, m, text, 0)
}

// onGroup answers only what is meant for the bot: /frage and /ask, the
// other commands, a mention and a reply to one of its messages. The rest
// of the conversation is none of its business.
func (a *Adapter) onGroup(ctx context.Context, m *tgbotapi.Message) {
	if m.ViaBot != nil {
		return // an answer someone shared through inline mode
	}
	text := messageText(m)
	if cmd, ok := parseCommand(text); ok {
		if a.forMe(cmd) {
			a.command(ctx, m, cmd)
		}
		return
	}
	q, ok := a.addressed(m, text)
	if !ok {
		logFrom(ctx, a.log).Debug("group message not addressed to the bot; ignored")
		return
	}
	a.ask(ctx, m, q, m.MessageID)
}

// command is a parsed "/name@bot args".
type command struct {
	name, at, args string
}

// parseCommand reads a command at the start of text. Commands are parsed
// from the text rather than from entity offsets, which count UTF-16 units.
func parseCommand(text string) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	head, args, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, args = head[:i], head[i+1:]+" "+args
	}
	name, at, _ := strings.Cut(head, "@")
	if name == "" || len(name) > 32 {
		return command{}, false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return command{}, false
		}
	}
	return command{name: strings.ToLower(name), at: at, args: strings.TrimSpace(args)}, true
}

// forMe reports whether a command is meant for this bot: it names no bot
// or this one.
func (a *Adapter) forMe(c command) bool {
	return c.at == "" || strings.EqualFold(c.at, a.botName())
}

// commandLang is the language a command's name implies.
var commandLang = map[string]bot.Lang{
	"hilfe": bot.German, "themen": bot.German, "sprache": bot.German, "frage": bot.German, "teilen": bot.German,
	"datenschutz": bot.German, "vergessen": bot.German,
	"help": bot.English, "topics": bot.English, "language": bot.English, "ask": bot.English, "share": bot.English,
	"privacy": bot.English, "forget": bot.English,
}

// command handles the bot's commands. Each works in both languages; the
// command's own language is the reply language unless /sprache set one.
func (a *Adapter) command(ctx context.Context, m *tgbotapi.Message, c command) {
	to, replyTo := destOf(m.Chat), 0
	if to.group {
		replyTo = m.MessageID
	}
	lang := a.uiLang(m.Chat.ID, m.From, commandLang[c.name])
	op := a.cfg.Operator != nil
	switch {
	case c.name == "start":
		if validPayload(c.args) {
			a.open(ctx, to, replyTo, c.args, lang, m.From, m.Chat)
			return
		}
		a.menu(ctx, to, replyTo, lang, txtHello.in(lang)+" ")
	case c.name == "hilfe" || c.name == "help":
		a.menu(ctx, to, replyTo, lang, "")
	case c.name == "themen" || c.name == "topics":
		a.topics(ctx, to, replyTo, lang)
	case c.name == "sprache" || c.name == "language":
		a.setLang(ctx, to, replyTo, m.Chat.ID, c.args, lang)
	case c.name == "frage" || c.name == "ask":
		if c.args == "" {
			a.sendHTML(ctx, to, replyTo, html.EscapeString(txtAskUsage.in(lang)), nil)
			return
		}
		a.ask(ctx, m, c.args, replyTo)
	case (c.name == "datenschutz" || c.name == "privacy") && op:
		a.privacy(ctx, to, replyTo, lang)
	case (c.name == "vergessen" || c.name == "forget") && op:
		a.forget(ctx, m, to, replyTo, lang)
	case to.group:
		// Channel posts and admin commands belong in a private chat.
	case c.name == "teilen" || c.name == "share":
		a.shareToChannel(ctx, m, c.args, lang)
	case (c.name == "stats" || c.name == "reload") && op:
		a.admin(ctx, m, c.name, lang)
	default:
		a.menu(ctx, to, replyTo, lang, "")
	}
}

// uiLang is the language of the adapter's own replies: the chat's chosen
// language, else the command's, else the user's, else German.
func (a *Adapter) uiLang(chatID int64, from *tgbotapi.User, implied bot.Lang) bot.Lang {
	if l := a.langs.get(chatID); l != "" {
		return l
	}
	if implied != "" {
		return implied
	}
	if from != nil {
		if l := bot.LangFromLocale(from.LanguageCode); l != "" {
			return l
		}
	}
	return bot.German
}

// ask answers a question in the chat of m. The asker is known to the
// engine only by pseudonym, for the question log and the rate limit.
func (a *Adapter) ask(ctx context.Context, m *tgbotapi.Message, question string, replyTo int) {
	log := logFrom(ctx, a.log)
	req := bot.Request{
		Text:         question,
		Lang:         a.langs.get(m.Chat.ID),
		Locale:       m.From.LanguageCode,
		Conversation: conversationOf(m.Chat),
		Platform:     platform,
		User:         a.pseudonym(m.From),
	}
	log.Debug("question", "text", question)
	r, err := a.cfg.Answerer.Ask(ctx, req)
	if err != nil {
		log.Error("answering failed", "err", err)
		lang := a.uiLang(m.Chat.ID, m.From, "")
		a.sendHTML(ctx, destOf(m.Chat), replyTo, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	log.Info("answered", "kind", r.Kind, "entry", r.EntryID, "confidence", r.Confidence, "lang", r.Lang, "chat_type", m.Chat.Type)
	if r.Kind == bot.KindSilent {
		return // over the rate limit and already told so
	}
	prefix := ""
	if delivery.Late(ctx) {
		prefix = r.Lang.Pick("Entschuldige die späte Antwort.", "Sorry for the late answer.") + "\n\n"
	}
	a.sendReply(ctx, destOf(m.Chat), replyTo, r, prefix)
}

// sendReply renders a reply with its keyboard.
func (a *Adapter) sendReply(ctx context.Context, to dest, replyTo int, r bot.Reply, prefix string) {
	a.sendHTML(ctx, to, replyTo, html.EscapeString(prefix)+replyHTML(r), keyboard(r))
}

// open answers one entry: a deep link or a button.
func (a *Adapter) open(ctx context.Context, to dest, replyTo int, id string, lang bot.Lang, from *tgbotapi.User, chat *tgbotapi.Chat) {
	r, err := a.openFor(ctx, id, lang, from, chat)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		logFrom(ctx, a.log).Info("entry not found", "entry", id)
		a.menu(ctx, to, replyTo, lang, txtGone.in(lang)+"\n\n")
		return
	case err != nil:
		logFrom(ctx, a.log).Error("opening an entry failed", "entry", id, "err", err)
		a.sendHTML(ctx, to, replyTo, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	logFrom(ctx, a.log).Info("opened", "entry", r.EntryID, "lang", r.Lang)
	a.sendReply(ctx, to, replyTo, r, "")
}

// menu sends the help text with the topic menu.
func (a *Adapter) menu(ctx context.Context, to dest, replyTo int, lang bot.Lang, prefix string) {
	r, err := a.cfg.Answerer.Menu(ctx, lang)
	if err != nil {
		logFrom(ctx, a.log).Error("building the menu failed", "err", err)
		a.sendHTML(ctx, to, replyTo, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	a.sendReply(ctx, to, replyTo, r, prefix)
}

// topics sends the topics as buttons that open each topic's lead entry.
func (a *Adapter) topics(ctx context.Context, to dest, replyTo int, lang bot.Lang) {
	ts, err := a.cfg.Answerer.Topics(ctx, lang)
	if err != nil {
		logFrom(ctx, a.log).Error("listing the topics failed", "err", err)
		a.sendHTML(ctx, to, replyTo, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	var sugg []bot.Suggestion
	for _, t := range ts {
		if t.Lead != "" {
			sugg = append(sugg, bot.Suggestion{EntryID: t.Lead, Question: t.Title})
		}
	}
	a.sendHTML(ctx, to, replyTo, html.EscapeString(txtTopics.in(lang)), buttons(sugg, lang))
}

// setLang sets the chat's reply language (memory only), or asks for one.
func (a *Adapter) setLang(ctx context.Context, to dest, replyTo int, chatID int64, arg string, lang bot.Lang) {
	l, err := bot.ParseLang(arg)
	if err != nil || l == "" {
		kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("🇩🇪 Deutsch", encodeCallback(actLang, bot.German, "")),
			tgbotapi.NewInlineKeyboardButtonData("🇬🇧 English", encodeCallback(actLang, bot.English, "")),
		))
		a.sendHTML(ctx, to, replyTo, html.EscapeString(txtLangAsk.in(lang)), &kb)
		return
	}
	a.langs.set(chatID, l)
	a.sendHTML(ctx, to, replyTo, html.EscapeString(txtLangSet.in(l)), nil)
}
