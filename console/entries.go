package console

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/careerbot/careerbot/knowledge"
)

// staleAfter is how long after its review an entry counts as stale, as
// `kb stale` does by default.
const staleAfter = 180 * 24 * time.Hour

// langs are the knowledge base's languages in the editor's order.
var langs = []string{"de", "en"}

// entryHash fingerprints an entry's content, so a save can tell whether
// the entry changed since the editor opened it.
func entryHash(e *knowledge.Entry) string {
	if e == nil {
		return "none"
	}
	b, _ := json.Marshal(e)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// title is an entry's first question in lang, else in any language, else
// its id.
func title(e *knowledge.Entry, lang string) string {
	if t, ok := e.Texts[lang]; ok && len(t.Questions) > 0 {
		return t.Questions[0]
	}
	for _, l := range langs {
		if t, ok := e.Texts[l]; ok && len(t.Questions) > 0 {
			return t.Questions[0]
		}
	}
	return e.ID
}

func topicTitle(doc *knowledge.Document, id, lang string) string {
	for _, t := range doc.Topics {
		if t.ID == id {
			if s := t.Titles[lang]; s != "" {
				return s
			}
		}
	}
	return id
}

// editData is what the edit page shows.
type editData struct {
	Form      entryForm
	Errors    map[string][]string
	Problems  []string // problems not tied to one field
	Topics    []option
	Entries   []option // the related-entries picker
	Warnings  []string
	Conflict  *conflictData
	Published bool
	Sections  []textSection
	Summary   []summaryItem
	Days      int // the inbox period a new entry from a group came from
}

// summaryItem is one problem in the list above the form, linked to its field.
type summaryItem struct {
	Field, Label, Msg string
}

// textSection is one language's fieldset in the editor.
type textSection struct {
	Lang, Legend string
	Fields       []fieldView
}

// fieldView is one text area with its label, hint and problems.
type fieldView struct {
	Name, Label, Hint, Value, Describe string
	Rows                               int
	Errors                             []string
}

func sections(f entryForm, errs map[string][]string, lang string) []textSection {
	var out []textSection
	for _, l := range langs {
		tf := f.Texts[l]
		sec := textSection{Lang: l, Legend: translate(lang, "lang."+l)}
		add := func(key, value string, rows int) {
			name := l + "_" + key
			fv := fieldView{Name: name, Label: translate(lang, "field."+key), Hint: translate(lang, "hint."+key), Value: value, Rows: rows, Errors: errs[name]}
			if l == "en" && key == "answer" {
				fv.Label = translate(lang, "field.answer_en")
			}
			var ids []string
			if fv.Hint != "" {
				ids = append(ids, name+"-hint")
			}
			if len(fv.Errors) > 0 {
				ids = append(ids, name+"-err")
			}
			fv.Describe = strings.Join(ids, " ")
			sec.Fields = append(sec.Fields, fv)
		}
		add("questions", tf.Questions, 4)
		add("answer", tf.Answer, 8)
		if l == "de" && sieSupported {
			add("answer_sie", tf.AnswerSie, 6)
		}
		add("variant", tf.Variant, 3)
		if l == "de" && sieSupported {
			add("variant_sie", tf.VariantSie, 3)
		}
		out = append(out, sec)
	}
	return out
}

// conflictData is the colleague's version shown beside the editor's own
// after a conflicting save.
type conflictData struct {
	By, At  string
	Deleted bool
	// Fields are the fields where the two differ: Old is the other
	// version, New the editor's own.
	Fields []fieldDiff
}

func (s *Server) editEntryPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	e := d.Doc.Find(r.PathValue("id"))
	if e == nil {
		s.fail(w, r, http.StatusNotFound, "err.noentry")
		return
	}
	s.showEditor(w, r, http.StatusOK, d, formFromEntry(e), nil, nil)
}

