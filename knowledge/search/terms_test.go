package search

import (
	"slices"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		text string
		lang bot.Lang
		want []string
	}{
		// Folded, stop words and generic words dropped, stemmed, unique.
		{"Wie viel verdient man als Backend-Entwickler?", bot.German, []string{"backend", "entwickl", "verdient"}},
		{"Prüfung? Pruefung!", bot.German, []string{"pruefung"}},
		{"Ich bin 35 und möchte wirklich Entwickler werden", bot.German, []string{"entwickl"}},
		{"Can I really bring my dog to the office?", bot.English, []string{"bring", "dog", "offic"}},
		{"???", bot.German, nil},
		{"", bot.English, nil},
	} {
		if got := Terms(tc.text, tc.lang); !slices.Equal(got, tc.want) {
			t.Errorf("Terms(%q, %s) = %q, want %q", tc.text, tc.lang, got, tc.want)
		}
	}
}

// TestIndexTerms: the index maps synonyms to one term and splits
// compounds it does not know into parts it does.
func TestIndexTerms(t *testing.T) {
	ix := newTestIndex(t)
	same := [][2]string{
		{"Backend-Entwickler werden", "Backend-Entwicklerin werden"},
		{"Quereinsteiger", "Quereinstieg"},
		{"Datenbankkenntnisse", "Datenbank Kenntnisse"},
	}
	for _, p := range same {
		a, b := ix.Terms(p[0], bot.German), ix.Terms(p[1], bot.German)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("Terms(%q) = %q, Terms(%q) = %q: want the same", p[0], a, p[1], b)
		}
	}
	if got := ix.Terms("Wirklich 35 Jahre?", bot.German); slices.Contains(got, numberToken) || slices.Contains(got, "wirklich") {
		t.Errorf("numbers and generic words are kept: %q", got)
	}
	if got, want := ix.Terms("dog", "fr"), Terms("dog", "fr"); !slices.Equal(got, want) {
		t.Errorf("unknown language: %q, want the plain terms %q", got, want)
	}
}
