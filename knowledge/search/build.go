package search

import "math"

// indexBuilder holds what building an index needs and searching does not:
// the postings in the order they are found, every phrasing's terms, and
// the current doc's term sets. It is dropped once the index is built.
type indexBuilder struct {
	pending chunks[pendingPosting]
	phTerms chunks[int32] // the terms of every phrasing, one after another
	phLens  []int32       // how many terms each phrasing has
	docEnds []int32       // doc i's phrasings end at phLens[docEnds[i]]
	ids     []int32
	toks    []string
	classes []wordClass
	inQ     map[int32]int // term → phrasings of the doc that have it
	masks   map[int32]uint64
	inA     map[int32]bool
}

type pendingPosting struct {
	term int32
	p    posting
}

func newIndexBuilder(docs []Doc) *indexBuilder {
	phrasings := 0
	for _, d := range docs {
		phrasings += len(d.Questions)
	}
	return &indexBuilder{
		phLens:  make([]int32, 0, phrasings),
		docEnds: make([]int32, 0, len(docs)),
		inQ:     map[int32]int{},
		masks:   map[int32]uint64{},
		inA:     map[int32]bool{},
	}
}

// terms analyses text and returns its term ids, unique and sorted, in a
// buffer that the next call reuses.
func (b *indexBuilder) terms(li *langIndex, text string, m mode) []int32 {
	b.toks, b.classes = li.tokensInto(b.toks[:0], b.classes[:0], text, m)
	b.ids = li.intern(b.ids[:0], b.toks)
	return b.ids
}

// addDoc analyses doc i: its phrasings' terms and its postings.
func (b *indexBuilder) addDoc(li *langIndex, i int32, d Doc) {
	clear(b.inQ)
	clear(b.masks)
	clear(b.inA)
	for p, q := range d.Questions {
		if li.german {
			q = li.joinSeparable(q) // as questions are searched
		}
		ids := b.terms(li, q, asQuestion)
		for _, t := range ids {
			b.inQ[t]++
			if p < 64 {
				b.masks[t] |= 1 << p
			}
			b.phTerms.add(t)
		}
		b.phLens = append(b.phLens, int32(len(ids)))
	}
	for _, t := range b.terms(li, d.Answer, asAnswer) {
		b.inA[t] = true
	}
	for t, n := range b.inQ {
		sal := uint8(255 * min(1, float64(n)/(salientShare*float64(len(d.Questions)))))
		b.pending.add(pendingPosting{term: t, p: posting{doc: i, inQ: true, inA: b.inA[t], salience: sal, phrasings: b.masks[t]}})
	}
	for t := range b.inA {
		if b.inQ[t] == 0 {
			b.pending.add(pendingPosting{term: t, p: posting{doc: i, inA: true}})
		}
	}
	li.docs = append(li.docs, docInfo{id: d.ID})
	b.docEnds = append(b.docEnds, int32(len(b.phLens)))
}

// finish lays the postings out term by term in one array, weighs the
// terms and the phrasings, and attaches each doc's phrasings.
func (b *indexBuilder) finish(li *langIndex) {
	nTerms := len(li.terms)
	start := make([]int32, nTerms+1)
	for pp := range b.pending.all() {
		start[pp.term+1]++
	}
	for t := 1; t <= nTerms; t++ {
		start[t] += start[t-1]
	}
	flat := make([]posting, b.pending.len())
	next := make([]int32, nTerms)
	copy(next, start)
	// pending is in doc order, so each term's list comes out sorted by doc.
	for pp := range b.pending.all() {
		flat[next[pp.term]] = pp.p
		next[pp.term]++
	}
	b.pending = chunks[pendingPosting]{}
	li.post = make([][]posting, nTerms)
	for t := range li.post {
		li.post[t] = flat[start[t]:start[t+1]:start[t+1]]
	}

	n := float64(len(li.docs))
	li.idf = make([]float64, nTerms)
	li.anchor = make([]bool, nTerms)
	for t := range li.idf {
		f := float64(len(li.post[t]))
		li.idf[t] = math.Log(1 + (n-f+0.5)/(f+0.5))
		li.unknown = max(li.unknown, li.idf[t])
		li.anchor[t] = len(li.docs) >= minAnchorDocs && float64(inPhrasings(li.post[t])) >= anchorShare*n
	}
	// A generic word keeps a fraction of its weight (generic.go).
	for w := range genericWords {
		if id, ok := li.terms[li.stem(w)]; ok {
			li.idf[id] *= genericWeight
		}
	}

	phr := make([]phrasing, len(b.phLens))
	pos := 0
	for k, n := range b.phLens {
		for range n {
			phr[k].weight += li.idf[b.phTerms.at(pos)]
			pos++
		}
	}
	first := int32(0)
	for d, end := range b.docEnds {
		li.docs[d].phrasings = phr[first:end:end]
		first = end
	}
}

// inPhrasings counts the docs whose phrasings have a term. It decides the
// anchors: the profession's name is in nearly every entry's questions,
// while a word that answers merely use a lot ("Stellenbeschreibung") is
// no sign that a question is on topic.
func inPhrasings(post []posting) int {
	n := 0
	for _, p := range post {
		if p.inQ {
			n++
		}
	}
	return n
}
