package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// answerThreshold mirrors bot.DefaultAnswerThreshold: above it the engine
// answers, so the tests below say "would be answered" or "would not".
const answerThreshold = bot.DefaultAnswerThreshold

func newTestIndex(t testing.TB) *Index {
	t.Helper()
	return New(testDocs(), testSynonyms)
}

// checkMatches asserts what holds for every result: at most limit matches,
// best first, no entry twice, confidence in [0,1].
func checkMatches(t testing.TB, ms []bot.Match, limit int) {
	t.Helper()
	if len(ms) > limit {
		t.Errorf("got %d matches, limit %d", len(ms), limit)
	}
	seen := map[string]bool{}
	for i, m := range ms {
		if !(m.Confidence >= 0 && m.Confidence <= 1) { // also catches NaN
			t.Errorf("match %d (%s): confidence %v outside [0,1]", i, m.EntryID, m.Confidence)
		}
		if i > 0 && m.Confidence > ms[i-1].Confidence {
			t.Errorf("match %d (%s): confidence %v above the previous %v", i, m.EntryID, m.Confidence, ms[i-1].Confidence)
		}
		if seen[m.EntryID] {
			t.Errorf("entry %s returned twice", m.EntryID)
		}
		seen[m.EntryID] = true
	}
}

func top(ms []bot.Match) bot.Match {
	if len(ms) == 0 {
		return bot.Match{}
	}
	return ms[0]
}

// TestSearchFindsEntry covers the ways a question may differ from an
// entry's own phrasings and still mean it.
func TestSearchFindsEntry(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		name string
		lang bot.Lang
		q    string
		want string
	}{
		{"exact phrasing", bot.German, "Was macht ein Backend-Entwickler?", "tasks"},
		{"umlaut", bot.German, "Brauche ich eine Prüfung?", "exam"},
		{"umlaut spelt out", bot.German, "Brauche ich eine Pruefung?", "exam"},
		{"umlaut upper case", bot.German, "BRAUCHE ICH EINE PRÜFUNG?", "exam"},
		{"sharp s spelt out", bot.German, "Gibt es Jobs ausserhalb der Grossstadt?", "city"},
		{"compound of two known words", bot.German, "Welche Datenbankkenntnisse brauche ich?", "db"},
		{"compound alone", bot.German, "Datenbankkenntnisse", "db"},
		{"compound with feminine suffix", bot.German, "Was macht eine Backendentwicklerin?", "tasks"},
		{"synonym", bot.German, "Kann ich als Seiteneinsteiger Backend-Entwickler werden?", "career-change"},
		{"synonym phrase", bot.English, "Can career changers get in?", "career-change"},
		{"typo: letter missing", bot.German, "Welche Datenbnken?", "db"},
		{"typo: letters swapped", bot.German, "Welche Programmiersprahcen brauche ich?", "languages"},
		{"typo: english", bot.English, "Which programming langauges do I need?", "languages"},
		{"typo: letter replaced", bot.English, "Can a backend developer work as a freelancar?", "freelance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := ix.Search(tt.q, tt.lang, 3)
			checkMatches(t, ms, 3)
			if got := top(ms); got.EntryID != tt.want || got.Confidence < answerThreshold {
				t.Errorf("Search(%q) best = %+v, want %s with confidence ≥ %v (all: %v)", tt.q, got, tt.want, answerThreshold, ms)
			}
		})
	}
}

// TestSearchEquivalentSpellings checks that spellings that mean the same
// word give exactly the same result, not merely the same best entry.
func TestSearchEquivalentSpellings(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		name string
		lang bot.Lang
		a, b string
	}{
		{"ü and ue", bot.German, "Brauche ich eine Prüfung?", "Brauche ich eine Pruefung?"},
		{"ß and ss", bot.German, "Jobs in der Großstadt", "Jobs in der Grossstadt"},
		{"case", bot.German, "datenbanken kenntnisse", "DATENBANKEN KENNTNISSE"},
		{"punctuation", bot.German, "Datenbanken, Kenntnisse!?", "Datenbanken Kenntnisse"},
		{"synonym words", bot.German, "Kann ich als Seiteneinsteiger anfangen?", "Kann ich als Quereinsteiger anfangen?"},
		{"synonym across languages", bot.English, "database skills", "datenbank skills"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := ix.Search(tt.a, tt.lang, 3), ix.Search(tt.b, tt.lang, 3)
			if len(a) == 0 || !slices.Equal(a, b) {
				t.Errorf("Search(%q) = %v\nSearch(%q) = %v\nwant equal and non-empty", tt.a, a, tt.b, b)
			}
		})
	}
}

