package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"fmt"
	"strings"
	"testing"
)

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	const question = "Kann ich als Quereinsteiger Backend-Entwickler werden?"
	mention := "@" + telegramfake.BotName
	replyToBot := fmt.Sprintf(`{"message_id": 99, "date": 1441645500, "chat": {"id": %d, "type": "supergroup"},
		"from": {"id": %d, "is_bot": true, "first_name": "Careerbot", "username": %q}, "text": "Ja, als Quereinsteiger*in…"}`,
		int64(groupChat), telegramfake.BotID, telegramfake.BotName)
	replyToPerson := fmt.Sprintf(`{"message_id": 98, "date": 1441645500, "chat": {"id": %d, "type": "supergroup"},
		"from": {"id": %d, "is_bot": false, "first_name": "Ben"}, "text": "Ich überlege umzusteigen"}`,
		int64(groupChat), userBen)
	tests := []struct {
		name     string
		text     string
		entities string
		replyTo  string
		answered bool
		contains string
	}{
		{name: "mention entity", text: mention + " " + question, entities: fmt.Sprintf(`[{"type": "mention", "offset": 0, "length": %d}]`, len(mention)), answered: true, contains: "Quereinsteiger*in"},
		{name: "mention after an emoji", text: "🙋 " + mention + ", " + question, entities: fmt.Sprintf(`[{"type": "mention", "offset": 3, "length": %d}]`, len(mention)), answered: true, contains: "Quereinsteiger*in"},
		{name: "mention in any case, without entity", text: "Hey @CareerBot_Test_Bot: " + question, answered: true, contains: "Quereinsteiger*in"},
		{name: "reply to the bot", text: "Und mit 45 Jahren noch?", replyTo: replyToBot, answered: true},
		{name: "frage command", text: "/frage " + question, answered: true, contains: "Quereinsteiger*in"},
		{name: "frage addressed to this bot", text: "/frage@" + telegramfake.BotName + " " + question, answered: true, contains: "Quereinsteiger*in"},
		{name: "ask command", text: "/ask Can I become a backend developer as a career changer?", answered: true, contains: "career changer"},
		{name: "frage without question", text: "/frage", answered: true, contains: "/frage Kann ich"},
		{name: "topics addressed to this bot", text: "/themen@" + telegramfake.BotName, answered: true, contains: txtTopics[0]},
		{name: "chatter, even a career question", text: question},
		{name: "chatter", text: "Wer kommt heute mit in die Mensa?"},
		{name: "reply to a person", text: "Mach das!", replyTo: replyToPerson},
		{name: "another bot's command", text: "/frage@other_bot " + question},
		{name: "another bot with a longer name", text: mention + "x " + question},
		{name: "channel posts are admin-only and private", text: "/teilen @careerbot_news entry-overview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, ChatID: groupChat, ChatType: "supergroup", UserID: userBen,
				MessageID: 1400, Text: tt.text, Entities: tt.entities, ReplyTo: tt.replyTo}))
			sent := f.Sent()
			if !tt.answered {
				if len(sent) != 0 {
					t.Errorf("answered chatter: %q", sent[0].Params.Get("text"))
				}
				return
			}
			if len(sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(sent))
			}
			m := sent[0]
			if m.Int64("chat_id") != groupChat || m.Int64("reply_to_message_id") != 1400 {
				t.Errorf("chat_id=%s reply_to_message_id=%s, want the group and the question",
					m.Params.Get("chat_id"), m.Params.Get("reply_to_message_id"))
			}
			if !strings.Contains(m.Params.Get("text"), tt.contains) {
				t.Errorf("text %q does not contain %q", m.Params.Get("text"), tt.contains)
			}
		})
	}
}

func TestGroupQuestionWithoutMention(t *testing.T) {
	a, _, _ := newTestAdapter(t)
	tests := []struct{ text, want string }{
		{"@" + telegramfake.BotName + " Wie viel verdient man?", "Wie viel verdient man?"},
		{"Sag mal @" + telegramfake.BotName + ", wie viel verdient man?", "Sag mal , wie viel verdient man?"},
		{"@" + telegramfake.BotName, ""},
	}
	for _, tt := range tests {
		m := decode(t, fixture(t, "message.json", fields{UpdateID: 1, ChatID: groupChat, ChatType: "group", Text: tt.text})).Message
		q, ok := a.addressed(m, m.Text)
		if !ok || q != tt.want {
			t.Errorf("addressed(%q) = %q, %v; want %q, true", tt.text, q, ok, tt.want)
		}
	}
}
