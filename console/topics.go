package console

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

type topicView struct {
	ID, TitleDE, TitleEN, Lead string
	Entries                    []option
	Count                      int
}

type topicsData struct {
	Topics  []topicView
	Problem string
}

func (s *Server) topicsPage(w http.ResponseWriter, r *http.Request) {
	s.showTopics(w, r, http.StatusOK, "")
}

func (s *Server) showTopics(w http.ResponseWriter, r *http.Request, status int, problem string) {
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	lang := pickLang(r)
	td := topicsData{Problem: problem}
	for _, t := range d.Doc.Topics {
		v := topicView{ID: t.ID, TitleDE: t.Titles["de"], TitleEN: t.Titles["en"], Lead: t.Lead}
		for i := range d.Doc.Entries {
			if e := &d.Doc.Entries[i]; e.Topic == t.ID {
				v.Count++
				v.Entries = append(v.Entries, option{Value: e.ID, Label: title(e, lang), Selected: e.ID == t.Lead})
			}
		}
		td.Topics = append(td.Topics, v)
	}
	s.render(w, r, status, "topics", &pageData{Title: "nav.topics", Nav: "entries", Data: td, Draft: d.Saved})
}

// errTopic is a topic change that cannot be made, with its message key.
type errTopic struct{ key string }

func (e errTopic) Error() string { return e.key }

// saveTopic adds a topic (id "new") or changes one's titles and lead
// entry in the draft.
func (s *Server) saveTopic(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	de, en := strings.TrimSpace(r.PostFormValue("title_de")), strings.TrimSpace(r.PostFormValue("title_en"))
	lead := r.PostFormValue("lead")
	err := s.st.UpdateDraft(r.Context(), sessionFrom(r.Context()).Name, func(doc *knowledge.Document) error {
		if de == "" && en == "" {
			return errTopic{"topics.notitle"}
		}
		if id == "new" {
			nid := strings.TrimSpace(r.PostFormValue("id"))
			if nid == "" {
				nid = slug(cmp.Or(de, en))
			}
			if slices.ContainsFunc(doc.Topics, func(t knowledge.Topic) bool { return t.ID == nid }) {
				return errTopic{"topics.exists"}
			}
			doc.Topics = append(doc.Topics, knowledge.Topic{ID: nid, Titles: map[string]string{"de": de, "en": en}})
		} else {
			i := slices.IndexFunc(doc.Topics, func(t knowledge.Topic) bool { return t.ID == id })
			if i < 0 {
				return errTopic{"topics.gone"}
			}
			t := &doc.Topics[i]
			t.Titles = map[string]string{"de": de, "en": en}
			if e := doc.Find(lead); e != nil && e.Topic == id || lead == "" {
				t.Lead = lead
			}
		}
		var v *knowledge.ValidationError
		if err := doc.Validate(nil); errors.As(err, &v) {
			for _, p := range v.Problems {
				if strings.HasPrefix(p.Field, "topics[") {
					return errTopic{"topics.badid"}
				}
			}
		}
		return nil
	})
	var te errTopic
	if errors.As(err, &te) {
		s.showTopics(w, r, http.StatusUnprocessableEntity, translate(pickLang(r), te.key))
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "topic", id, de+" / "+en)
	redirect(w, r, Prefix+"topics?done=saved")
}

// deleteTopic removes a topic without entries from the draft.
func (s *Server) deleteTopic(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := s.st.UpdateDraft(r.Context(), sessionFrom(r.Context()).Name, func(doc *knowledge.Document) error {
		if slices.ContainsFunc(doc.Entries, func(e knowledge.Entry) bool { return e.Topic == id }) {
			return errTopic{"topics.notempty"}
		}
		doc.Topics = slices.DeleteFunc(doc.Topics, func(t knowledge.Topic) bool { return t.ID == id })
		return nil
	})
	var te errTopic
	if errors.As(err, &te) {
		s.showTopics(w, r, http.StatusUnprocessableEntity, translate(pickLang(r), te.key))
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "topic delete", id, "")
	redirect(w, r, Prefix+"topics?done=saved")
}
