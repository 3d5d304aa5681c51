// Package search is careerbot's in-memory question matcher: it normalises
// German and English text, stems it, splits German compounds, maps
// synonyms, tolerates typos and scores entries with a confidence in [0,1].
package search

import (
	"strings"
	"unicode"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"

	"github.com/careerbot/careerbot/bot"
)

// fold lowercases s and spells umlauts and ß out (ä→ae, ß→ss), so that
// "Prüfung" and "Pruefung" become the same word before stemming. "A/B" is
// kept together as one word.
func fold(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case 'é', 'è', 'ê':
			b.WriteByte('e')
		case 'á', 'à', 'â':
			b.WriteByte('a')
		case '/':
			if i > 0 && i+1 < len(rs) && rs[i-1] == 'a' && rs[i+1] == 'b' {
				continue // a/b → ab
			}
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// words splits folded text into words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
	})
}

// stemmer stems one folded word in one language.
type stemmer func(string) string

func stemmerFor(lang bot.Lang) stemmer {
	if lang == bot.English {
		return func(w string) string {
			env := snowball.NewEnv(w)
			english.Stem(env)
			return env.Current()
		}
	}
	return func(w string) string {
		env := snowball.NewEnv(w)
		german.Stem(env)
		return env.Current()
	}
}
