package console

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// entryRow is one line of the entry list.
type entryRow struct {
	ID, Title, Topic, Owner, Reviewed, Langs, Status string
	Stale                                            bool
	Unhelpful                                        int // "not helpful" votes in the last 30 days
}

// listData is the entry list with its filters.
type listData struct {
	Rows                                 []entryRow
	Total                                int
	Q, Topic, Lang, Owner, Stale, Status string
	Unhelpful                            string
	Topics                               []option
	Owners                               []string
}

// option is one choice of a select or checkbox list.
type option struct {
	Value, Label string
	Selected     bool
}

func (s *Server) entryList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := s.st.Draft(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	pub, err := s.st.Export(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	lang := pickLang(r)
	q := r.URL.Query()
	f := listData{Q: strings.TrimSpace(q.Get("q")), Topic: q.Get("topic"), Lang: q.Get("lang"), Owner: q.Get("owner"),
		Stale: q.Get("stale"), Status: q.Get("status"), Unhelpful: q.Get("unhelpful")}
	votes, err := s.st.Votes(ctx, time.Now().AddDate(0, 0, -dashDays), true, 100000)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	bad := map[string]int{}
	for _, v := range votes {
		bad[v.EntryID]++
	}
	owners := map[string]bool{}
	cutoff := time.Now().Add(-staleAfter).UTC().Format(time.DateOnly)
	needle := strings.ToLower(f.Q)
	for i := range d.Doc.Entries {
		e := &d.Doc.Entries[i]
		if e.Owner != "" {
			owners[e.Owner] = true
		}
		row := entryRow{ID: e.ID, Title: title(e, lang), Topic: topicTitle(d.Doc, e.Topic, lang), Owner: e.Owner,
			Reviewed: e.Reviewed, Stale: e.Reviewed == "" || e.Reviewed < cutoff, Unhelpful: bad[e.ID]}
		var have []string
		for _, l := range langs {
			if _, ok := e.Texts[l]; ok {
				have = append(have, l)
			}
		}
		row.Langs = strings.Join(have, ", ")
		switch p := pub.Find(e.ID); {
		case p == nil:
			row.Status = "new"
		case entryHash(p) != entryHash(e):
			row.Status = "changed"
		}
		if !f.matches(e, row, needle) {
			continue
		}
		f.Rows = append(f.Rows, row)
	}
	f.Total = len(d.Doc.Entries)
	for _, t := range d.Doc.Topics {
		f.Topics = append(f.Topics, option{Value: t.ID, Label: topicTitle(d.Doc, t.ID, lang), Selected: t.ID == f.Topic})
	}
	for o := range owners {
		f.Owners = append(f.Owners, o)
	}
	slices.Sort(f.Owners)
	s.render(w, r, http.StatusOK, "entries", &pageData{Title: "nav.entries", Nav: "entries", Data: f, Draft: d.Saved})
}

func (f *listData) matches(e *knowledge.Entry, row entryRow, needle string) bool {
	switch {
	case f.Topic != "" && e.Topic != f.Topic,
		f.Owner != "" && e.Owner != f.Owner,
		f.Stale == "1" && !row.Stale,
		f.Status == "changed" && row.Status == "",
		f.Unhelpful == "1" && row.Unhelpful == 0:
		return false
	}
	switch f.Lang {
	case "de", "en":
		if _, ok := e.Texts[f.Lang]; !ok {
			return false
		}
	case "no-de", "no-en":
		if _, ok := e.Texts[f.Lang[3:]]; ok {
			return false
		}
	}
	if needle == "" {
		return true
	}
	if strings.Contains(e.ID, needle) {
		return true
	}
	for _, t := range e.Texts {
		if strings.Contains(strings.ToLower(t.Answer), needle) {
			return true
		}
		for _, q := range t.Questions {
			if strings.Contains(strings.ToLower(q), needle) {
				return true
			}
		}
	}
	return false
}
