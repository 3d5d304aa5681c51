package search

import (
	"math/bits"
	"slices"
	"sort"

	"github.com/careerbot/careerbot/bot"
)

// Scoring constants. Coverage says how much of the question an entry
// explains; similarity says how close the question is to one of the
// entry's own phrasings. Both weigh words by their rarity (idf), and a
// word the knowledge base has never seen weighs as much as its rarest
// word: "dentist" in "How do I become a dentist?" is the point of the
// question, and no entry covers it.
const (
	answerOnlyCredit = 0.6 // a word found only in an entry's answer
	// A question word found in a quarter of an entry's phrasings counts
	// fully; one found in a single phrasing counts a little less.
	salientShare  = 0.25
	salienceSpan  = 0.3
	coverageShare = 0.5
	candidatePool = 8
	minTypoLen    = 5
	// massFloor is the idf mass below which a match is too generic to be
	// trusted ("Was macht man da?").
	massFloor = 1.6

	// Anchors are the words nearly every entry has: "backend", "developer".
	// A question with an anchor is about the profession, so its unknown
	// words are likely just phrasing ("Fuß fassen"); a question without
	// one whose key word is unknown ("dentist") is likely about something
	// else. Unknown words weigh accordingly.
	anchorShare         = 0.7
	minAnchorDocs       = 5
	unknownWithAnchor   = 0.3
	unknownNoAnchor     = 1.5
	numberWeight        = 0.5 // of an unknown word: "Ich bin 35" is context
	anchorBoost         = 0.2
	nounWeight          = 1.5 // an unknown German noun names the question's topic
	lowerWeight         = 0.5 // an unknown lower-case word beside nouns is rarely the topic
	correctedWeight     = 0.6 // of a typo-corrected word's own weight
	compoundWholeWeight = 0.5 // of a known compound's weight beside its parts
	numberToken         = "#"
	// meaningfulShare is the share of a question's weight that an entry
	// must cover with words other than the anchors to be more than a
	// namesake; anchorOnlyFactor scales the confidence of one that does
	// not, unless the question is close to one of its phrasings
	// (closePhrasing).
	meaningfulShare  = 0.1
	anchorOnlyFactor = 0.3
	closePhrasing    = 0.8
)

type queryTerm struct {
	id        int32 // -1 for unknown words
	weight    float64
	corrected bool // id is a typo correction of the word asked
}

func (li *langIndex) search(text string, limit int) []bot.Match {
	terms, anchored := li.queryTerms(text)
	if len(terms) == 0 || len(li.docs) == 0 {
		return nil
	}
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	s := li.pool.Get().(*scratch)
	defer li.release(s)
	for _, t := range terms {
		if t.id < 0 {
			continue
		}
		for _, p := range li.post[t.id] {
			if s.m[p.doc] == 0 {
				s.touched = append(s.touched, p.doc)
			}
			s.m[p.doc] += t.weight
			if p.inQ {
				s.q[p.doc] += t.weight * (1 - salienceSpan + salienceSpan*float64(p.salience)/255)
			} else {
				s.a[p.doc] += t.weight
			}
		}
	}
	if len(s.touched) == 0 {
		return nil
	}
	cands := li.topByCoverage(s, total)
	for i := range cands {
		c := &cands[i]
		sim, specific := li.similarity(terms, total, c.doc)
		mass := s.m[c.doc]
		c.conf = coverageShare*c.cov + (1-coverageShare)*sim
		// A generic question is only trusted when it is close to one of
		// the entry's own phrasings ("Was macht ein Backend-Entwickler?").
		if mass < massFloor {
			c.conf *= max(mass/massFloor, sim)
		}
		// A question that names the profession is about it: the best
		// entry is then likelier right than the bare scores say.
		if anchored {
			c.conf += (1 - c.conf) * anchorBoost
		}
		// An entry that shares only the profession's name with the
		// question ("the best chair for a backend developer") is no
		// candidate for it.
		if specific < meaningfulShare*total && sim < closePhrasing {
			c.conf *= anchorOnlyFactor
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].conf > cands[j].conf })
	s.cands = cands[:0]
	out := make([]bot.Match, 0, min(limit, len(cands)))
	for _, c := range cands[:min(limit, len(cands))] {
		out = append(out, bot.Match{EntryID: li.docs[c.doc].id, Confidence: min(1, max(0, c.conf))})
	}
	return out
}

