package search

import "math"

// indexBuilder holds what building an index needs and searching does not:
// the postings in the order they are found, every phrasing's terms, and
// the current doc's term sets. It is dropped once the index is built.
type indexBuilder struct {
	pending []pendingPosting
	phTerms []int32 // the terms of every phrasing, one after another
	phEnds  []int32 // phrasing k's terms end at phTerms[phEnds[k]]
	docEnds []int32 // doc i's phrasings end at phEnds[docEnds[i]]
	ids     []int32
	inQ     map[int32]int // term → phrasings of the doc that have it
	masks   map[int32]uint64
	inA     map[int32]bool
}

type pendingPosting struct {
	term int32
	p    posting
}

func newIndexBuilder(docs int) *indexBuilder {
	return &indexBuilder{
		docEnds: make([]int32, 0, docs),
		inQ:     map[int32]int{},
		masks:   map[int32]uint64{},
		inA:     map[int32]bool{},
	}
}

// addDoc analyses doc i: its phrasings' terms and its postings.
func (b *indexBuilder) addDoc(li *langIndex, i int32, d Doc) {
	clear(b.inQ)
	clear(b.masks)
	clear(b.inA)
	for p, q := range d.Questions {
		b.ids = li.intern(b.ids[:0], li.analyze(q, asQuestion))
		for _, t := range b.ids {
			b.inQ[t]++
			if p < 64 {
				b.masks[t] |= 1 << p
			}
		}
		b.phTerms = append(b.phTerms, b.ids...)
		b.phEnds = append(b.phEnds, int32(len(b.phTerms)))
	}
	b.ids = li.intern(b.ids[:0], li.analyze(d.Answer, asAnswer))
	for _, t := range b.ids {
		b.inA[t] = true
	}
	for t, n := range b.inQ {
		sal := uint8(255 * min(1, float64(n)/(salientShare*float64(len(d.Questions)))))
		b.pending = append(b.pending, pendingPosting{term: t, p: posting{doc: i, inQ: true, inA: b.inA[t], salience: sal, phrasings: b.masks[t]}})
	}
	for t := range b.inA {
		if b.inQ[t] == 0 {
			b.pending = append(b.pending, pendingPosting{term: t, p: posting{doc: i, inA: true}})
		}
	}
	li.docs = append(li.docs, docInfo{id: d.ID})
	b.docEnds = append(b.docEnds, int32(len(b.phEnds)))
}

// finish lays the postings out term by term in one array, weighs the
// terms and the phrasings, and attaches each doc's phrasings.
func (b *indexBuilder) finish(li *langIndex) {
	nTerms := len(li.terms)
	start := make([]int32, nTerms+1)
	for _, pp := range b.pending {
		start[pp.term+1]++
	}
	for t := 1; t <= nTerms; t++ {
		start[t] += start[t-1]
	}
	flat := make([]posting, len(b.pending))
	next := make([]int32, nTerms)
	copy(next, start)
	// pending is in doc order, so each term's list comes out sorted by doc.
	for _, pp := range b.pending {
		flat[next[pp.term]] = pp.p
		next[pp.term]++
	}
	b.pending = nil
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
		li.anchor[t] = len(li.docs) >= minAnchorDocs && f >= anchorShare*n
	}
	// A generic word keeps a fraction of its weight (generic.go).
	for w := range genericWords {
		if id, ok := li.terms[li.stem(w)]; ok {
			li.idf[id] *= genericWeight
		}
	}

	phr := make([]phrasing, len(b.phEnds))
	from := int32(0)
	for k, end := range b.phEnds {
		for _, t := range b.phTerms[from:end] {
			phr[k].weight += li.idf[t]
		}
		from = end
	}
	first := int32(0)
	for d, end := range b.docEnds {
		li.docs[d].phrasings = phr[first:end:end]
		first = end
	}
}
