package jobs

import (
	"strings"
	"unicode"
)

// token is one word of a text: folded for matching, with what the folding
// loses that matters ("Go" the language versus "go" the verb).
type token struct {
	fold string // lower case, umlauts as ae/oe/ue, ß as ss
	orig string
	// start is true for a sentence's first word, where capitals say nothing.
	start bool
}

var folder = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "á", "a", "à", "a", "ó", "o", "í", "i", "ç", "c")

// fold lower-cases s and spells umlauts out, so that "München",
// "Muenchen" and "MÜNCHEN" agree.
func fold(s string) string { return folder.Replace(strings.ToLower(s)) }

// foldPlain folds umlauts to their base letter ("Munchen"), the other
// spelling people type.
var plainFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

func foldPlain(s string) string { return folder.Replace(plainFolder.Replace(strings.ToLower(s))) }

// maxTokens bounds the words read from one text.
const maxTokens = 4000

// tokenize splits text into words: letters and digits, with "+" and "#"
// kept (C++, C#) and inner or leading dots kept before letters (Node.js,
// .NET). Hyphens and slashes split ("Backend-Stellen", "Rhein-Main").
func tokenize(text string) []token {
	out := make([]token, 0, 16)
	start := true
	from := -1 // byte offset where the current word began
	emit := func(to int) {
		if from < 0 {
			return
		}
		w := strings.TrimRight(text[from:to], ".")
		from = -1
		if w == "" || w == "+" || w == "#" || len(out) >= maxTokens {
			return
		}
		out = append(out, token{fold: foldWord(w), orig: w, start: start})
		start = false
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#':
			if from < 0 {
				from = i
			}
		case r == '.' && i+1 < len(text) && nextIsLetter(text[i+1:]) && (from >= 0 || i == 0 || text[i-1] == ' '):
			if from < 0 {
				from = i
			}
		default:
			emit(i)
			if r == '.' || r == '!' || r == '?' || r == ':' || r == ';' || r == '\n' {
				start = true
			}
		}
	}
	emit(len(text))
	return out
}

func nextIsLetter(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}

// foldWord is fold with a fast path for ASCII words.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return fold(w)
		}
	}
	return strings.ToLower(w)
}

// jobNounSuffixes end the German compounds that name a job, a developer or
// a listing: "Javaentwickler", "Backendjobs", "Teilzeitstelle".
var jobNounSuffixes = []string{"entwickler", "entwicklerin", "entwicklerinnen", "developer", "developers",
	"stelle", "stellen", "job", "jobs", "dev", "devs", "engineer", "engineers", "programmierer", "position", "positionen"}

// compoundHead returns the head word when tok is "<word><job noun>", such
// as "java" for "javaentwickler", else "".
func compoundHead(tok string) string {
	for _, suf := range jobNounSuffixes {
		if len(tok) > len(suf)+1 && strings.HasSuffix(tok, suf) {
			return strings.TrimSuffix(strings.TrimSuffix(tok[:len(tok)-len(suf)], "-"), "s")
		}
	}
	return ""
}

// vocab maps folded words to keys, with multi-word phrases.
type vocab struct {
	words   map[string]string
	phrases map[string]string // "full time", "von zu hause"
	firsts  map[string]bool   // the first words of the phrases
	longest int
}

func newVocab(entries map[string][]string) *vocab {
	v := &vocab{words: map[string]string{}, phrases: map[string]string{}, firsts: map[string]bool{}, longest: 1}
	for key, aliases := range entries {
		for _, a := range aliases {
			v.add(fold(a), key, true)
		}
	}
	return v
}

// add adds a folded alias; an existing single word is replaced only when
// replace is set.
func (v *vocab) add(a, key string, replace bool) {
	f := strings.Fields(a)
	if len(f) > 1 {
		v.phrases[a] = key
		v.firsts[f[0]] = true
		v.longest = max(v.longest, len(f))
		return
	}
	if _, taken := v.words[a]; !taken || replace {
		v.words[a] = key
	}
}

// match returns the key and length (in tokens) of the vocabulary item at
// toks[i], longest phrase first; n is 0 when nothing matches.
func (v *vocab) match(toks []token, i int) (key string, n int) {
	if !v.firsts[toks[i].fold] {
		if k, ok := v.words[toks[i].fold]; ok {
			return k, 1
		}
		return "", 0
	}
	for l := min(v.longest, len(toks)-i); l > 1; l-- {
		var b strings.Builder
		for j := i; j < i+l; j++ {
			if j > i {
				b.WriteByte(' ')
			}
			b.WriteString(toks[j].fold)
		}
		if k, ok := v.phrases[b.String()]; ok {
			return k, l
		}
	}
	if k, ok := v.words[toks[i].fold]; ok {
		return k, 1
	}
	return "", 0
}
