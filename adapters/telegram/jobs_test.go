package telegram

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
)

func TestJobReplyKeyboard(t *testing.T) {
	r := enginetest.JobsReply(bot.English)
	kb := keyboard(r)
	if kb == nil || len(kb.InlineKeyboard) != 3 {
		t.Fatalf("keyboard %+v, want two apply rows and the more button", kb)
	}
	apply := kb.InlineKeyboard[0][0]
	if apply.URL == nil || *apply.URL != r.Jobs[0].URL || !strings.HasPrefix(apply.Text, "Apply: Senior Java") {
		t.Errorf("first row %+v", apply)
	}
	more := kb.InlineKeyboard[2][0]
	if more.CallbackData == nil || !strings.Contains(*more.CallbackData, "_jobs-p1") {
		t.Errorf("last row %+v, want the more button", more)
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if len([]rune(b.Text)) > maxButtonRunes {
				t.Errorf("button text of %d runes", len([]rune(b.Text)))
			}
		}
	}
}

func TestJobArticles(t *testing.T) {
	r := enginetest.JobsReply(bot.German)
	arts := jobArticles(r)
	if len(arts) != 2 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[1].(tgbotapi.InlineQueryResultArticle)
	msg := a.InputMessageContent.(tgbotapi.InputTextMessageContent)
	if a.ID != "job-REMOTE-GO-3" || !strings.Contains(msg.Text, "<b>Go Developer &lt;Remote&gt; &amp; more</b>") ||
		!strings.Contains(msg.Text, "für einen Kunden · remote") || a.ReplyMarkup == nil || *a.ReplyMarkup.InlineKeyboard[0][0].URL != r.Jobs[1].URL {
		t.Errorf("article %+v\n%s", a, msg.Text)
	}
}