type cand struct {
	doc       int32
	cov, conf float64
}

// topByCoverage selects the candidatePool touched docs with the highest
// coverage, best first, ties by doc order. Insertion into a short sorted
// slice: most of thousands of weak docs are rejected by one comparison.
func (li *langIndex) topByCoverage(s *scratch, total float64) []cand {
	top := s.cands[:0]
	for _, d := range s.touched {
		c := cand{doc: d, cov: (s.q[d] + answerOnlyCredit*s.a[d]) / total}
		if len(top) == candidatePool && !better(c, top[len(top)-1]) {
			continue
		}
		if len(top) < candidatePool {
			top = append(top, c)
		}
		i := len(top) - 1
		for ; i > 0 && better(c, top[i-1]); i-- {
			top[i] = top[i-1]
		}
		top[i] = c
	}
	return top
}

func better(a, b cand) bool {
	return a.cov > b.cov || a.cov == b.cov && a.doc < b.doc
}

func (li *langIndex) release(s *scratch) {
	for _, d := range s.touched {
		s.q[d], s.a[d], s.m[d] = 0, 0, 0
	}
	s.touched = s.touched[:0]
	li.pool.Put(s)
}

// similarity is the best weighted Dice overlap between the question and one
// of the doc's phrasings (the first 64; entries rarely have more than a
// dozen). specific is the weight of the question's words other than the
// anchors that the doc has anywhere.
func (li *langIndex) similarity(terms []queryTerm, total float64, doc int32) (sim, specific float64) {
	var shared [64]float64
	for _, t := range terms {
		if t.id < 0 {
			continue
		}
		post := li.post[t.id]
		i := findPosting(post, doc)
		if i < 0 {
			continue
		}
		if !li.anchor[t.id] {
			specific += t.weight
		}
		for m := post[i].phrasings; m != 0; m &= m - 1 {
			shared[bits.TrailingZeros64(m)] += t.weight
		}
	}
	for p, ph := range li.docs[doc].phrasings[:min(64, len(li.docs[doc].phrasings))] {
		if shared[p] > 0 {
			sim = max(sim, 2*shared[p]/(total+ph.weight))
		}
	}
	return sim, specific
}

// findPosting returns the index of doc's posting in a list sorted by doc,
// or -1.
func findPosting(post []posting, doc int32) int {
	lo, hi := 0, len(post)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if post[mid].doc < doc {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(post) && post[lo].doc == doc {
		return lo
	}
	return -1
}

// queryTerms analyses a question into unique weighted terms, correcting
// typos of words the index lacks.
func (li *langIndex) queryTerms(text string) (terms []queryTerm, anchored bool) {
	tokens, classes := li.analyzeQuery(text)
	var seenBuf [16]string // a question has few words: a slice beats a map
	seen := seenBuf[:0]
	var out []queryTerm
	var kept []wordClass
	numbers := 0
	for k, tok := range tokens {
		if slices.Contains(seen, tok) {
			continue
		}
		seen = append(seen, tok)
		if tok == numberToken {
			numbers++
			continue
		}
		id, ok := li.terms[tok]
		corrected := false
		if !ok {
			id, ok = li.correct(tok)
			corrected = ok
		}
		if !ok {
			id = -1
		} else {
			anchored = anchored || li.anchor[id]
		}
		out = append(out, queryTerm{id: id, corrected: corrected})
		kept = append(kept, classes[k])
	}
	unknown := li.unknown * unknownNoAnchor
	if anchored {
		unknown = li.unknown * unknownWithAnchor
	}
	for i := range out {
		switch {
		case kept[i] == compoundWhole:
			out[i].weight = li.idf[out[i].id] * compoundWholeWeight
		case out[i].corrected, kept[i] == typoFixed:
			// A correction is a guess: "anfangen" is not a typo of
			// "Anfänger". It counts, but less than the word itself.
			out[i].weight = li.idf[out[i].id] * correctedWeight
		case out[i].id >= 0:
			out[i].weight = li.idf[out[i].id]
		case kept[i] == genericWord:
			out[i].weight = unknown * genericWeight
		case kept[i] == nounWord:
			out[i].weight = unknown * nounWeight
		case kept[i] == lowerWord:
			out[i].weight = unknown * lowerWeight
		default:
			out[i].weight = unknown
		}
	}
	if numbers > 0 {
		out = append(out, queryTerm{id: -1, weight: unknown * numberWeight})
	}
	return out, anchored
}
