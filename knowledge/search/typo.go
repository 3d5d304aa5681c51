package search

import (
	"maps"
	"slices"
)

// Typo tolerance in the manner of SymSpell: every spelling the index knows
// (its terms, and the words of synonym groups, which the index stores only
// as their group) is stored under its single-character deletions, so a
// misspelt query word finds its candidates by hash look-ups instead of a
// scan of the vocabulary. A candidate must be within one edit (two for
// long words).

type spelling struct {
	word string
	term int32
}

func (li *langIndex) buildDeletes() {
	li.names = make([]string, len(li.post))
	for term, id := range li.terms {
		li.names[id] = term
	}
	for id, term := range li.names { // in id order, so ties resolve alike every run
		li.addSpelling(term, int32(id))
	}
	for _, word := range slices.Sorted(maps.Keys(li.synWords)) {
		if id, ok := li.terms[li.synWords[word]]; ok {
			li.addSpelling(word, id)
		}
	}
}

func (li *langIndex) addSpelling(word string, id int32) {
	if len(word) < minTypoLen || word[0] == '~' {
		return
	}
	n := int32(len(li.spellings))
	li.spellings = append(li.spellings, spelling{word: word, term: id})
	li.exact[word] = append(li.exact[word], n)
	for _, d := range deletions(word) {
		li.deletes[d] = append(li.deletes[d], n)
	}
}

// deletions returns term with one byte removed at each position. Folded
// text is ASCII apart from rare letters, and a broken multi-byte variant
// simply never matches.
func deletions(term string) []string {
	out := make([]string, 0, len(term))
	for i := range len(term) {
		out = append(out, term[:i]+term[i+1:])
	}
	return out
}

// correct finds the most frequent index term spelt within reach of word.
func (li *langIndex) correct(word string) (int32, bool) {
	if len(word) < minTypoLen || len(word) > maxWordLen || word[0] == '~' {
		return 0, false
	}
	reach := 1
	if len(word) >= 8 {
		reach = 2
	}
	best, bestDist, bestDF, found := int32(0), reach+1, -1, false
	consider := func(spellings []int32) {
		for _, n := range spellings {
			s := li.spellings[n]
			dist := editDistance(word, s.word)
			df := len(li.post[s.term])
			// Nearest first, then the most common term, then the lowest
			// id, so the choice does not depend on map order.
			if dist > reach {
				continue // a shared deletion is no proof of nearness: "chair", "charg"
			}
			if dist < bestDist || dist == bestDist && (df > bestDF || df == bestDF && s.term < best) {
				best, bestDist, bestDF, found = s.term, dist, df, true
			}
		}
	}
	consider(li.deletes[word]) // word lacks a letter
	// The deletions are built in one buffer; map look-ups with
	// string(buf) do not allocate.
	var stack [maxWordLen]byte
	buf := stack[:len(word)-1]
	for i := range len(word) {
		copy(buf, word[:i])
		copy(buf[i:], word[i+1:])
		consider(li.exact[string(buf)])   // word has an extra letter
		consider(li.deletes[string(buf)]) // a letter swapped or replaced
	}
	return best, found
}

// editDistance is the optimal-string-alignment distance (Levenshtein with
// transpositions of neighbours).
func editDistance(a, b string) int {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
