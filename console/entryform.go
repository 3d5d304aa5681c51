package console

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

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
			Questions:  formText(r, l+"_questions"),
			Answer:     strings.TrimSpace(formText(r, l+"_answer")),
			AnswerSie:  strings.TrimSpace(formText(r, l+"_answer_sie")),
			Variant:    strings.TrimSpace(formText(r, l+"_variant")),
			VariantSie: strings.TrimSpace(formText(r, l+"_variant_sie")),
		}
	}
	return f
}

// formText reads a text area: browsers send its line breaks as CRLF, the
// knowledge base keeps LF.
func formText(r *http.Request, name string) string {
	return strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n")
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
