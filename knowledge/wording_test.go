package knowledge

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

type located struct{ entry, field string }

// problemsOf validates doc and returns where each problem is, failing the
// test when a problem has no message or the error text does not name it.
func problemsOf(t *testing.T, doc *Document) ([]located, string) {
	t.Helper()
	err := doc.Validate(nil)
	if err == nil {
		return nil, ""
	}
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	var got []located
	for _, p := range verr.Problems {
		got = append(got, located{p.Entry, p.Field})
		if p.Msg == "" {
			t.Errorf("problem %+v has no message", p)
		}
		if !strings.Contains(err.Error(), p.Entry) || !strings.Contains(err.Error(), p.Field) {
			t.Errorf("error text does not name %+v:\n%v", p, err)
		}
	}
	return got, err.Error()
}

// TestValidateRegister checks the formal forms: a German answer or
// variant that says "du" needs its "Sie" form, the "Sie" form must not say
// "du", and only German has one.
func TestValidateRegister(t *testing.T) {
	tests := []struct {
		name string
		de   Text
		en   Text
		want []located
		says string // a word the message must quote
	}{
		{"no du, no Sie form", Text{Answer: "Mit viel Geduld."}, Text{}, nil, ""},
		{"du with Sie form", Text{Answer: "Du brauchst Geduld.", AnswerSie: "Sie brauchen Geduld."}, Text{}, nil, ""},
		{"du without Sie form", Text{Answer: "Mit Geduld schaffst du das."}, Text{},
			[]located{{"quokka-care", "texts.de.answer_sie"}}, `"du"`},
		{"Dir capitalised", Text{Answer: "Das hilft Dir."}, Text{},
			[]located{{"quokka-care", "texts.de.answer_sie"}}, `"Dir"`},
		{"deinen", Text{Answer: "Zeig es deinen Freunden."}, Text{},
			[]located{{"quokka-care", "texts.de.answer_sie"}}, `"deinen"`},
		{"du inside words is no du", Text{Answer: "Ein Dirigent im Duell um das Produkt, dudelnd."}, Text{}, nil, ""},
		{"blank Sie form", Text{Answer: "Du brauchst Geduld.", AnswerSie: " \n"}, Text{},
			[]located{{"quokka-care", "texts.de.answer_sie"}, {"quokka-care", "texts.de.answer_sie"}}, ""},
		{"Sie form still says dich", Text{Answer: "Das freut dich.", AnswerSie: "Das freut dich sicher auch, Sie wissen es."}, Text{},
			[]located{{"quokka-care", "texts.de.answer_sie"}}, `"dich"`},
		{"variant with du needs its Sie form", Text{Answer: "Geduld.", Variant: "Geduld brauchst du."}, Text{},
			[]located{{"quokka-care", "texts.de.variant_sie"}}, `"du"`},
		{"variant with its Sie form", Text{Answer: "Geduld.", Variant: "Du brauchst Geduld.", VariantSie: "Sie brauchen Geduld."}, Text{}, nil, ""},
		{"variant Sie form says deine", Text{Answer: "Geduld.", Variant: "Geduld.", VariantSie: "Geduld, deine Stärke."}, Text{},
			[]located{{"quokka-care", "texts.de.variant_sie"}}, `"deine"`},
		{"variant Sie form without a variant", Text{Answer: "Geduld.", VariantSie: "Sie brauchen Geduld."}, Text{},
			[]located{{"quokka-care", "texts.de.variant_sie"}}, "no variant"},
		{"Sie form in English", Text{Answer: "Geduld."}, Text{Answer: "Patience.", AnswerSie: "Patience, Sir."},
			[]located{{"quokka-care", "texts.en.answer_sie"}}, "only German"},
		{"variant Sie form in English", Text{Answer: "Geduld."}, Text{Answer: "Patience.", Variant: "Calm.", VariantSie: "Calm, Madam."},
			[]located{{"quokka-care", "texts.en.variant_sie"}}, "only German"},
		{"English du is not checked", Text{Answer: "Geduld."}, Text{Answer: "Du is a word in other languages, dir too."}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := smallDoc()
			setText(doc, 0, "de", func(x *Text) {
				q := x.Questions
				*x = tt.de
				x.Questions = q
			})
			if tt.en.Answer != "" {
				setText(doc, 0, "en", func(x *Text) {
					q := x.Questions
					*x = tt.en
					x.Questions = q
				})
			}
			got, msg := problemsOf(t, doc)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %+v, want %+v\n%s", got, tt.want, msg)
			}
			if tt.says != "" && !strings.Contains(msg, tt.says) {
				t.Errorf("the message does not say %s:\n%s", tt.says, msg)
			}
		})
	}
}

