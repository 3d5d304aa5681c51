package telegram

import (
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
