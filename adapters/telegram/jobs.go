package telegram

import (
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
		text := "<b>" + html.EscapeString(j.Title) + "</b>\n" + html.EscapeString(details)
		if j.URL != "" {
			text += "\n" + link(j.URL, j.URL)
		}
		art := tgbotapi.NewInlineQueryResultArticleHTML(resultID("job-"+j.ID), cut(j.Title, 100), text)
		art.Description = cut(details, snippetRunes)
		art.InputMessageContent = tgbotapi.InputTextMessageContent{Text: text, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true}
		if j.URL != "" {
			kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
				tgbotapi.NewInlineKeyboardButtonURL(r.Lang.Pick("Bewerben", "Apply"), j.URL)))
			art.ReplyMarkup = &kb
		}
		out = append(out, art)
	}
	return out
}