// TestValidatePlaceholders checks that only {recruiter} and {contact}
// pass, in every answer field, and that the message names the fix.
func TestValidatePlaceholders(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(de, en *Text)
		want  []located
		hints []string
	}{
		{"known ones", func(de, en *Text) {
			de.Answer = "Frag {recruiter}: {contact}"
			de.AnswerSie = "Fragen Sie {recruiter} ({contact})."
		}, nil, nil},
		{"braces that are no placeholder", func(de, en *Text) { en.Answer = `An API returns {"name": "Ada"} or {} or {1}.` }, nil, nil},
		{"German typo", func(de, en *Text) { de.Answer = "Schreib an {kontakt}."; de.AnswerSie = "Schreiben Sie an {kontakt}." },
			[]located{{"quokka-care", "texts.de.answer"}, {"quokka-care", "texts.de.answer_sie"}}, []string{"{kontakt}", "did you mean {contact}?"}},
		{"capitalised", func(de, en *Text) { en.Variant = "Ask {Recruiter}." },
			[]located{{"quokka-care", "texts.en.variant"}}, []string{"{Recruiter}", "did you mean {recruiter}?"}},
		{"spaces inside", func(de, en *Text) { en.Answer = "Ask { contact }." },
			[]located{{"quokka-care", "texts.en.answer"}}, []string{"{ contact }"}},
		{"unknown word", func(de, en *Text) { de.Variant = "Geduld, {name_der_firma}."; de.VariantSie = "Geduld, {foo}." },
			[]located{{"quokka-care", "texts.de.variant"}, {"quokka-care", "texts.de.variant_sie"}}, []string{"{foo}", "{recruiter}", "{contact}"}},
		{"two in one answer", func(de, en *Text) { en.Answer = "{email} or {phone}" },
			[]located{{"quokka-care", "texts.en.answer"}, {"quokka-care", "texts.en.answer"}}, []string{"{email}", "{phone}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := smallDoc()
			de, en := doc.Entries[0].Texts["de"], doc.Entries[0].Texts["en"]
			tt.edit(&de, &en)
			doc.Entries[0].Texts = map[string]Text{"de": de, "en": en}
			got, msg := problemsOf(t, doc)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %+v, want %+v\n%s", got, tt.want, msg)
			}
			for _, h := range tt.hints {
				if !strings.Contains(msg, h) {
					t.Errorf("the message does not say %q:\n%s", h, msg)
				}
			}
		})
	}
}

func TestMasculineTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Was macht ein Backend-Entwickler?", "Backend-Entwickler"},
		{"Kann ich als Quereinsteiger anfangen?", "Quereinsteiger"},
		{"Werden Spezialisten gesucht?", "Spezialisten"},
		{"Brauchen Informatikers Hilfe?", "Informatikers"},
		{"Tipps für Anfänger", "Anfänger"},
		{"Was verdient ein Programmierer im Backend?", "Programmierer"},
		{"Kann ich als Fachinformatiker ins Backend?", "Fachinformatiker"},
		{"Was macht man als Backend-Entwickler*in?", ""},
		{"Backend-Entwickler:innen gesucht", ""},
		{"Backend-Entwickler_innen gesucht", ""},
		{"Backend-Entwickler/-in werden", ""},
		{"Backend-Entwickler/in werden", ""},
		{"Backend-Entwickler(in) werden", ""},
		{"Backend-Entwickler (m/w/d)", ""},
		{"Eine BackendEntwicklerIn werden", ""},
		{"Entwicklerinnen und Entwickler im Team", ""},
		{"Wie werde ich Backend-Entwicklerin?", ""},
		{"Kann ich quer in die Backend-Entwicklung einsteigen?", ""},
		{"Wie arbeitet man im Backend?", ""},
		{"Entwicklertools und Entwicklungsumgebung", ""},
		{"Backend Developer werden", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := masculineTitle(tt.in); got != tt.want {
			t.Errorf("masculineTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWarnings checks what an import accepts but reports: titles and
// first questions that name only men, contact sentences that dangle
// without an address, and formal answers that repeat the informal one.
func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *Document)
		want []located
	}{
		{"none", func(d *Document) {}, nil},
		{"a word not on the list of role titles", func(d *Document) {
			setText(d, 0, "de", func(x *Text) { x.Questions = []string{"Was macht ein Quokka-Pfleger?"} })
		}, nil},
		{"masculine role title in the first question", func(d *Document) {
			setText(d, 0, "de", func(x *Text) { x.Questions = []string{"Braucht ein Entwickler einen Quokka?", "ok"} })
		}, []located{{"quokka-care", "texts.de.questions[0]"}}},
		{"masculine title in a later question only", func(d *Document) {
			setText(d, 0, "de", func(x *Text) {
				x.Questions = []string{"Braucht man im Backend einen Quokka?", "Braucht ein Entwickler einen Quokka?"}
			})
		}, nil},
		{"English is not checked", func(d *Document) {
			setText(d, 0, "en", func(x *Text) { x.Questions = []string{"Entwickler quokka?"} })
		}, nil},
		{"masculine topic title", func(d *Document) {
			d.Topics = []Topic{{ID: "pets", Titles: map[string]string{"de": "Für Einsteiger", "en": "For beginners"}}}
		}, []located{{"", "topics[0].titles.de"}}},
		{"dangling contact", func(d *Document) {
			setText(d, 0, "de", func(x *Text) {
				x.Answer = "Geduld. Du erreichst das Team hier: {contact}"
				x.AnswerSie = "Geduld. Sie erreichen das Team: {contact}"
			})
			setText(d, 0, "en", func(x *Text) { x.Variant = "Patience. Reach the team here: {contact}" })
		}, []located{{"quokka-care", "texts.de.answer"}, {"quokka-care", "texts.de.answer_sie"}, {"quokka-care", "texts.en.variant"}}},
		{"contact sentence that reads well without an address", func(d *Document) {
			setText(d, 0, "de", func(x *Text) {
				x.Answer = "Hier hilft Geduld. Mehr sagt dir {recruiter}: {contact}"
				x.AnswerSie = "Mehr sagt Ihnen {recruiter}: {contact}"
			})
		}, nil},
		{"placeholder opens a sentence", func(d *Document) {
			setText(d, 0, "en", func(x *Text) { x.Answer = "Patience. {recruiter} knows more." })
			setText(d, 1, "de", func(x *Text) { x.Answer = "{contact} weiß mehr." })
		}, []located{{"quokka-care", "texts.en.answer"}, {"quokka-food", "texts.de.answer"}}},
		{"Sie form repeats the answer", func(d *Document) {
			setText(d, 0, "de", func(x *Text) { x.AnswerSie = x.Answer; x.Variant = "B."; x.VariantSie = "B." })
		}, []located{{"quokka-care", "texts.de.answer_sie"}, {"quokka-care", "texts.de.variant_sie"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := smallDoc()
			tt.edit(doc)
			if err := doc.Validate(nil); err != nil {
				t.Fatalf("a warning must not be an error: %v", err)
			}
			var got []located
			for _, w := range doc.Warnings() {
				got = append(got, located{w.Entry, w.Field})
				if w.Msg == "" || !strings.Contains(w.String(), w.Field) {
					t.Errorf("warning %+v does not explain itself: %s", w, w)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("warnings %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestDefaultContentWording holds the default content to what the checks
// only warn about: gender-neutral titles, contact sentences that read well
// without an address, and a formal form wherever an answer says "du".
func TestDefaultContentWording(t *testing.T) {
	doc, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range doc.Warnings() {
		t.Errorf("warning: %s", w)
	}
	formal := 0
	for _, e := range doc.Entries {
		de := e.Texts["de"]
		if de.AnswerSie == "" {
			continue
		}
		formal++
		if !strings.Contains(de.AnswerSie, "Sie") && !strings.Contains(de.AnswerSie, "Ihnen") && !strings.Contains(de.AnswerSie, "Ihr") {
			t.Errorf("%s: answer_sie does not address the reader formally: %q", e.ID, de.AnswerSie)
		}
		for _, p := range Placeholders {
			if strings.Count(de.Answer, p) != strings.Count(de.AnswerSie, p) {
				t.Errorf("%s: answer and answer_sie use %s a different number of times", e.ID, p)
			}
		}
	}
	if formal < len(doc.Entries)/2 {
		t.Errorf("only %d of %d entries have a formal German answer", formal, len(doc.Entries))
	}
}
