package jobs

import (
	"cmp"
	"slices"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// maxPage bounds how far "more" pages.
const maxPage = 100

// Index finds postings. Build it once per set of postings; it is immutable
// and safe for concurrent use.
type Index struct {
	items []item
	byID  map[string]int
	// lists are posting lists (item positions, newest first) per city
	// ("c"+key), place the gazetteer does not know ("p"+folded name), state ("s"+code), skill ("k"+key), level ("l"+key), type
	// ("t"+type) and remote ("r"): a search walks the shortest.
	lists map[string][]int32
}

// item is a posting with what matching needs precomputed as bit sets, so
// that testing a posting against a query is a handful of AND operations.
type item struct {
	expires int64  // unix seconds, 0 for never
	title   uint64 // skills named in the title
	desc    uint64 // skills named in the description
	cityset citySet
	states  uint32 // bit per index in states
	types   uint16
	levels  uint8 // seniority named in the title
	remote  bool
	p       *Posting
	cities  []*city  // for the alternatives' place names
	places  []string // folded city names the gazetteer does not know
}

// citySet is a set of gazetteer cities by index.
type citySet [2]uint64

func (s *citySet) add(i int)           { s[i/64] |= 1 << (i % 64) }
func (s citySet) meets(o citySet) bool { return s[0]&o[0]|s[1]&o[1] != 0 }
func stateBit(code string) uint32      { return 1 << stateIdx[code] }

// NewIndex indexes postings, newest first.
func NewIndex(postings []Posting) *Index {
	ix := &Index{items: make([]item, len(postings)), byID: make(map[string]int, len(postings))}
	ps := slices.Clone(postings)
	slices.SortStableFunc(ps, func(a, b Posting) int { return b.DatePosted.Compare(a.DatePosted) })
	ix.lists = map[string][]int32{}
	for i := range ps {
		it := newItem(&ps[i])
		ix.items[i] = it
		ix.byID[ps[i].ID] = i
		for _, key := range it.listKeys() {
			ix.lists[key] = append(ix.lists[key], int32(i))
		}
	}
	return ix
}

// listKeys names the posting lists an item is on.
func (it *item) listKeys() []string {
	var keys []string
	for _, c := range it.cities {
		keys = append(keys, "c"+c.key)
	}
	for _, pl := range it.places {
		keys = append(keys, "p"+pl)
	}
	for code, i := range stateIdx {
		if it.states&(1<<i) != 0 {
			keys = append(keys, "s"+code)
		}
	}
	for key, b := range skillBits {
		if (it.title|it.desc)&(1<<b) != 0 {
			keys = append(keys, "k"+key)
		}
	}
	for key, b := range levelBits {
		if it.levels&(1<<b) != 0 {
			keys = append(keys, "l"+key)
		}
	}
	for t, b := range typeBits {
		if it.types&(1<<b) != 0 {
			keys = append(keys, "t"+t)
		}
	}
	if it.remote {
		keys = append(keys, "r")
	}
	return keys
}

// candidates returns the positions worth testing against q, newest first:
// the union of the posting lists of q's most selective filter, or all for
// every posting. A place filter on a remote search is not selective: a
// remote posting fits it anywhere.
func (ix *Index) candidates(q bot.JobQuery, m *matcher) (cand []int32, all bool) {
	var dims [][]string
	if m.place != nil && !q.Remote {
		var keys []string
		if m.place.key != "" {
			keys = append(keys, "p"+m.place.key)
		}
		for i := range cities {
			if m.place.cities.meets(citySetOf(i)) {
				keys = append(keys, "c"+cities[i].key)
			}
		}
		for code, i := range stateIdx {
			if m.place.states&(1<<i) != 0 {
				keys = append(keys, "s"+code)
			}
		}
		dims = append(dims, keys)
	}
	if q.Remote {
		dims = append(dims, []string{"r"})
	}
	for _, d := range []struct {
		prefix string
		keys   []string
	}{{"k", q.Skills}, {"l", q.Levels}, {"t", q.Types}} {
		if len(d.keys) > 0 {
			keys := make([]string, len(d.keys))
			for i, k := range d.keys {
				keys[i] = d.prefix + k
			}
			dims = append(dims, keys)
		}
	}
	best, bestN := -1, len(ix.items)
	for i, keys := range dims {
		n := 0
		for _, k := range keys {
			n += len(ix.lists[k])
		}
		if n < bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return nil, true
	}
	keys := dims[best]
	if len(keys) == 1 {
		return ix.lists[keys[0]], false
	}
	cand = make([]int32, 0, bestN)
	for _, k := range keys {
		cand = append(cand, ix.lists[k]...)
	}
	slices.Sort(cand)
	return slices.Compact(cand), false
}

func citySetOf(i int) citySet {
	var s citySet
	s.add(i)
	return s
}

func newItem(p *Posting) item {
	it := item{p: p, remote: p.Remote}
	if !p.ValidThrough.IsZero() {
		it.expires = p.ValidThrough.Unix()
	}
	for _, l := range p.Locations {
		if c := lookupCity(l.City); c != nil {
			it.cities = append(it.cities, c)
			it.cityset.add(c.idx)
			it.states |= stateBit(c.state)
			continue
		}
		if l.City != "" {
			it.places = append(it.places, fold(l.City))
		}
		if code := lookupState(l.Region); code != "" {
			it.states |= stateBit(code)
		}
	}
	for _, t := range p.EmploymentTypes {
		if b, ok := typeBits[t]; ok {
			it.types |= 1 << b
		}
	}
	it.title = skillMask(tokenize(p.Title))
	it.desc = skillMask(tokenize(p.Description))
	toks := tokenize(p.Title)
	for i := range toks {
		if l, n := levelVocab.match(toks, i); n > 0 {
			it.levels |= 1 << levelBits[l]
		}
		if head := compoundHead(toks[i].fold); head != "" {
			if l, n := levelVocab.match([]token{{fold: head}}, 0); n > 0 {
				it.levels |= 1 << levelBits[l]
			}
		}
	}
	if slices.Contains(p.EmploymentTypes, "INTERN") && it.levels&(1<<levelBits["werkstudent"]) == 0 {
		it.levels |= 1 << levelBits["junior"] // an internship is for beginners
	}
	return it
}

// skillMask lists the skills a posting's text names. "Go" counts only
// capitalised inside a sentence, before a developer word, or as "Golang".
func skillMask(toks []token) uint64 {
	var m uint64
	for i := range toks {
		if s, n := skillVocab.match(toks, i); n > 0 {
			m |= 1 << skillBits[s]
			continue
		}
		t := toks[i]
		if t.fold == "go" && (t.orig == "Go" && !t.start || i+1 < len(toks) && developerWords[toks[i+1].fold]) {
			m |= 1 << skillBits["go"]
			continue
		}
		if head := compoundHead(t.fold); head != "" {
			if s, n := skillVocab.match([]token{{fold: head}}, 0); n > 0 {
				m |= 1 << skillBits[s]
			} else if head == "go" {
				m |= 1 << skillBits["go"]
			}
		}
	}
	return m
}

// Len is the number of postings, expired ones included.
func (ix *Index) Len() int { return len(ix.items) }

// Posting returns one posting by id.
func (ix *Index) Posting(id string) (Posting, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return Posting{}, false
	}
	return *ix.items[i].p, true
}

