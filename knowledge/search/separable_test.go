package search

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestJoinSeparable(t *testing.T) {
	docs := map[bot.Lang][]Doc{bot.German: {
		{ID: "hire", Questions: []string{"Welche Firmen einstellen Backend-Entwickler?"}, Answer: "Viele."},
		{ID: "entry", Questions: []string{"Wie kann ich ins Backend einsteigen?"}, Answer: "So."},
		{ID: "job", Questions: []string{"Welche Stelle passt?"}, Answer: "Eine."},
	}}
	li := New(docs, nil).langs[bot.German]
	tests := []struct{ in, want string }{
		{"Wer stellt Backend-Entwickler ein?", "Wer einstellt Backend-Entwickler ?"},
		{"Wie steige ich ins Backend ein?", "Wie einsteige ich ins Backend ?"},
		{"Wie steige ich ins Backend ein", "Wie einsteige ich ins Backend "},
		// a particle not at the end, an unknown joined verb, too few words
		{"Wer stellt ein Team zusammen?", "Wer stellt ein Team zusammen?"},
		{"Wie kommt man da rein?", "Wie kommt man da rein?"},
		{"Wie ist das Backend aus?", "Wie ist das Backend aus?"},
		{"stellt ein", "stellt ein"},
		{"", ""},
		// the verb stands among the first words only
		{"Was meint ihr, welche Firma im Backend stellt ein?", "Was meint ihr, welche Firma im Backend stellt ein?"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := li.joinSeparable(tt.in); got != tt.want {
				t.Errorf("joinSeparable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("search finds the joined verb", func(t *testing.T) {
		ix := New(docs, nil)
		ms := ix.Search("Wer stellt Backend-Entwickler ein?", bot.German, 3)
		if len(ms) == 0 || ms[0].EntryID != "hire" {
			t.Errorf("got %v, want hire first", ms)
		}
	})
}
