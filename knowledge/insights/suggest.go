package insights

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// MinFit is the average confidence, over a group's questions, from which
// the group is said to fit an entry. Below it the questions are about
// something the knowledge base does not cover.
const MinFit = 0.2

// ErrNeedsNewEntry is returned when accepting a group that fits no entry.
var ErrNeedsNewEntry = errors.New("the questions fit no entry: they need a new entry")

// Suggestion is a group of unanswered or low-confidence questions and the
// entry they would fit best.
type Suggestion struct {
	Group
	// EntryID is the best-fitting entry, "" when the group needs a new one.
	EntryID  string `json:"entry_id,omitempty"`
	Question string `json:"entry_question,omitempty"`
	// Fit is the group's average confidence for EntryID; for a group that
	// needs a new entry, that of the best candidate.
	Fit float64 `json:"fit"`
}

// Suggest groups the unanswered and low-confidence questions asked in
// [since, until] and finds, through kb's search, the entry each group
// would fit: the one with the highest summed confidence over the group's
// questions, when its average reaches MinFit. Questions that are already
// an entry's phrasing (accepted before) are left out.
func Suggest(ctx context.Context, st *knowledge.Store, kb bot.Knowledge, since, until time.Time) ([]Suggestion, error) {
	return SuggestFor(ctx, st, kb, Options{Since: since, Until: until})
}

// SuggestFor is Suggest for the period of opt, without test traffic when
// opt.ExcludeTests is set.
func SuggestFor(ctx context.Context, st *knowledge.Store, kb bot.Knowledge, opt Options) ([]Suggestion, error) {
	log, err := readLog(ctx, st.DB(), opt.Since, opt.Until, time.UTC, opt.ExcludeTests)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	doc, err := st.Export(ctx)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	known := map[phrasingKey]bool{}
	for _, e := range doc.Entries {
		for lang, t := range e.Texts {
			for _, q := range t.Questions {
				known[phrasingKey{lang, normalize(q)}] = true
			}
		}
	}
	gaps := slices.DeleteFunc(log.gaps, func(a Asked) bool { return known[phrasingKey{a.Lang, normalize(a.Text)}] })
	terms, err := NewTermer(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	var out []Suggestion
	for _, g := range groupGaps(gaps, terms) {
		s, err := fit(ctx, kb, g)
		if err != nil {
			return nil, fmt.Errorf("suggest: %w", err)
		}
		out = append(out, s)
	}
	return out, nil
}

// fit finds the entry a group fits best.
func fit(ctx context.Context, kb bot.Knowledge, g Group) (Suggestion, error) {
	sums := map[string]float64{}
	for _, q := range g.Questions {
		matches, err := kb.Search(ctx, q.Text, bot.Lang(q.Lang), 3)
		if err != nil {
			return Suggestion{}, err
		}
		for _, m := range matches {
			sums[m.EntryID] += m.Confidence
		}
	}
	s := Suggestion{Group: g}
	best := ""
	for id, sum := range sums {
		if best == "" || sum > sums[best] || sum == sums[best] && id < best {
			best = id
		}
	}
	if best == "" {
		return s, nil
	}
	s.Fit = sums[best] / float64(len(g.Questions))
	if s.Fit < MinFit {
		return s, nil
	}
	e, err := kb.Entry(ctx, best)
	if err != nil {
		return Suggestion{}, err
	}
	s.EntryID, s.Question = best, e.Question(bot.German)
	return s, nil
}

// Added reports what Accept did.
type Added struct {
	EntryID string
	Added   []Asked
	Skipped []Skipped
}

// Skipped is a question Accept did not add, and why.
type Skipped struct {
	Asked
	Reason string
}

// Accept adds a suggestion's questions to its entry as new phrasings, in
// their language, skipping those the entry already has. It goes through
// Import, so the entry is validated and the knowledge-base version bumps.
func Accept(ctx context.Context, st *knowledge.Store, s Suggestion) (Added, error) {
	if s.EntryID == "" {
		return Added{}, fmt.Errorf("accept group %d: %w", s.N, ErrNeedsNewEntry)
	}
	doc, err := st.Export(ctx)
	if err != nil {
		return Added{}, fmt.Errorf("accept group %d: %w", s.N, err)
	}
	i := slices.IndexFunc(doc.Entries, func(e knowledge.Entry) bool { return e.ID == s.EntryID })
	if i < 0 {
		return Added{}, fmt.Errorf("accept group %d: entry %q: %w", s.N, s.EntryID, bot.ErrNotFound)
	}
	known := map[string]bool{}
	for _, e := range doc.Entries {
		known[e.ID] = true
	}
	entry := doc.Entries[i]
	one := &knowledge.Document{Version: knowledge.FormatVersion, Entries: []knowledge.Entry{entry}}
	res := Added{EntryID: entry.ID}
	for _, q := range s.Questions {
		t, ok := entry.Texts[q.Lang]
		switch {
		case !ok:
			res.Skipped = append(res.Skipped, Skipped{q, fmt.Sprintf("the entry has no %s text", cmp.Or(q.Lang, "such"))})
		case slices.ContainsFunc(t.Questions, func(have string) bool { return normalize(have) == normalize(q.Text) }):
			res.Skipped = append(res.Skipped, Skipped{q, "already a phrasing of the entry"})
		default:
			// Validate each addition, so one question that cannot be a
			// phrasing (too long, one too many) does not block the rest.
			n := len(t.Questions)
			t.Questions = append(t.Questions, q.Text)
			entry.Texts[q.Lang] = t
			if err := one.Validate(known); err != nil {
				t.Questions = t.Questions[:n]
				entry.Texts[q.Lang] = t
				res.Skipped = append(res.Skipped, Skipped{q, "not valid as a phrasing: " + problems(err)})
				continue
			}
			res.Added = append(res.Added, q)
		}
	}
	if len(res.Added) == 0 {
		return res, nil
	}
	if err := st.Import(ctx, one, knowledge.ImportOptions{}); err != nil {
		return Added{}, fmt.Errorf("accept group %d: %w", s.N, err)
	}
	return res, nil
}

// problems lists a validation error's messages on one line.
func problems(err error) string {
	var v *knowledge.ValidationError
	if !errors.As(err, &v) {
		return err.Error()
	}
	msgs := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		msgs[i] = p.Msg
	}
	return strings.Join(msgs, "; ")
}

type phrasingKey struct{ lang, text string }

// normalize makes two spellings of a phrasing that differ only in case,
// spacing or closing punctuation equal.
func normalize(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimRight(s, "?!.… ")
}