// matcher is a query compiled for the items.
type matcher struct {
	place  *placeSet
	center *city
	remote bool
	types  uint16
	skills uint64
	levels uint8
	now    int64
}

// placeSet is a place filter as the cities and states it covers.
type placeSet struct {
	cities citySet
	states uint32
	// key is a city name the gazetteer does not know, matched by name.
	key string
}

func (ps *placeSet) has(it *item) bool {
	return it.cityset.meets(ps.cities) || it.states&ps.states != 0 || ps.key != "" && slices.Contains(it.places, ps.key)
}

func compile(q bot.JobQuery, now time.Time) matcher {
	m := matcher{remote: q.Remote, now: now.Unix()}
	for _, t := range q.Types {
		m.types |= 1 << typeBits[t]
	}
	for _, s := range q.Skills {
		if b, ok := skillBits[s]; ok {
			m.skills |= 1 << b
		} else {
			m.skills |= 1 << 63 // an unknown skill matches nothing
		}
	}
	for _, l := range q.Levels {
		if b, ok := levelBits[l]; ok {
			m.levels |= 1 << b
		}
	}
	m.place, m.center = placeMatcher(q.Place)
	return m
}

// placeMatcher compiles a place filter and, for a city, returns its entry
// (for distances). The cities a filter covers are worked out once per
// query, so that the test per posting is a lookup.
func placeMatcher(pl bot.JobPlace) (*placeSet, *city) {
	ps := &placeSet{}
	var center *city
	switch pl.Kind {
	case 0:
		return nil, nil
	case 'c':
		center = cityByKey[pl.Key]
		if center != nil {
			ps.cities.add(center.idx)
		}
		ps.key = pl.Key
	case 'n':
		center = cityByKey[pl.Key]
		for i := range cities {
			if center != nil && distanceKm(&cities[i], center) <= nearKm {
				ps.cities.add(i)
			}
		}
	case 's':
		if _, ok := stateIdx[pl.Key]; ok {
			ps.states = stateBit(pl.Key)
		}
	case 'g':
		if r := regionByKey[pl.Key]; r != nil {
			for _, k := range r.cities {
				ps.cities.add(cityByKey[k].idx)
			}
			for _, code := range r.states {
				ps.states |= stateBit(code)
			}
		}
	}
	return ps, center
}

