package jobs

import (
	"slices"

	"github.com/careerbot/careerbot/bot"
)

// nearWords before a city widen it to its surroundings ("im Raum München",
// "near Berlin", "in der Nähe von Köln").
var nearWords = set("raum", "grossraum", "umgebung", "umkreis", "naehe", "nahe", "near", "around", "nearby",
	"metropolregion", "region", "bei", "um", "vicinity", "close")

// nearAfter after a city widen it too ("Munich area", "Köln und Umgebung").
var nearAfter = set("area", "umgebung", "umland", "herum", "region", "metro", "surroundings")

// placePrepositions make an ambiguous city name ("Essen") a place.
var placePrepositions = set("in", "im", "nach", "bei", "aus", "raum", "near", "around", "um", "naehe", "umgebung", "region", "from", "at")

// parsed is a text read for job-search filters.
type parsed struct {
	q    bot.JobQuery
	toks []token
	// used marks the tokens that named a filter.
	used []bool
	// filters counts the filters found.
	filters int
}

// parseQuery reads the filters a text names: place, remote, employment
// types, skills and seniority.
func parseQuery(text string) parsed {
	p := parsed{toks: tokenize(text)}
	p.used = make([]bool, len(p.toks))
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		if n := p.place(i); n > 0 {
			p.mark(i, n)
			continue
		}
		if _, n := remoteVocab.match(p.toks, i); n > 0 {
			p.q.Remote = true
			p.mark(i, n)
			continue
		}
		if t, n := typeVocab.match(p.toks, i); n > 0 {
			p.q.Types = appendNew(p.q.Types, t)
			p.mark(i, n)
			continue
		}
		if l, n := levelVocab.match(p.toks, i); n > 0 {
			p.q.Levels = appendNew(p.q.Levels, l)
			p.mark(i, n)
			continue
		}
		if s, n := skillVocab.match(p.toks, i); n > 0 {
			p.q.Skills = appendNew(p.q.Skills, s)
			p.mark(i, n)
			continue
		}
		if p.toks[i].fold == "go" && p.goIsSkill(i) {
			p.q.Skills = appendNew(p.q.Skills, "go")
			p.mark(i, 1)
			continue
		}
		p.compound(i)
	}
	return p
}

func (p *parsed) mark(i, n int) {
	for j := i; j < i+n && j < len(p.used); j++ {
		p.used[j] = true
	}
	p.filters++
}

// compound reads a filter from the head of a German compound:
// "Javaentwickler", "Teilzeitstellen", "Werkstudentenjob", "Remotejobs".
func (p *parsed) compound(i int) {
	head := compoundHead(p.toks[i].fold)
	if head == "" {
		return
	}
	one := []token{{fold: head}}
	switch {
	case matches(remoteVocab, one):
		p.q.Remote = true
	case matches(typeVocab, one):
		t, _ := typeVocab.match(one, 0)
		p.q.Types = appendNew(p.q.Types, t)
	case matches(levelVocab, one) || matches(levelVocab, []token{{fold: head + "en"}}):
		l, _ := levelVocab.match(one, 0)
		if l == "" {
			l, _ = levelVocab.match([]token{{fold: head + "en"}}, 0)
		}
		p.q.Levels = appendNew(p.q.Levels, l)
	case matches(skillVocab, one):
		s, _ := skillVocab.match(one, 0)
		p.q.Skills = appendNew(p.q.Skills, s)
	case head == "go":
		p.q.Skills = appendNew(p.q.Skills, "go")
	default:
		return
	}
	p.filters++
}

func matches(v *vocab, toks []token) bool {
	_, n := v.match(toks, 0)
	return n > 0
}

// place reads a place at token i and returns how many tokens it took.
func (p *parsed) place(i int) int {
	id, n := placeVocab.match(p.toks, i)
	if n == 0 {
		return 0
	}
	ref := placeRefs[id]
	prev := ""
	if i > 0 {
		prev = p.toks[i-1].fold
	}
	if ref.kind == 'c' && cityByKey[ref.key].ambiguous && n == 1 {
		t := p.toks[i].orig
		if !placePrepositions[prev] || t == "" || t[0] < 'A' || t[0] > 'Z' {
			return 0
		}
	}
	if p.q.Place.Kind != 0 {
		return n // the first place named wins; later ones are not filters
	}
	kind := ref.kind
	if kind == 'c' && p.near(i, n) {
		kind = 'n'
	}
	p.q.Place = bot.JobPlace{Kind: kind, Key: ref.key}
	return n
}

// near reports whether the city at toks[i:i+n] is meant with its
// surroundings.
func (p *parsed) near(i, n int) bool {
	for j := max(0, i-4); j < i; j++ {
		if nearWords[p.toks[j].fold] {
			p.used[j] = true
			return true
		}
	}
	for j := i + n; j < min(len(p.toks), i+n+2); j++ {
		if nearAfter[p.toks[j].fold] {
			p.used[j] = true
			return true
		}
	}
	return false
}

// goIsSkill tells "Go" the language from "go" the verb in a question:
// capitalised inside a sentence, next to a job word or another filter,
// after "mit"/"with"/"und", or in a terse keyword query.
func (p *parsed) goIsSkill(i int) bool {
	t := p.toks[i]
	if (t.orig == "Go" || t.orig == "GO") && !t.start {
		return true
	}
	if i+1 < len(p.toks) {
		next := p.toks[i+1].fold
		if developerWords[next] || nounStrength(next) > 0 {
			return true
		}
	}
	if i > 0 {
		prev := p.toks[i-1].fold
		if set("mit", "with", "und", "and", "oder", "or", "in", "als", "fuer")[prev] && (i+1 == len(p.toks) || nounStrength(p.toks[i+1].fold) > 0) {
			return !set("to", "i", "we", "you", "lets", "let")[prev]
		}
	}
	// "jobs hamburg go", "Go?": every other word is a job word or a filter.
	for j, o := range p.toks {
		if j == i {
			continue
		}
		if nounStrength(o.fold) == 0 && !matches(placeVocab, p.toks[j:j+1]) && !matches(skillVocab, p.toks[j:j+1]) &&
			!matches(remoteVocab, p.toks[j:j+1]) && !matches(typeVocab, p.toks[j:j+1]) && !matches(levelVocab, p.toks[j:j+1]) {
			return false
		}
	}
	return true
}

// developerWords follow a skill in a job title or question.
var developerWords = set("entwickler", "entwicklerin", "entwickler*in", "developer", "developers", "dev", "devs",
	"engineer", "engineers", "programmierer", "programmer", "backend", "backend-entwickler", "jobs", "job", "stellen", "stelle")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// maxFilterValues bounds the skills, levels or types one query keeps, so
// that a query fits a button's entry id.
const maxFilterValues = 3

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) || len(list) >= maxFilterValues {
		return list
	}
	return append(list, s)
}
