package console

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// checkEntry validates an editor form without saving it, for the
// messages the editor's script shows next to the fields as people type.
// It answers {"fields": {"de_answer": ["…"]}, "general": ["…"]}.
func (s *Server) checkEntry(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "new" {
		id = ""
	}
	f := formFromRequest(r, id)
	if f.New && f.ID == "" {
		f.ID = "new-entry" // the id is made on save; do not complain about it here
	}
	e := f.entry(time.Now().UTC().Format(time.DateOnly))
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	doc := d.Doc
	if cur := doc.Find(e.ID); cur != nil && !f.New {
		*cur = e
	} else {
		doc.Entries = append(doc.Entries, e)
	}
	lang := pickLang(r)
	out := struct {
		Fields  map[string][]string `json:"fields"`
		General []string            `json:"general"`
	}{Fields: map[string][]string{}}
	for _, p := range problemsOf(doc, e.ID) {
		if f.New && p.Field == "id" && strings.HasPrefix(p.Msg, "duplicate") && e.ID == "new-entry" {
			continue
		}
		field, msg := plainProblem(p, lang)
		if field == "" {
			out.General = append(out.General, msg)
			continue
		}
		out.Fields[field] = append(out.Fields[field], msg)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out)
}
