package search

import (
	"hash/maphash"
	"maps"
	"math/bits"
	"slices"
)

// Typo tolerance in the manner of SymSpell: every spelling the index knows
// (its terms, and the words of synonym groups, which the index stores only
// as their group) is filed under itself and under its single-character
// deletions, so a misspelt query word finds its candidates by hash look-ups
// instead of a scan of the vocabulary. A candidate must be within one edit
// (two for long words).
//
// The keys are not kept as strings: a 10,000-entry knowledge base with a
// random vocabulary has over 300,000 deletions, and a map of strings to
// slices spent about 100 bytes on each. typoIndex files spelling numbers
// by a 64-bit hash of the key in one flat array instead (8 bytes each), and
// checks every hit against the spelling itself, so a hash collision can
// never add a candidate.

type spelling struct {
	word string
	term int32
}

// typoIndex is a hash table from keys (a spelling, or one of its deletions)
// to spelling numbers, in compressed-sparse-row form: bucket b's entries
// are refs[start[b]:start[b+1]].
type typoIndex struct {
	spellings []spelling
	start     []uint32
	refs      []typoRef
	shift     uint8 // bucket = hash >> shift
}

type typoRef struct {
	fp uint32 // the hash's low bits, to skip most other keys unread
	n  int32  // spelling number
}

// keyKind tells a spelling's own key from a deletion of it: the same
// bytes hash differently as each.
type keyKind uint8

const (
	exactKey keyKind = iota
	deleteKey
)

// typoSeed is the process's hash seed. Look-ups verify every hit, so
// results never depend on it.
var typoSeed = maphash.MakeSeed()

func typoHash(key []byte, kind keyKind) uint64 {
	h := maphash.Bytes(typoSeed, key)
	if kind == deleteKey {
		h ^= 0x9e3779b97f4a7c15
	}
	return h
}

// buildDeletes names the terms by id, and files the terms (in id order)
// and then the synonym groups' words under their deletions.
func (li *langIndex) buildDeletes() {
	li.names = make([]string, len(li.post))
	for term, id := range li.terms {
		li.names[id] = term
	}
	var sp []spelling
	add := func(word string, id int32) {
		// A query word has at most maxWordLen bytes, so a longer
		// spelling is out of its reach.
		if len(word) >= minTypoLen && len(word) <= maxWordLen+1 && word[0] != '~' {
			sp = append(sp, spelling{word: word, term: id})
		}
	}
	for id, term := range li.names { // in id order, so ties resolve alike every run
		add(term, int32(id))
	}
	for _, word := range slices.Sorted(maps.Keys(li.synWords)) {
		if id, ok := li.terms[li.synWords[word]]; ok {
			add(word, id)
		}
	}
	li.typos = newTypoIndex(slices.Clip(sp))
}

// newTypoIndex hashes every key twice, once to count each bucket's size
// and once to fill it, so that building needs no scratch beyond the table.
func newTypoIndex(sp []spelling) *typoIndex {
	t := &typoIndex{spellings: sp}
	total := 0
	for _, s := range sp {
		total += 1 + len(s.word)
	}
	// About two keys a bucket: short scans, a small directory.
	logBuckets := max(1, bits.Len(uint(total/2)))
	t.shift = uint8(64 - logBuckets)
	t.start = make([]uint32, 1<<logBuckets+1)
	t.eachKey(func(h uint64, _ int32) { t.start[h>>t.shift+1]++ })
	for b := 1; b < len(t.start); b++ {
		t.start[b] += t.start[b-1]
	}
	t.refs = make([]typoRef, t.start[len(t.start)-1])
	fill := slices.Clone(t.start[:len(t.start)-1])
	t.eachKey(func(h uint64, n int32) {
		b := h >> t.shift
		t.refs[fill[b]] = typoRef{fp: uint32(h), n: n}
		fill[b]++
	})
	return t
}

// eachKey calls fn with the hash of every spelling's keys: the spelling
// itself and each distinct deletion of one byte. A spelling longer than
// maxWordLen+1 bytes has none: no query word comes within an edit of it.
func (t *typoIndex) eachKey(fn func(h uint64, n int32)) {
	var buf [maxWordLen + 1]byte
	for n, s := range t.spellings {
		if len(s.word) > len(buf) {
			continue // beyond any query word's reach
		}
		w := buf[:copy(buf[:], s.word)]
		fn(typoHash(w, exactKey), int32(n))
		for i := range len(s.word) {
			if i > 0 && s.word[i] == s.word[i-1] {
				continue // "hello" less either l is the same key
			}
			copy(buf[:i], s.word[:i])
			copy(buf[i:], s.word[i+1:])
			fn(typoHash(buf[:len(s.word)-1], deleteKey), int32(n))
		}
	}
}

// lookup appends to dst the numbers of the spellings filed under key as
// kind: those equal to key, or those that key is a deletion of.
func (t *typoIndex) lookup(dst []int32, key []byte, kind keyKind) []int32 {
	if t == nil || len(t.refs) == 0 {
		return dst
	}
	h := typoHash(key, kind)
	b := h >> t.shift
	for _, r := range t.refs[t.start[b]:t.start[b+1]] {
		if r.fp != uint32(h) {
			continue
		}
		w := t.spellings[r.n].word
		if kind == exactKey && w == string(key) || kind == deleteKey && isDeletion(key, w) {
			dst = append(dst, r.n)
		}
	}
	return dst
}

// isDeletion reports whether key is w with one byte removed.
func isDeletion(key []byte, w string) bool {
	if len(w) != len(key)+1 {
		return false
	}
	i := 0
	for i < len(key) && key[i] == w[i] {
		i++
	}
	return string(key[i:]) == w[i+1:]
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
	var hitsBuf [16]int32
	consider := func(spellings []int32) {
		for _, n := range spellings {
			s := li.typos.spellings[n]
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
	var stack [maxWordLen]byte
	w := stack[:copy(stack[:], word)]
	consider(li.typos.lookup(hitsBuf[:0], w, deleteKey)) // word lacks a letter
	var delBuf [maxWordLen]byte
	buf := delBuf[:len(word)-1]
	for i := range len(word) {
		copy(buf, word[:i])
		copy(buf[i:], word[i+1:])
		consider(li.typos.lookup(hitsBuf[:0], buf, exactKey))  // word has an extra letter
		consider(li.typos.lookup(hitsBuf[:0], buf, deleteKey)) // a letter swapped or replaced
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
