package search

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot"
)

// Doc is one entry's text in one language.
type Doc struct {
	ID        string
	Questions []string
	Answer    string
}

// Index matches questions against entries. It is immutable once built and
// safe for concurrent use.
type Index struct {
	langs map[bot.Lang]*langIndex
}

// New builds an index over docs, per language, with synonym groups whose
// terms may be single words or short phrases in either language.
func New(docs map[bot.Lang][]Doc, synonyms [][]string) *Index {
	// The languages share nothing but read-only tables: build them side
	// by side.
	built := make([]*langIndex, len(bot.Langs))
	var wg sync.WaitGroup
	for i, lang := range bot.Langs {
		wg.Go(func() { built[i] = newLangIndex(lang, docs[lang], synonyms) })
	}
	wg.Wait()
	ix := &Index{langs: map[bot.Lang]*langIndex{}}
	for i, lang := range bot.Langs {
		ix.langs[lang] = built[i]
	}
	return ix
}

// Search returns up to limit matches for text in lang, best first. It
// returns nothing for text with no searchable words.
func (ix *Index) Search(text string, lang bot.Lang, limit int) []bot.Match {
	li, ok := ix.langs[lang]
	if !ok || limit <= 0 {
		return nil
	}
	text = capText(text)
	if li.german {
		text = li.joinSeparable(text)
	}
	return li.search(text, limit)
}

// posting records that a term occurs in a doc's questions, answer or both.
// It is packed into 16 bytes: a 10,000-entry index has about a million.
type posting struct {
	// phrasings has bit p set when the doc's phrasing p (p < 64) has the
	// term, so similarity needs no set look-ups.
	phrasings uint64
	doc       int32
	inQ, inA  bool
	// salience is how much of the doc's phrasings use the term, in 1/255:
	// a word in most of them is what the entry is about, a word in one of
	// ten is incidental.
	salience uint8
}

// phrasing is what similarity needs of one of a doc's phrasings: the sum
// of its terms' weights. The terms themselves are only needed while
// building.
type phrasing struct {
	weight float64
}

type docInfo struct {
	id        string
	phrasings []phrasing // a window of one array shared by all docs
}

type langIndex struct {
	stem     stemmer
	german   bool                // German capitalises nouns: a cue for unknown topic words
	synWords map[string]string   // stem → group token
	synPhr   map[string][]phrase // first stem → phrases starting with it
	// lex knows every word of the corpus and every stop word: its stem,
	// and whether it is a stop or generic word. One look-up per word on
	// the hot path instead of four; also the vocabulary for compounds.
	lex   map[string]lexEntry
	stems map[string]bool // stems of the corpus, for compounds
	// parts holds the corpus's compounds split into their parts' stems.
	parts map[string][]string
	// unsplit holds, while building, the words already found not to be
	// compounds: most words are not, and splitting is costly.
	unsplit map[string]struct{}

	terms map[string]int32
	idf   []float64
	// post is term id → postings sorted by doc; every list is a window of
	// one shared array.
	post    [][]posting
	docs    []docInfo
	names   []string   // term id → term
	typos   *typoIndex // typo correction (typo.go)
	unknown float64    // weight of a query word the index lacks
	anchor  []bool     // term id → found in most entries ("backend")
	pool    sync.Pool  // *scratch
}

type phrase struct {
	stems []string
	token string
}

// scratch holds one search's per-doc sums: question hits, answer-only
// hits and the plain idf mass covered. Pooled, cleared via touched.
type scratch struct {
	q, a, m []float64
	touched []int32
	cands   []cand
}

func newLangIndex(lang bot.Lang, docs []Doc, synonyms [][]string) *langIndex {
	li := &langIndex{
		stem:     stemmerFor(lang),
		german:   lang == bot.German,
		synWords: map[string]string{},
		synPhr:   map[string][]phrase{},
		lex:      map[string]lexEntry{},
		parts:    map[string][]string{},
		stems:    map[string]bool{},
		terms:    map[string]int32{},
		docs:     make([]docInfo, 0, len(docs)),
	}
	for w := range stopwords {
		li.lex[w] = lexEntry{stop: true}
	}
	li.addSynonyms(synonyms)
	li.learnWords(docs)
	b := newIndexBuilder(docs)
	li.unsplit = map[string]struct{}{}
	for i, d := range docs {
		b.addDoc(li, int32(i), d)
	}
	li.unsplit = nil
	b.finish(li)
	li.buildDeletes()
	n0 := len(li.docs)
	li.pool.New = func() any {
		return &scratch{q: make([]float64, n0), a: make([]float64, n0), m: make([]float64, n0)}
	}
	return li
}

