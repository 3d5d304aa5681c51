package search

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestIndexLanguage(t *testing.T) {
	ix := New(map[bot.Lang][]Doc{
		bot.German:  {{ID: "a", Questions: []string{"Welche Datenbanken brauche ich?"}, Answer: "SQL und Python."}},
		bot.English: {{ID: "a", Questions: []string{"Which databases do I need?"}, Answer: "SQL and Python."}},
	}, nil)
	tests := []struct {
		text string
		want bot.Lang
		sure bool
	}{
		{"Datenbanken", bot.German, true},
		{"databases", bot.English, true},
		{"Python", "", false},  // in both
		{"Lasagne", "", false}, // in neither
		{"", "", false},
	}
	for _, tt := range tests {
		got, sure := ix.Language(tt.text)
		if got != tt.want || sure != tt.sure {
			t.Errorf("Language(%q) = %q, %v; want %q, %v", tt.text, got, sure, tt.want, tt.sure)
		}
	}
}
