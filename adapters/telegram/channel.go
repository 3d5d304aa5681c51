package telegram

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// channelPattern matches a channel: @username or a numeric -100… id.
var channelPattern = regexp.MustCompile(`^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100[0-9]{5,16})$`)

func channelDest(channel string) dest {
	if id, err := strconv.ParseInt(channel, 10, 64); err == nil {
		return dest{chatID: id}
	}
	return dest{channel: channel}
}

// shareToChannel handles "/teilen @channel <question or entry id>" from an
// admin: it shows a preview of the post with Posten / Abbrechen buttons.
// Anyone else gets a polite refusal.
func (a *Adapter) shareToChannel(ctx context.Context, m *tgbotapi.Message, args string, lang bot.Lang) {
	log := logFrom(ctx, a.log)
	to := destOf(m.Chat)
	if !a.admins[m.From.ID] {
		log.Info("channel post refused: not an admin")
		a.sendHTML(ctx, to, 0, html.EscapeString(txtNotAdmin.in(lang)), nil)
		return
	}
	channel, query, _ := strings.Cut(strings.TrimSpace(args), " ")
	query = strings.TrimSpace(query)
	if !channelPattern.MatchString(channel) || query == "" {
		a.sendHTML(ctx, to, 0, html.EscapeString(txtShareUsage.in(lang)), nil)
		return
	}
	if j, ok := a.lookupJob(query); ok {
		a.previewJob(ctx, m, to, channel, j, lang)
		return
	}
	r, err := a.resolve(ctx, query, lang)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		a.sendHTML(ctx, to, 0, html.EscapeString(txtNoAnswer.in(lang)), nil)
		return
	case err != nil:
		log.Error("preparing a channel post failed", "err", err)
		a.sendHTML(ctx, to, 0, html.EscapeString(txtFailed.in(lang)), nil)
		return
	}
	token := a.previews.put(preview{admin: m.From.ID, channel: channel, entryID: r.EntryID, lang: r.Lang})
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(txtPost.in(lang), encodeCallback(actPost, lang, token)),
		tgbotapi.NewInlineKeyboardButtonData(txtCancel.in(lang), encodeCallback(actCancel, lang, token)),
	))
	head := fmt.Sprintf(txtPreview.in(lang), html.EscapeString(channel))
	log.Info("channel preview", "entry", r.EntryID, "channel", channel)
	a.sendHTML(ctx, to, 0, head+"\n\n"+postHTML(r, a.botName()), &kb)
}

// resolve finds the entry to post: query is an entry id, or a question
// the engine answers with certainty. ErrNotFound when neither works.
func (a *Adapter) resolve(ctx context.Context, query string, lang bot.Lang) (bot.Reply, error) {
	if validPayload(query) {
		r, err := a.cfg.Answerer.Open(ctx, query, lang)
		if !errors.Is(err, bot.ErrNotFound) {
			return r, err
		}
	}
	r, err := a.cfg.Answerer.Ask(ctx, bot.Request{Text: query})
	if err != nil {
		return bot.Reply{}, err
	}
	if !r.Answered() {
		return bot.Reply{}, bot.ErrNotFound
	}
	// Open again for the entry's own question as the title, rather than
	// the admin's wording.
	return a.cfg.Answerer.Open(ctx, r.EntryID, r.Lang)
}

// onPost posts a previewed answer into its channel. Only the admin who
// asked for the preview can post it, and only once.
func (a *Adapter) onPost(ctx context.Context, t *callbackTurn, c callbackData) {
	log := logFrom(ctx, a.log)
	if !a.admins[t.q.From.ID] {
		t.answer(ctx, txtNotAdmin.in(c.lang), true)
		return
	}
	p, found, mine := a.previews.take(c.payload, t.q.From.ID)
	switch {
	case !found:
		t.answer(ctx, txtExpired.in(c.lang), true)
		return
	case !mine:
		t.answer(ctx, txtNotAdmin.in(c.lang), true)
		return
	}
	if p.jobID != "" {
		a.postJob(ctx, t, c, p)
		return
	}
	r, err := a.cfg.Answerer.Open(ctx, p.entryID, p.lang)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		t.answer(ctx, txtGone.in(c.lang), true)
		return
	case err != nil:
		log.Error("opening an entry to post failed", "entry", p.entryID, "err", err)
		a.previews.restore(c.payload, p)
		t.answer(ctx, txtFailed.in(c.lang), true)
		return
	}
	if a.sendHTML(ctx, channelDest(p.channel), 0, postHTML(r, a.botName()), nil) == 0 {
		a.previews.restore(c.payload, p) // let the admin fix the channel and try again
		t.answer(ctx, fmt.Sprintf(txtPostFailed.in(c.lang), p.channel), true)
		return
	}
	log.Info("posted to channel", "entry", p.entryID, "channel", p.channel)
	t.answer(ctx, fmt.Sprintf(txtPosted.in(c.lang), p.channel), false)
	a.closePreview(ctx, t.q.Message, fmt.Sprintf(txtPosted.in(c.lang), p.channel))
}

// onCancel drops a preview.
func (a *Adapter) onCancel(ctx context.Context, t *callbackTurn, c callbackData) {
	_, found, mine := a.previews.take(c.payload, t.q.From.ID)
	if found && !mine {
		t.answer(ctx, txtNotAdmin.in(c.lang), true)
		return
	}
	t.answer(ctx, txtCancelled.in(c.lang), false)
	status := ""
	if found {
		status = txtCancelled.in(c.lang)
	}
	a.closePreview(ctx, t.q.Message, status)
}

// closePreview removes the preview's buttons and, unless status is "",
// says what happened.
func (a *Adapter) closePreview(ctx context.Context, m *tgbotapi.Message, status string) {
	if m == nil || m.Chat == nil {
		return
	}
	to := destOf(m.Chat)
	empty := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	a.do(ctx, "editMessageReplyMarkup", to.key(), to.group, tgbotapi.NewEditMessageReplyMarkup(m.Chat.ID, m.MessageID, empty))
	if status != "" {
		a.sendHTML(ctx, to, m.MessageID, html.EscapeString(status), nil)
	}
}