// learnWords is the first pass: the vocabulary that compound splitting
// relies on. The words kept are copies: a word is a slice of its folded
// text, and would otherwise keep the whole text alive.
func (li *langIndex) learnWords(docs []Doc) {
	learn := func(text string) {
		for w := range words(fold(text)) {
			if _, seen := li.lex[w]; seen || stopwords[w] {
				continue // each word is stemmed once
			}
			w = strings.Clone(w)
			st := li.stem(w)
			if st == w {
				st = w
			} else {
				st = strings.Clone(st)
			}
			li.lex[w] = lexEntry{stem: st, generic: genericWords[w], corpus: true}
			li.stems[st] = true
		}
	}
	for _, d := range docs {
		for _, q := range d.Questions {
			learn(q)
		}
		learn(d.Answer)
	}
}

func (li *langIndex) addSynonyms(groups [][]string) {
	for g, terms := range groups {
		token := "~" + strconv.Itoa(g)
		for _, term := range terms {
			var stems []string
			for w := range words(fold(term)) {
				if !stopwords[w] {
					stems = append(stems, li.stem(w))
				}
			}
			switch {
			case len(stems) == 1:
				if _, taken := li.synWords[stems[0]]; !taken {
					li.synWords[stems[0]] = token
				}
			case len(stems) > 1:
				li.synPhr[stems[0]] = append(li.synPhr[stems[0]], phrase{stems: stems, token: token})
			}
		}
	}
}

