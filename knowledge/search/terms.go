package search

import (
	"slices"

	"github.com/careerbot/careerbot/bot"
)

// Terms returns the words of text that say what it is about, for telling
// similar questions apart from different ones: folded, stop words, generic
// words and numbers dropped, stemmed in lang, unique and sorted. It knows
// no synonyms or compounds; Index.Terms does.
func Terms(text string, lang bot.Lang) []string {
	stem := stemmerFor(lang)
	var out []string
	for w := range words(fold(text)) {
		if stopwords[w] || genericWords[w] || len(w) < 2 || isDigits(w) || len(w) > maxWordLen {
			continue
		}
		out = append(out, stem(w))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Terms is like the package's Terms, with the index's knowledge: synonyms
// become their group ("Gehalt" and "verdienen" in one group yield the same
// term) and compounds the index does not know are split into parts it
// does. A language the index lacks falls back to plain Terms.
func (ix *Index) Terms(text string, lang bot.Lang) []string {
	li, ok := ix.langs[lang]
	if !ok {
		return Terms(text, lang)
	}
	toks, classes := li.tokens(capText(text), asQuery)
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if classes[i] != genericWord && t != numberToken {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