// TestSearchUnrelated checks that a question about something else gets a
// confidence below the answer threshold even when it shares words with an
// entry ("become" in "How do I become a dentist?").
func TestSearchUnrelated(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		name string
		lang bot.Lang
		q    string
	}{
		{"another profession", bot.English, "How do I become a dentist?"},
		{"another profession, german", bot.German, "Wie werde ich Zahnarzt?"},
		{"weather", bot.German, "Wie wird das Wetter morgen?"},
		{"recipe", bot.English, "What is a good recipe for lasagna?"},
		{"sports", bot.English, "Who won the football world cup?"},
		{"shares one word", bot.English, "Can I pass the driving exam in a week?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := ix.Search(tt.q, tt.lang, 3)
			checkMatches(t, ms, 3)
			if got := top(ms); got.Confidence >= answerThreshold {
				t.Errorf("Search(%q) best = %+v, want confidence < %v", tt.q, got, answerThreshold)
			}
		})
	}
}

// TestSearchUnknownWordPenalty checks that an unknown key word lowers the
// confidence compared with the same question about the profession.
func TestSearchUnknownWordPenalty(t *testing.T) {
	ix := newTestIndex(t)
	known := top(ix.Search("Can I become a backend developer?", bot.English, 1))
	unknown := top(ix.Search("Can I become a dentist?", bot.English, 1))
	if unknown.Confidence >= known.Confidence {
		t.Errorf("dentist: %+v, backend developer: %+v; want the unknown word to cost confidence", unknown, known)
	}
}

func TestSearchHostileInput(t *testing.T) {
	ix := newTestIndex(t)
	for name, q := range hostileInputs {
		t.Run(name, func(t *testing.T) {
			for _, lang := range []bot.Lang{bot.German, bot.English, "fr", ""} {
				for _, limit := range []int{-1, 0, 1, 3, 100} {
					ms := ix.Search(q, lang, limit)
					checkMatches(t, ms, max(limit, 0))
				}
			}
		})
	}
}

func TestSearchLimitAndLanguage(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		name  string
		lang  bot.Lang
		limit int
		want  int
	}{
		{"limit one", bot.German, 1, 1},
		{"limit above matches", bot.German, 100, 7},
		{"zero limit", bot.German, 0, 0},
		{"negative limit", bot.German, -3, 0},
		{"unsupported language", "fr", 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// "Backend Entwickler Datenbanken Prüfung Großstadt Quereinsteiger
			// Programmiersprachen Freelancer" touches every German entry.
			q := "Backend Entwickler Datenbanken Prüfung Großstadt Quereinsteiger Programmiersprachen Freelancer Aufgaben"
			if got := ix.Search(q, tt.lang, tt.limit); len(got) != tt.want {
				t.Errorf("Search(limit %d, %s) returned %d matches, want %d: %v", tt.limit, tt.lang, len(got), tt.want, got)
			}
		})
	}
}

func TestSearchEmptyIndex(t *testing.T) {
	tests := []struct {
		name     string
		docs     map[bot.Lang][]Doc
		synonyms [][]string
	}{
		{"nil", nil, nil},
		{"no docs, synonyms", nil, testSynonyms},
		{"one language only", map[bot.Lang][]Doc{bot.English: testDocs()[bot.English]}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := New(tt.docs, tt.synonyms)
			if got := ix.Search("Welche Datenbanken?", bot.German, 3); len(got) != 0 {
				t.Errorf("Search on an index without German docs = %v, want none", got)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Prüfung", "pruefung"},
		{"ÄÖÜ äöü ß", "aeoeue aeoeue ss"},
		{"Café à la crème", "cafe a la creme"},
		{"A/B-Tests", "ab-tests"},
		{"Client/Server", "client server"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fold(tt.in); got != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"datenbank", "datenbank", 0},
		{"datenbank", "datenbnak", 1}, // transposition
		{"datenbank", "datenbak", 1},  // deletion
		{"datenbank", "datenbankk", 1},
		{"datenbank", "datenbenk", 1},
		{"python", "pyhtno", 2},
		{"", "abc", 3},
		{"prüfung", "prufung", 1}, // runes, not bytes
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := editDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := editDistance(tt.b, tt.a); got != tt.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestSplitCompound(t *testing.T) {
	li := newTestIndex(t).langs[bot.German]
	tests := []struct {
		word string
		want []string // nil: not split
	}{
		{"datenbankkenntnisse", []string{li.stem("datenbank"), li.stem("kenntnisse")}},
		{"backendentwicklerin", []string{li.stem("backend"), li.stem("entwicklerin")}},
		{"kurz", nil},
		{"quokkahaltung", nil},
		{strings.Repeat("datenbank", 1000), nil}, // far longer than any real word
	}
	for _, tt := range tests {
		t.Run(tt.word[:min(len(tt.word), 30)], func(t *testing.T) {
			if got := li.splitCompound(tt.word); !slices.Equal(got, tt.want) {
				t.Errorf("splitCompound(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}
