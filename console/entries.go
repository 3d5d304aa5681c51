package console

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
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

// entryRow is one line of the entry list.
type entryRow struct {
	ID, Title, Topic, Owner, Reviewed, Langs, Status string
	Stale                                            bool
	Unhelpful                                        int // "not helpful" votes in the last 30 days
}

type listData struct {
	Rows                                 []entryRow
	Total                                int
	Q, Topic, Lang, Owner, Stale, Status string
	Unhelpful                            string
	Topics                               []option
	Owners                               []string
}

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

// entryForm is an entry as the edit form shows it.
type entryForm struct {
	New                        bool
	ID, Topic, Owner, Reviewed string
	MarkReviewed               bool
	Base                       string
	Group                      string // the inbox group a new entry starts from
	Related                    []string
	Texts                      map[string]*textForm
}

// textForm is one language's fields; questions one per line.
type textForm struct {
	Lang, Questions, Answer, AnswerSie, Variant, VariantSie string
}

func formFromEntry(e *knowledge.Entry) entryForm {
	f := entryForm{ID: e.ID, Topic: e.Topic, Owner: e.Owner, Reviewed: e.Reviewed, Related: slices.Clone(e.Related),
		Base: entryHash(e), Texts: map[string]*textForm{}}
	for _, l := range langs {
		t := e.Texts[l]
		tf := &textForm{Lang: l, Questions: strings.Join(t.Questions, "\n"), Answer: t.Answer, Variant: t.Variant}
		getSie(t, tf)
		f.Texts[l] = tf
	}
	return f
}

func formFromRequest(r *http.Request, id string) entryForm {
	f := entryForm{ID: id, New: id == "", Topic: r.PostFormValue("topic"), Owner: strings.TrimSpace(r.PostFormValue("owner")),
		MarkReviewed: r.PostFormValue("mark_reviewed") == "1",
		Base:         r.PostFormValue("base"), Related: r.PostForm["related"], Texts: map[string]*textForm{}}
	if f.New {
		f.ID = strings.TrimSpace(r.PostFormValue("id"))
	}
	for _, l := range langs {
		f.Texts[l] = &textForm{Lang: l,
			Questions:  r.PostFormValue(l + "_questions"),
			Answer:     strings.TrimSpace(r.PostFormValue(l + "_answer")),
			AnswerSie:  strings.TrimSpace(r.PostFormValue(l + "_answer_sie")),
			Variant:    strings.TrimSpace(r.PostFormValue(l + "_variant")),
			VariantSie: strings.TrimSpace(r.PostFormValue(l + "_variant_sie")),
		}
	}
	return f
}

// entry builds the entry the form describes. A language whose fields are
// all empty is left out; one partly filled stays, so validation says
// what is missing.
func (f entryForm) entry(today string) knowledge.Entry {
	e := knowledge.Entry{ID: f.ID, Topic: f.Topic, Owner: f.Owner, Reviewed: f.Reviewed, Related: []string{}, Texts: map[string]knowledge.Text{}}
	if f.MarkReviewed {
		e.Reviewed = today
	}
	for _, r := range f.Related {
		if r != "" && !slices.Contains(e.Related, r) {
			e.Related = append(e.Related, r)
		}
	}
	for _, l := range langs {
		tf := f.Texts[l]
		qs := []string{}
		for _, q := range strings.Split(tf.Questions, "\n") {
			if q = strings.TrimSpace(q); q != "" {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 && tf.Answer == "" && tf.Variant == "" && tf.AnswerSie == "" && tf.VariantSie == "" {
			continue
		}
		t := knowledge.Text{Questions: qs, Answer: tf.Answer, Variant: tf.Variant}
		setSie(&t, tf)
		e.Texts[l] = t
	}
	return e
}

var slugDrop = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from a question for a new entry left without one.
func slug(s string) string {
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(s))
	s = strings.Trim(slugDrop.ReplaceAllString(s, "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
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
	Theirs  entryForm
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
	ed := editData{Form: f, Conflict: c, Errors: map[string][]string{}}
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
		c.Theirs = formFromEntry(theirs)
	}
	// Saving again now replaces the colleague's version on purpose.
	mine.Base = entryHash(theirs)
	if theirs == nil {
		mine.New = true
	}
	s.audit(r, "conflict", mine.ID, "shown both versions")
	s.showEditor(w, r, http.StatusConflict, d, mine, nil, c)
}

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