func (s *Server) newEntryPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	f := formFromEntry(&knowledge.Entry{Topic: r.URL.Query().Get("topic")})
	f.New, f.Base, f.Group = true, entryHash(nil), r.URL.Query().Get("group")
	if q := r.URL.Query().Get("q"); q != "" {
		l := r.URL.Query().Get("lang")
		if l != "en" {
			l = "de"
		}
		f.Texts[l].Questions = q
	}
	s.showEditor(w, r, http.StatusOK, d, f, nil, nil)
}

func (s *Server) showEditor(w http.ResponseWriter, r *http.Request, status int, d knowledge.Draft, f entryForm, problems []knowledge.Problem, c *conflictData) {
	lang := pickLang(r)
	ed := editData{Form: f, Conflict: c, Errors: map[string][]string{}, Days: periodDays(r, inboxDays)}
	for _, p := range problems {
		field, msg := plainProblem(p, lang)
		if field == "" {
			ed.Problems = append(ed.Problems, msg)
			continue
		}
		ed.Errors[field] = append(ed.Errors[field], msg)
	}
	for _, t := range d.Doc.Topics {
		ed.Topics = append(ed.Topics, option{Value: t.ID, Label: topicTitle(d.Doc, t.ID, lang), Selected: t.ID == f.Topic})
	}
	for i := range d.Doc.Entries {
		e := &d.Doc.Entries[i]
		if e.ID == f.ID {
			continue
		}
		ed.Entries = append(ed.Entries, option{Value: e.ID, Label: title(e, lang), Selected: slices.Contains(f.Related, e.ID)})
	}
	ed.Published = d.Base.Find(f.ID) != nil
	ed.Sections = sections(f, ed.Errors, lang)
	labels := map[string]string{"id": translate(lang, "field.id"), "topic": translate(lang, "field.topic"), "related": translate(lang, "field.related")}
	for _, sec := range ed.Sections {
		for _, fv := range sec.Fields {
			labels[fv.Name] = sec.Legend + ": " + fv.Label
		}
	}
	for _, p := range problems {
		field, msg := plainProblem(p, lang)
		if field != "" {
			target := field
			if field == "related" {
				target = "rel-0"
			}
			ed.Summary = append(ed.Summary, summaryItem{Field: target, Label: labels[field], Msg: msg})
		}
	}
	ed.Warnings = duplicatePhrasings(d.Doc, f.entry(""), lang)
	one := &knowledge.Document{Version: knowledge.FormatVersion, Topics: d.Doc.Topics, Entries: []knowledge.Entry{f.entry("")}}
	hasAddress := s.contact(r.Context()).Address != ""
	for _, p := range one.Warnings() {
		if p.Entry != f.ID || hasAddress && strings.Contains(p.Msg, "without a configured contact address") {
			continue
		}
		_, msg := plainProblem(p, lang)
		ed.Warnings = append(ed.Warnings, msg)
	}
	s.render(w, r, status, "edit", &pageData{Title: "edit.title", Nav: "entries", Data: ed, Draft: d.Saved})
}

// duplicatePhrasings warns about phrasings that another entry has too:
// the bot cannot tell the two apart on that question.
func duplicatePhrasings(doc *knowledge.Document, e knowledge.Entry, lang string) []string {
	owner := map[string]*knowledge.Entry{}
	for i := range doc.Entries {
		o := &doc.Entries[i]
		if o.ID == e.ID {
			continue
		}
		for l, t := range o.Texts {
			for _, q := range t.Questions {
				owner[l+"\x00"+normalize(q)] = o
			}
		}
	}
	var out []string
	for _, l := range langs {
		for _, q := range e.Texts[l].Questions {
			if o := owner[l+"\x00"+normalize(q)]; o != nil {
				out = append(out, translate(lang, "edit.duplicate", q, title(o, lang)))
			}
		}
	}
	return out
}

// normalize makes phrasings that differ only in case, spacing or closing
// punctuation equal.
func normalize(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimRight(s, "?!.… ")
}

// errConflict is returned from a draft update when the entry changed
// since the editor opened it.
type errConflict struct {
	theirs *knowledge.Entry
}

func (errConflict) Error() string { return "the entry changed since it was opened" }

// errInvalid carries the problems of the entry being saved.
type errInvalid struct{ problems []knowledge.Problem }

