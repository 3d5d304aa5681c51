package telegram

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// keyboard renders a reply's actions: one button per suggestion (up to
// three follow-ups after an answer, the candidates, or the topic menu),
// and after a real answer 👍, 👎 and a Share button that lets the user
// pick any chat and send the answer there through inline mode.
func keyboard(r bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	sugg := r.Suggestions
	if r.Answered() && len(sugg) > bot.MaxSuggestions {
		sugg = sugg[:bot.MaxSuggestions]
	}
	kb := buttons(sugg, r.Lang)
	if apply := jobButtons(r); len(apply) > 0 {
		if kb == nil {
			kb = &tgbotapi.InlineKeyboardMarkup{}
		}
		kb.InlineKeyboard = append(apply, kb.InlineKeyboard...)
	}
	if !r.Answered() || r.EntryID == "" {
		return kb
	}
	var row []tgbotapi.InlineKeyboardButton
	if up := encodeCallback(actHelpful, r.Lang, r.EntryID); up != "" {
		row = append(row,
			tgbotapi.NewInlineKeyboardButtonData(txtHelpful.in(r.Lang), up),
			tgbotapi.NewInlineKeyboardButtonData(txtUnhelpful.in(r.Lang), encodeCallback(actUnhelped, r.Lang, r.EntryID)))
	}
	row = append(row, tgbotapi.NewInlineKeyboardButtonSwitch(txtShare.in(r.Lang), r.EntryID))
	if kb == nil {
		kb = &tgbotapi.InlineKeyboardMarkup{}
	}
	kb.InlineKeyboard = append(kb.InlineKeyboard, row)
	return kb
}

// buttons renders suggestions as one button per row; nil for none.
func buttons(sugg []bot.Suggestion, lang bot.Lang) *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, s := range sugg {
		data := encodeCallback(actOpen, lang, s.EntryID)
		if data == "" {
			continue
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(cut(s.Question, maxButtonRunes), data)))
	}
	if len(rows) == 0 {
		return nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// withoutFeedback is a message's keyboard minus its 👍/👎 buttons, shown
// once someone gave feedback.
func withoutFeedback(kb *tgbotapi.InlineKeyboardMarkup) tgbotapi.InlineKeyboardMarkup {
	out := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	for _, row := range kb.InlineKeyboard {
		var keep []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			if b.CallbackData != nil {
				if c, ok := decodeCallback(*b.CallbackData); ok && (c.act == actHelpful || c.act == actUnhelped) {
					continue
				}
			}
			keep = append(keep, b)
		}
		if len(keep) > 0 {
			out.InlineKeyboard = append(out.InlineKeyboard, keep)
		}
	}
	return out
}
