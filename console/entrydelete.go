package console

import (
	"errors"
	"net/http"
	"slices"

	"github.com/careerbot/careerbot/knowledge"
)

// deleteData is what the confirmation before a delete shows.
type deleteData struct {
	ID, Title string
	LinkedBy  []string
	LeadOf    []string
}

func (s *Server) deleteEntryPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	id := r.PathValue("id")
	e := d.Doc.Find(id)
	if e == nil {
		s.fail(w, r, http.StatusNotFound, "err.noentry")
		return
	}
	lang := pickLang(r)
	dd := deleteData{ID: id, Title: title(e, lang)}
	for i := range d.Doc.Entries {
		if slices.Contains(d.Doc.Entries[i].Related, id) {
			dd.LinkedBy = append(dd.LinkedBy, title(&d.Doc.Entries[i], lang))
		}
	}
	for _, t := range d.Doc.Topics {
		if t.Lead == id {
			dd.LeadOf = append(dd.LeadOf, topicTitle(d.Doc, t.ID, lang))
		}
	}
	s.render(w, r, http.StatusOK, "delete", &pageData{Title: "delete.title", Nav: "entries", Data: dd, Draft: d.Saved})
}

func (s *Server) deleteEntry(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := s.st.UpdateDraft(r.Context(), sessionFrom(r.Context()).Name, func(doc *knowledge.Document) error {
		if doc.Find(id) == nil {
			return errConflict{}
		}
		doc.RemoveEntry(id)
		return nil
	})
	if errors.As(err, new(errConflict)) {
		s.fail(w, r, http.StatusNotFound, "err.noentry")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "delete", id, "draft")
	redirect(w, r, Prefix+"entries?done=deleted")
}