// fits reports whether it matches; score ranks the fitting ones.
func (m *matcher) fits(it *item) (score int, ok bool) {
	if it.expires != 0 && m.now >= it.expires {
		return 0, false
	}
	if m.remote && !it.remote {
		return 0, false
	}
	// A remote posting fits a remote search wherever its office is.
	if m.place != nil && !(m.remote && it.remote) && !m.place.has(it) {
		return 0, false
	}
	if m.types != 0 && it.types&m.types == 0 {
		return 0, false
	}
	if m.levels != 0 && it.levels&m.levels == 0 {
		return 0, false
	}
	if m.skills != 0 {
		t, d := it.title&m.skills, it.desc&m.skills
		if t|d == 0 {
			return 0, false
		}
		score += 4*popcount(t) + popcount(d&^t)
	}
	return score, true
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// hit is a fitting item with its rank.
type hit struct {
	i, score int
}

// Find returns the page of current postings that fit q, best first
// (skills named in the title before those named in the description, then
// newest), how many fit in all, and, when none do, nearby alternatives.
func (ix *Index) Find(q bot.JobQuery, now time.Time) bot.JobResult {
	m := compile(q, now)
	page := min(max(q.Page, 0), maxPage)
	need := (page + 1) * bot.JobsPerPage
	top := make([]hit, 0, need+1)
	total := 0
	if q.Empty() { // newest first: the first current ones are the page
		for i := range ix.items {
			if _, ok := m.fits(&ix.items[i]); ok {
				if total < need {
					top = append(top, hit{i, 0})
				}
				total++
			}
		}
	} else {
		ix.each(q, &m, func(i, score int) {
			total++
			top = insertTop(top, hit{i, score}, need)
		})
	}
	res := bot.JobResult{Total: total, PlaceName: PlaceName(q.Place.Kind, q.Place.Key),
		Filters: map[bot.Lang]string{bot.German: Describe(q, bot.German), bot.English: Describe(q, bot.English)}}
	for _, h := range top[min(len(top), page*bot.JobsPerPage):] {
		res.Jobs = append(res.Jobs, ix.items[h.i].job())
	}
	if total == 0 && !q.Empty() {
		res.Alternatives = ix.alternatives(q, m)
	}
	return res
}

// insertTop keeps the n best hits; items arrive newest first, so a later
// hit with an equal score stays behind.
func insertTop(top []hit, h hit, n int) []hit {
	if len(top) == n && top[n-1].score >= h.score {
		return top
	}
	at, _ := slices.BinarySearchFunc(top, h, func(a, b hit) int {
		if a.score >= b.score {
			return -1
		}
		return 1
	})
	if len(top) == n {
		top = top[:n-1]
	}
	return slices.Insert(top, at, h)
}

// alternatives are what a search that found nothing would find with its
// place moved to another city (nearest first) or with remote work instead.
func (ix *Index) alternatives(q bot.JobQuery, m matcher) []bot.JobAlternative {
	var out []bot.JobAlternative
	if q.Place.Kind != 0 || q.Remote {
		anywhere := q
		anywhere.Remote, anywhere.Place = false, bot.JobPlace{}
		ma := compile(anywhere, time.Unix(m.now, 0))
		counts := map[*city]int{}
		ix.each(anywhere, &ma, func(i, _ int) {
			if it := &ix.items[i]; len(it.cities) > 0 {
				counts[it.cities[0]]++
			}
		})
		cs := make([]*city, 0, len(counts))
		for c := range counts {
			cs = append(cs, c)
		}
		slices.SortFunc(cs, func(a, b *city) int {
			if m.center != nil {
				if d := cmp.Compare(distanceKm(a, m.center), distanceKm(b, m.center)); d != 0 {
					return d
				}
			}
			return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a.key, b.key))
		})
		for _, c := range cs[:min(2, len(cs))] {
			alt := q
			alt.Page, alt.Remote, alt.Place = 0, false, bot.JobPlace{Kind: 'c', Key: c.key}
			out = append(out, bot.JobAlternative{Query: alt, Label: c.name, Count: counts[c]})
		}
	}
	if !q.Remote {
		alt := q
		alt.Page, alt.Remote, alt.Place = 0, true, bot.JobPlace{}
		if n := ix.count(alt, m.now); n > 0 {
			out = append(out, bot.JobAlternative{Query: alt, Label: "remote", Count: n})
		}
	}
	if len(out) == 0 && (len(q.Skills) > 0 || len(q.Levels) > 0 || len(q.Types) > 0) {
		alt := bot.JobQuery{Place: q.Place, Remote: q.Remote}
		if n := ix.count(alt, m.now); n > 0 {
			out = append(out, bot.JobAlternative{Query: alt, Label: Describe(alt, bot.German), Count: n, Unfiltered: true})
		}
	}
	return out
}