func (e errInvalid) Error() string { return fmt.Sprintf("%d problems", len(e.problems)) }

func (s *Server) saveEntry(w http.ResponseWriter, r *http.Request) {
	ses := sessionFrom(r.Context())
	f := formFromRequest(r, r.PathValue("id"))
	if f.New && f.ID == "" {
		for _, l := range langs {
			if q := strings.TrimSpace(strings.SplitN(f.Texts[l].Questions, "\n", 2)[0]); q != "" {
				f.ID = slug(q)
				break
			}
		}
	}
	e := f.entry(time.Now().UTC().Format(time.DateOnly))
	err := s.st.UpdateDraft(r.Context(), ses.Name, func(doc *knowledge.Document) error {
		cur := doc.Find(e.ID)
		switch {
		case f.New && cur != nil:
			return errInvalid{[]knowledge.Problem{{Entry: e.ID, Field: "id", Msg: "duplicate id"}}}
		case !f.New && entryHash(cur) != f.Base:
			return errConflict{theirs: cur}
		}
		if cur != nil && !f.MarkReviewed {
			e.Reviewed = cur.Reviewed
		}
		if cur != nil {
			e.Related = keepOrder(cur.Related, e.Related)
		}
		if cur == nil {
			doc.Entries = append(doc.Entries, e)
		} else {
			*cur = e
		}
		if ps := problemsOf(doc, e.ID); len(ps) > 0 {
			return errInvalid{ps}
		}
		return nil
	})
	var conflict errConflict
	var invalid errInvalid
	switch {
	case errors.As(err, &conflict):
		s.showConflict(w, r, f, conflict.theirs)
		return
	case errors.As(err, &invalid):
		d, err := s.st.Draft(r.Context())
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if cur := d.Doc.Find(f.ID); cur != nil && !f.New {
			f.Reviewed = cur.Reviewed
		}
		s.showEditor(w, r, http.StatusUnprocessableEntity, d, f, invalid.problems, nil)
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	action := "edit"
	if f.New {
		action = "create"
		if f.Group != "" {
			s.inboxCreated(w, r, f.Group, e.ID)
		}
	}
	s.audit(r, action, e.ID, "draft")
	redirect(w, r, Prefix+"entries/"+e.ID+"?done=saved")
}

// keepOrder returns chosen with the entries that were there before in
// their old order (it decides the order of the follow-up buttons), and
// the new ones after them.
func keepOrder(before, chosen []string) []string {
	out := make([]string, 0, len(chosen))
	for _, id := range before {
		if slices.Contains(chosen, id) {
			out = append(out, id)
		}
	}
	for _, id := range chosen {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// problemsOf validates the whole draft and keeps the problems of one entry.
func problemsOf(doc *knowledge.Document, id string) []knowledge.Problem {
	err := doc.Validate(nil)
	var v *knowledge.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	label := id
	if idx := slices.IndexFunc(doc.Entries, func(e knowledge.Entry) bool { return e.ID == id }); id == "" && idx >= 0 {
		label = fmt.Sprintf("#%d", idx+1)
	}
	var out []knowledge.Problem
	for _, p := range v.Problems {
		if p.Entry == label {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) showConflict(w http.ResponseWriter, r *http.Request, mine entryForm, theirs *knowledge.Entry) {
	d, err := s.st.Draft(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	c := &conflictData{By: d.By, At: d.Updated.Format("2006-01-02 15:04"), Deleted: theirs == nil}
	if theirs != nil {
		mineEntry := mine.entry(time.Now().UTC().Format(time.DateOnly))
		mineEntry.Related = keepOrder(theirs.Related, mineEntry.Related)
		c.Fields = entryFields(theirs, &mineEntry, pickLang(r), d.Doc, d.Doc)
	}
	// Saving again now replaces the colleague's version on purpose.
	mine.Base = entryHash(theirs)
	if theirs == nil {
		mine.New = true
	}
	s.audit(r, "conflict", mine.ID, "shown both versions")
	s.showEditor(w, r, http.StatusConflict, d, mine, nil, c)
}
