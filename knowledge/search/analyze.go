// Package search is careerbot's in-memory question matcher: it normalises
// German and English text, stems it, splits German compounds, maps
// synonyms, tolerates typos and scores entries with a confidence in [0,1].
package search

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"

	"github.com/careerbot/careerbot/bot"
)

// fold lowercases s and spells umlauts and ß out (ä→ae, ß→ss), so that
// "Prüfung" and "Pruefung" become the same word before stemming. "A/B" is
// kept together as one word.
func fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		if r < utf8.RuneSelf { // ASCII, lowered by hand: one pass, one copy
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '/':
				if isABTest(s, i) {
					continue // "A/B-Test" → "ab-test"
				}
				c = ' '
			}
			b.WriteByte(c)
			continue
		}
		switch r = unicode.ToLower(r); r {
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
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isABTest reports whether the slash at s[i] is the one in a standalone
// "a/b".
func isABTest(s string, i int) bool {
	lower := func(j int) byte {
		if j < 0 || j >= len(s) {
			return 0
		}
		c := s[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c
	}
	letter := func(j int) bool {
		c := lower(j)
		return c >= 'a' && c <= 'z' || c >= 0x80
	}
	return lower(i-1) == 'a' && !letter(i-2) && lower(i+1) == 'b' && !letter(i+2)
}

// isPlainLower reports whether s is lowercase ASCII without a slash, the
// common case that fold can return unchanged.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' || c == '/' {
			return false
		}
	}
	return true
}

// words yields the words of folded text: runs of letters and digits (and
// '+' and '#', for C++ and C#). It allocates nothing, and decides ASCII
// bytes by table, since questions are mostly ASCII once folded.
func words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(s); {
			c := s[i]
			size, in := 1, false
			if c < utf8.RuneSelf {
				in = asciiWord[c]
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(s[i:])
				in = !notWordRune(r)
			}
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
			i += size
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// asciiWord marks the ASCII bytes that belong to words.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = !notWordRune(rune(c))
	}
	return t
}()

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
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
		if st, ok := germanStemExceptions[w]; ok {
			return st
		}
		env := snowball.NewEnv(w)
		german.Stem(env)
		return env.Current()
	}
}

// germanStemExceptions keep words apart that the Snowball stemmer
// conflates: "Welche Zertifikate lohnen sich?" asks whether they pay off,
// not about the pay ("Lohn").
var germanStemExceptions = func() map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(`lohnen lohnt lohnte lohnten lohnend lohnende lohnenden lohnender
		lohnenswert lohnenswerte gelohnt`) {
		m[w] = "lohnenswert"
	}
	return m
}()