func (ix *Index) count(q bot.JobQuery, now int64) int {
	m := compile(q, time.Unix(now, 0))
	n := 0
	ix.each(q, &m, func(int, int) { n++ })
	return n
}

// each calls fn with every fitting posting's position and score, newest
// first.
func (ix *Index) each(q bot.JobQuery, m *matcher, fn func(i, score int)) {
	cand, all := ix.candidates(q, m)
	if all {
		for i := range ix.items {
			if score, ok := m.fits(&ix.items[i]); ok {
				fn(i, score)
			}
		}
		return
	}
	for _, i := range cand {
		if score, ok := m.fits(&ix.items[i]); ok {
			fn(int(i), score)
		}
	}
}

// job is the item as a reply shows it.
func (it *item) job() bot.Job {
	p := it.p
	return bot.Job{
		ID:             p.ID,
		Title:          p.Title,
		Employer:       p.Employer,
		Location:       p.Place(),
		Remote:         p.Remote,
		EmploymentType: slices.Clone(p.EmploymentTypes),
		DatePosted:     p.DatePosted.Format(time.DateOnly),
		URL:            p.URL,
	}
}

// Fitting returns every current posting that fits q, newest first: what a
// job alert checks for new postings.
func (ix *Index) Fitting(q bot.JobQuery, now time.Time) []bot.Job {
	m := compile(q, now)
	var out []bot.Job
	ix.each(q, &m, func(i, _ int) { out = append(out, ix.items[i].job()) })
	return out
}

// Job returns one posting by id as a reply shows it, unless it is unknown
// or expired at now.
func (ix *Index) Job(id string, now time.Time) (bot.Job, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return bot.Job{}, false
	}
	if e := ix.items[i].expires; e != 0 && now.Unix() >= e {
		return bot.Job{}, false
	}
	return ix.items[i].job(), true
}
