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
}

// item is a posting with what matching needs precomputed.
type item struct {
	p       *Posting
	cities  []*city
	places  []string // folded city names the gazetteer does not know
	states  []string
	remote  bool
	types   uint16
	title   uint64 // skills named in the title
	desc    uint64 // skills named in the description
	levels  uint8  // seniority named in the title
	expires int64  // unix seconds, 0 for never
}

// NewIndex indexes postings, newest first.
func NewIndex(postings []Posting) *Index {
	ix := &Index{items: make([]item, len(postings)), byID: make(map[string]int, len(postings))}
	ps := slices.Clone(postings)
	slices.SortStableFunc(ps, func(a, b Posting) int { return b.DatePosted.Compare(a.DatePosted) })
	for i := range ps {
		ix.items[i] = newItem(&ps[i])
		ix.byID[ps[i].ID] = i
	}
	return ix
}

func newItem(p *Posting) item {
	it := item{p: p, remote: p.Remote}
	if !p.ValidThrough.IsZero() {
		it.expires = p.ValidThrough.Unix()
	}
	for _, l := range p.Locations {
		if c := lookupCity(l.City); c != nil {
			it.cities = append(it.cities, c)
			it.states = appendNew(it.states, c.state)
			continue
		}
		if l.City != "" {
			it.places = append(it.places, fold(l.City))
		}
		if code := lookupState(l.Region); code != "" {
			it.states = appendNew(it.states, code)
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
	place  func(*item) bool
	center *city
	remote bool
	types  uint16
	skills uint64
	levels uint8
	now    int64
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

// placeMatcher returns the test for a place filter and, for a city, its
// entry (for distances).
func placeMatcher(pl bot.JobPlace) (func(*item) bool, *city) {
	switch pl.Kind {
	case 'c':
		c := cityByKey[pl.Key]
		return func(it *item) bool {
			return c != nil && slices.Contains(it.cities, c) || slices.Contains(it.places, pl.Key)
		}, c
	case 'n':
		c := cityByKey[pl.Key]
		if c == nil {
			return func(*item) bool { return false }, nil
		}
		return func(it *item) bool {
			for _, o := range it.cities {
				if o == c || distanceKm(o, c) <= nearKm {
					return true
				}
			}
			return false
		}, c
	case 's':
		return func(it *item) bool { return slices.Contains(it.states, pl.Key) }, nil
	case 'g':
		r := regionByKey[pl.Key]
		if r == nil {
			return func(*item) bool { return false }, nil
		}
		return func(it *item) bool {
			for _, c := range it.cities {
				if slices.Contains(r.cities, c.key) {
					return true
				}
			}
			for _, s := range it.states {
				if slices.Contains(r.states, s) {
					return true
				}
			}
			return false
		}, nil
	}
	return nil, nil
}

// fits reports whether it matches everything but, with ignorePlace, the
// place; score ranks the fitting ones.
func (m *matcher) fits(it *item, ignorePlace bool) (score int, ok bool) {
	if it.expires != 0 && m.now >= it.expires {
		return 0, false
	}
	if m.remote && !it.remote {
		return 0, false
	}
	// A remote posting fits a remote search wherever its office is.
	if m.place != nil && !ignorePlace && !(m.remote && it.remote) && !m.place(it) {
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
	for i := range ix.items {
		score, ok := m.fits(&ix.items[i], false)
		if !ok {
			continue
		}
		total++
		top = insertTop(top, hit{i, score}, need)
	}
	res := bot.JobResult{Total: total, PlaceName: PlaceName(q.Place.Kind, q.Place.Key)}
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
		counts := map[*city]int{}
		for i := range ix.items {
			it := &ix.items[i]
			if _, ok := m.fits(it, true); ok && len(it.cities) > 0 {
				counts[it.cities[0]]++
			}
		}
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
			out = append(out, bot.JobAlternative{Query: alt, Label: PlaceName(q.Place.Kind, q.Place.Key), Count: n})
		}
	}
	return out
}

func (ix *Index) count(q bot.JobQuery, now int64) int {
	m := compile(q, time.Unix(now, 0))
	n := 0
	for i := range ix.items {
		if _, ok := m.fits(&ix.items[i], false); ok {
			n++
		}
	}
	return n
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
