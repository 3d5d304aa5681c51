package bot_test

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// A one-word message DetectLang cannot place gets the language whose
// knowledge-base texts know the word; a conversation's language still wins.
func TestVocabularyDecidesShortMessages(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	tests := []struct {
		text, conversation string
		want               bot.Lang
	}{
		{text: "databases", want: bot.English},
		{text: "contact", want: bot.English},
		{text: "Datenbanken", want: bot.German},
		{text: "Python", want: bot.German}, // in both: the default
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := ask(t, e, bot.Request{Text: tt.text}).Lang; got != tt.want {
				t.Errorf("%q answered in %s, want %s", tt.text, got, tt.want)
			}
		})
	}
	t.Run("conversation first", func(t *testing.T) {
		ask(t, e, bot.Request{Text: "What does a backend developer do?", Conversation: "c1"})
		if got := ask(t, e, bot.Request{Text: "Datenbanken", Conversation: "c1"}).Lang; got != bot.English {
			t.Errorf("short message in an English conversation answered in %s", got)
		}
	})
}