// intern maps analysed tokens to term ids, adding new terms, and appends
// them to dst unique and sorted.
func (li *langIndex) intern(dst []int32, tokens []string) []int32 {
	for _, tok := range tokens {
		id, ok := li.terms[tok]
		if !ok {
			id = int32(len(li.terms))
			// A copy: tok may be a slice of a whole folded text.
			li.terms[strings.Clone(tok)] = id
		}
		dst = append(dst, id)
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// mode says what a text is analysed as.
type mode uint8

const (
	asQuery    mode = iota // a person's question
	asQuestion             // one of an entry's phrasings
	asAnswer               // an entry's answer
)

// analyzeQuery analyses a question and classifies its words.
func (li *langIndex) analyzeQuery(text string) ([]string, []wordClass) {
	return li.tokens(text, asQuery)
}

// wordClass says how much an unknown word should weigh.
type wordClass uint8

const (
	plainWord     wordClass = iota
	genericWord             // everyday word, see generic.go
	nounWord                // German noun written mid-sentence: likely the topic
	compoundWhole           // a known compound beside its parts
	typoFixed               // a word corrected before stemming ("quereinstig")
	lowerWord               // lower-case beside capitalised nouns: not the topic
)

// maxQueryBytes bounds how much of a text a search reads; the engine cuts
// questions far shorter, this keeps direct callers safe too.
const maxQueryBytes = 4 * bot.MaxQuestionRunes

// capText cuts text to maxQueryBytes at a rune boundary.
func capText(text string) string {
	if len(text) <= maxQueryBytes {
		return text
	}
	cut := maxQueryBytes
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}

// maxNouns bounds the capitalised words a question is checked against.
const maxNouns = 32

// capitalised lists the words that a German question capitalises
// mid-sentence, as written: nouns. "Wie lerne ich Spanisch?" is about
// Spanisch. The words are substrings of text, appended to dst.
func capitalised(dst []string, text string) []string {
	out := dst
	initial := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			if strings.ContainsRune(".!?:", r) {
				initial = true
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			j += s2
		}
		if !initial && unicode.IsUpper(r) && len(out)-len(dst) < maxNouns {
			out = append(out, text[i:j])
		}
		initial = false
		i = j
	}
	return out
}

// isNoun reports whether the folded word w is one of the capitalised
// nouns.
func isNoun(nouns []string, w string) bool {
	for _, n := range nouns {
		if fold(n) == w {
			return true
		}
	}
	return false
}

// tokens turns text into tokens: folded, stop words dropped, stemmed,
// synonyms mapped to their group. The index splits every compound it can;
// a query also searches a compound's parts.
func (li *langIndex) tokens(text string, m mode) (out []string, classes []wordClass) {
	return li.tokensInto(nil, nil, text, m)
}

// tokensInto is tokens appending to out and classes, so that building an
// index can reuse one pair of buffers for all its texts.
func (li *langIndex) tokensInto(out []string, classes []wordClass, text string, m mode) ([]string, []wordClass) {
	indexing := m != asQuery
	var nounsBuf [8]string
	var nouns []string
	if li.german && !indexing {
		nouns = capitalised(nounsBuf[:0], text)
	}
	// Most questions have a few words: these start on the stack.
	var stemsBuf, rawBuf [16]string
	var gensBuf [16]wordClass
	stems, raw, gens := stemsBuf[:0], rawBuf[:0], gensBuf[:0]
	for w := range words(fold(text)) {
		if isDigits(w) {
			if !indexing {
				stems, raw, gens = append(stems, numberToken), append(raw, w), append(gens, plainWord)
			}
			continue
		}
		le := li.lookup(w)
		if le.stop || len(w) < 2 {
			continue
		}
		class := plainWord
		switch {
		case le.generic:
			class = genericWord
		case !le.corpus && isNoun(nouns, w):
			// Only an unknown word's class matters: known words weigh
			// by their idf.
			class = nounWord
		case !le.corpus && len(nouns) > 0:
			// Its writer capitalises nouns, and this word is not one:
			// a verb or an adverb ("fehlen", "üblicherweise").
			class = lowerWord
		}
		stems, raw, gens = append(stems, le.stem), append(raw, w), append(gens, class)
	}
	emit := func(tok string, class wordClass) {
		out = append(out, tok)
		classes = append(classes, class)
	}
	for i := 0; i < len(stems); i++ {
		if tok, n := li.matchPhrase(stems[i:]); n > 0 {
			emit(tok, plainWord)
			if m == asAnswer {
				// Keep an answer's phrase words findable on their own
				// too: "small companies" should still meet "small and
				// medium-sized companies". Phrasings are left alone, so
				// their similarity weights do not change.
				for _, st := range stems[i : i+n] {
					emit(st, plainWord)
				}
			}
			i += n - 1
			continue
		}
		s := stems[i]
		if s == numberToken {
			emit(s, plainWord)
			continue
		}
		if tok, ok := li.synWords[s]; ok {
			emit(tok, plainWord)
			continue
		}
		// A compound is also searched by its parts: "Informatikstudium"
		// asks about Informatik and Studium. In a question, a compound the
		// index knows whole counts at half weight beside its parts, so one
		// entry that happens to use the whole word does not outweigh the
		// entries about the parts.
		parts := li.compoundParts(raw[i], indexing)
		if !indexing && parts == nil {
			if tok, ok := li.correctRaw(s, raw[i]); ok {
				emit(tok, typoFixed)
				continue
			}
		}
		switch {
		case indexing || parts == nil:
			emit(s, gens[i])
		case li.known(s):
			emit(s, compoundWhole)
		}
		for _, part := range parts {
			if tok, ok := li.synWords[part]; ok {
				part = tok
			}
			emit(part, plainWord)
		}
	}
	return out, classes
}

// correctRaw corrects a query word whose stem the index lacks by its
// spelling before stemming: "quereinstig" stems to "quereinst", too far
// from any term, but is one letter from the synonym "quereinstieg".
func (li *langIndex) correctRaw(stem, raw string) (string, bool) {
	if li.known(stem) {
		return "", false
	}
	// "degre" stems to "degr", but is itself the stem of "degree".
	if len(raw) > len(stem) {
		if tok, ok := li.synWords[raw]; ok {
			return tok, true
		}
		if li.known(raw) {
			return raw, true
		}
	}
	// Only when stemming cut a suffix off: otherwise the stem's own
	// correction, tried later, finds the same.
	if len(raw)-len(stem) < 2 {
		return "", false
	}
	id, ok := li.correct(raw)
	if !ok {
		return "", false
	}
	return li.names[id], true
}

// lexEntry is what the index knows about one folded word.
type lexEntry struct {
	stem    string
	stop    bool
	generic bool
	corpus  bool // the word occurs in the knowledge base
}

// lookup describes w: from the lexicon, or worked out for a word the
// knowledge base does not have.
func (li *langIndex) lookup(w string) lexEntry {
	if le, ok := li.lex[w]; ok {
		return le
	}
	if stopwords[w] {
		return lexEntry{stop: true}
	}
	st := li.stem(w)
	if _, syn := li.synWords[st]; !syn && !li.known(st) {
		// A typo of a topic word ("swich" for "switch") is the likelier
		// reading: it is tried first.
		if f := functionTypo(w); f != "" && !li.correctable(st, w) {
			if le, ok := li.lex[f]; ok {
				return le
			}
			return lexEntry{stem: li.stem(f), stop: stopwords[f], generic: genericWords[f]}
		}
	}
	return lexEntry{stem: st, generic: genericWords[w]}
}

// correctable reports whether typo correction finds a term for an
// unknown word, by its stem or its spelling.
func (li *langIndex) correctable(stem, raw string) bool {
	if _, ok := li.correct(stem); ok {
		return true
	}
	_, ok := li.correct(raw)
	return ok
}

// inCorpus reports whether the knowledge base has the word w.
func (li *langIndex) inCorpus(w string) bool { return li.lex[w].corpus }

func (li *langIndex) known(stem string) bool {
	_, ok := li.terms[stem]
	return ok
}

func (li *langIndex) matchPhrase(stems []string) (string, int) {
	for _, p := range li.synPhr[stems[0]] {
		if len(p.stems) <= len(stems) && slices.Equal(p.stems, stems[:len(p.stems)]) {
			return p.token, len(p.stems)
		}
	}
	return "", 0
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// maxWordLen bounds the words that compound splitting and typo correction
// consider. Both cost time and memory quadratic in a word's length, and no
// real word, German compounds included, comes near it: a longer "word" is
// pasted junk, and must not stall a search.
const maxWordLen = 64

// splitCompound splits a long word into known parts ("datenbankkenntnisse"
// → datenbank, kenntnis) and returns the parts' stems, or nil. Modifiers
// may carry a linking s, n, e, en or er ("wirtschafts-informatik").
func (li *langIndex) splitCompound(w string) []string {
	if len(w) < 8 || len(w) > maxWordLen {
		return nil
	}
	var best []string
	var try func(start int, acc []string)
	try = func(start int, acc []string) {
		if best != nil && len(acc) >= len(best) {
			return
		}
		rest := w[start:]
		if len(acc) > 0 && len(rest) >= 3 {
			if s := li.stem(rest); li.stems[s] || li.inCorpus(rest) {
				best = append(slices.Clone(acc), s)
				return
			}
		}
		if len(acc) == 3 {
			return
		}
		for end := len(w) - 3; end >= start+3; end-- {
			if p := w[start:end]; li.knownModifier(p) {
				try(end, append(acc, li.stem(p)))
			}
		}
	}
	try(0, nil)
	return best
}

// compoundParts splits w into known parts. The corpus's own words are
// split once, while indexing, and remembered; a question only splits the
// words the corpus does not have.
func (li *langIndex) compoundParts(w string, indexing bool) []string {
	if !indexing {
		if parts, ok := li.parts[w]; ok || li.lex[w].corpus {
			return parts
		}
		return li.splitCompound(w)
	}
	if parts, ok := li.parts[w]; ok {
		return parts
	}
	if _, ok := li.unsplit[w]; ok {
		return nil
	}
	parts := li.splitCompound(w)
	switch {
	case parts != nil && li.lex[w].corpus:
		for i, p := range parts { // a stem may be a slice of the folded text
			parts[i] = strings.Clone(p)
		}
		li.parts[strings.Clone(w)] = parts
	case parts == nil && li.unsplit != nil:
		li.unsplit[w] = struct{}{}
	}
	return parts
}

func (li *langIndex) knownModifier(p string) bool {
	if li.inCorpus(p) || li.stems[p] {
		return true
	}
	for _, link := range []string{"s", "n", "e", "en", "er"} {
		if q, ok := strings.CutSuffix(p, link); ok && len(q) >= 3 && (li.inCorpus(q) || li.stems[q]) {
			return true
		}
	}
	return false
}

// Language tells the language of text by the knowledge base's own
// vocabulary: the language whose texts share more of its words. sure is
// false when neither does, or both equally ("Python", "Backend").
func (ix *Index) Language(text string) (lang bot.Lang, sure bool) {
	de, en := ix.langs[bot.German], ix.langs[bot.English]
	if de == nil || en == nil {
		return "", false
	}
	text = capText(text)
	var nde, nen int
	for w := range words(fold(text)) {
		if de.lex[w].corpus {
			nde++
		}
		if en.lex[w].corpus {
			nen++
		}
	}
	switch {
	case nde > nen:
		return bot.German, true
	case nen > nde:
		return bot.English, true
	}
	return "", false
}
