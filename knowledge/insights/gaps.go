package insights

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/search"
)

// Similar is the Jaccard similarity of two questions' terms from which
// they are grouped together: half of their words in common, after
// stemming, synonyms and compound splitting.
const Similar = 0.5

// Asked is one distinct question text and how often it was asked.
type Asked struct {
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	Count int    `json:"count"`
}

// Group is a set of similar unanswered or low-confidence questions.
type Group struct {
	// N numbers the groups 1..n, most asked first; `kb suggest --accept N`
	// refers to it.
	N     int `json:"group"`
	Count int `json:"count"`
	// Questions are the group's distinct texts, most asked first.
	Questions []Asked `json:"questions"`
}

// Termer returns the terms of a question that grouping compares.
type Termer func(text string, lang bot.Lang) []string

// NewTermer returns a Termer that knows the store's vocabulary and
// synonyms, so "Gehalt" and "verdienen" meet when the knowledge base says
// they are synonyms.
func NewTermer(ctx context.Context, st *knowledge.Store) (Termer, error) {
	doc, err := st.Export(ctx)
	if err != nil {
		return nil, fmt.Errorf("load vocabulary: %w", err)
	}
	docs := map[bot.Lang][]search.Doc{}
	for _, e := range doc.Entries {
		for lang, t := range e.Texts {
			l := bot.Lang(lang)
			docs[l] = append(docs[l], search.Doc{ID: e.ID, Questions: t.Questions, Answer: t.Answer})
		}
	}
	return search.New(docs, doc.Synonyms).Terms, nil
}

// groupGaps clusters questions greedily: the most asked first, each joins
// the group holding its most similar question (at least Similar; on a tie
// the older group), or starts a new one. Questions without terms stay
// alone. Only questions sharing a term are compared, so ten thousand
// distinct questions take a fraction of a second.
func groupGaps(asked []Asked, terms Termer) []Group {
	asked = slices.Clone(asked)
	slices.SortFunc(asked, func(a, b Asked) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text), cmp.Compare(a.Lang, b.Lang))
	})
	type cluster struct {
		n     int // creation order, which breaks ties
		group Group
	}
	type member struct {
		c     *cluster
		terms []string
	}
	var clusters []*cluster
	var members []member
	byTerm := map[string][]int{} // term → members with it: only they can be similar
	for _, a := range asked {
		t := terms(a.Text, bot.Lang(a.Lang))
		var best *cluster
		bestSim := 0.0
		seen := map[int]bool{}
		for _, term := range t {
			for _, m := range byTerm[term] {
				if seen[m] {
					continue
				}
				seen[m] = true
				c := members[m].c
				s := jaccard(t, members[m].terms)
				if s >= Similar && (s > bestSim || s == bestSim && c.n < best.n) {
					best, bestSim = c, s
				}
			}
		}
		if best == nil {
			best = &cluster{n: len(clusters)}
			clusters = append(clusters, best)
		}
		for _, term := range t {
			byTerm[term] = append(byTerm[term], len(members))
		}
		members = append(members, member{best, t})
		best.group.Count += a.Count
		best.group.Questions = append(best.group.Questions, a)
	}
	groups := make([]Group, len(clusters))
	for i, c := range clusters {
		groups[i] = c.group
	}
	slices.SortFunc(groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Questions[0].Text, b.Questions[0].Text))
	})
	for i := range groups {
		groups[i].N = i + 1
	}
	return groups
}

// jaccard is |a∩b| / |a∪b| of two sorted sets; 0 when either is empty.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	var both, i, j int
	for i < len(a) && j < len(b) {
		switch c := cmp.Compare(a[i], b[j]); {
		case c == 0:
			both++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// Gaps groups the unanswered and low-confidence questions asked in
// [since, until], the way the report does.
func Gaps(ctx context.Context, st *knowledge.Store, since, until time.Time) ([]Group, error) {
	log, err := readLog(ctx, st.DB(), since, until, time.UTC, false)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	terms, err := NewTermer(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	return groupGaps(log.gaps, terms), nil
}
