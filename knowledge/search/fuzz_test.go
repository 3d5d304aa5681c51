package search

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// FuzzSearch asks the test index arbitrary text: it must never panic, and
// every confidence must lie in [0,1].
func FuzzSearch(f *testing.F) {
	for _, q := range hostileInputs {
		if len(q) > 4096 {
			q = q[:4096] // keep the seed corpus small; the unit test covers 1 MB
		}
		f.Add(q, true)
	}
	for _, q := range []string{"Was macht ein Backend-Entwickler?", "Datenbankkenntnisse", "Seiteneinsteiger", "How do I become a dentist?", "A/B"} {
		f.Add(q, false)
	}
	ix := New(testDocs(), testSynonyms)
	f.Fuzz(func(t *testing.T, q string, german bool) {
		lang := bot.English
		if german {
			lang = bot.German
		}
		checkMatches(t, ix.Search(q, lang, 3), 3)
	})
}
