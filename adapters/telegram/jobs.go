package telegram

import (
	"context"
	"fmt"
	"html"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// jobButtons are a job reply's apply links, one URL button per posting
// ("Bewerben: Senior Java …"), shown above its other buttons. The message
// text lists the postings with their links as well.
func jobButtons(r bot.Reply) [][]tgbotapi.InlineKeyboardButton {
	if r.Kind != bot.KindJobs {
		return nil
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, j := range r.Jobs {
		if j.URL == "" {
			continue
		}
		label := cut(r.Lang.Pick("Bewerben: ", "Apply: ")+j.Title, maxButtonRunes)
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL(label, j.URL)))
	}
	return rows
}

// jobArticles are inline results for a job search ("@bot jobs hamburg
// java"): one article per posting, sent as its title, details and link
// with an apply button, so anyone can drop a posting into a chat.
func jobArticles(r bot.Reply) []any {
	out := make([]any, 0, len(r.Jobs))
	for _, j := range r.Jobs {
		details := bot.JobDetails(j, r.Lang, " · ")
		text := jobHTML(j, r.Lang)
		art := tgbotapi.NewInlineQueryResultArticleHTML(resultID("job-"+j.ID), cut(j.Title, 100), text)
		art.Description = cut(details, snippetRunes)
		art.InputMessageContent = tgbotapi.InputTextMessageContent{Text: text, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true}
		art.ReplyMarkup = applyKeyboard(j, r.Lang)
		out = append(out, art)
	}
	return out
}

// jobHTML is one posting as a message: the bold title, its details and
// the link.
func jobHTML(j bot.Job, lang bot.Lang) string {
	text := "<b>" + html.EscapeString(j.Title) + "</b>\n" + html.EscapeString(bot.JobDetails(j, lang, " · "))
	if j.URL != "" {
		text += "\n" + link(j.URL, j.URL)
	}
	return text
}

// applyKeyboard is a posting's "Bewerben" URL button, nil without a URL.
func applyKeyboard(j bot.Job, lang bot.Lang) *tgbotapi.InlineKeyboardMarkup {
	if j.URL == "" {
		return nil
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonURL(lang.Pick("Bewerben", "Apply"), j.URL)))
	return &kb
}

// lookupJob finds a current posting by its id, for /teilen.
func (a *Adapter) lookupJob(id string) (bot.Job, bool) {
	if a.cfg.Jobs == nil {
		return bot.Job{}, false
	}
	return a.cfg.Jobs.Job(id)
}

// previewJob shows an admin how a posting will look in the channel, with
// Posten and Abbrechen.
func (a *Adapter) previewJob(ctx context.Context, m *tgbotapi.Message, to dest, channel string, j bot.Job, lang bot.Lang) {
	token := a.previews.put(preview{admin: m.From.ID, channel: channel, jobID: j.ID, lang: lang})
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(txtPost.in(lang), encodeCallback(actPost, lang, token)),
		tgbotapi.NewInlineKeyboardButtonData(txtCancel.in(lang), encodeCallback(actCancel, lang, token)),
	))
	logFrom(ctx, a.log).Info("channel preview", "posting", j.ID, "channel", channel)
	a.sendHTML(ctx, to, 0, fmt.Sprintf(txtPreview.in(lang), html.EscapeString(channel))+"\n\n"+jobHTML(j, lang), &kb)
}

// postJob posts a previewed posting into its channel, looked up again:
// one that expired meanwhile is not posted.
func (a *Adapter) postJob(ctx context.Context, t *callbackTurn, c callbackData, p preview) {
	j, ok := a.lookupJob(p.jobID)
	if !ok {
		t.answer(ctx, txtJobGone.in(c.lang), true)
		return
	}
	if a.sendHTML(ctx, channelDest(p.channel), 0, jobHTML(j, p.lang), applyKeyboard(j, p.lang)) == 0 {
		a.previews.restore(c.payload, p)
		t.answer(ctx, fmt.Sprintf(txtPostFailed.in(c.lang), p.channel), true)
		return
	}
	logFrom(ctx, a.log).Info("posted to channel", "posting", j.ID, "channel", p.channel)
	t.answer(ctx, fmt.Sprintf(txtPosted.in(c.lang), p.channel), false)
	a.closePreview(ctx, t.q.Message, fmt.Sprintf(txtPosted.in(c.lang), p.channel))
}
