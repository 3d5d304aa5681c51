package bot_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// oneEntry is a knowledge base of a single German entry.
type oneEntry struct{ answer string }

func (k oneEntry) Search(context.Context, string, bot.Lang, int) ([]bot.Match, error) {
	return nil, nil
}

func (k oneEntry) Entry(_ context.Context, id string) (bot.Entry, error) {
	if id != "e" {
		return bot.Entry{}, bot.ErrNotFound
	}
	return bot.Entry{ID: "e", Topic: "t", Texts: map[bot.Lang]bot.EntryText{
		bot.German: {Questions: []string{"Frage?"}, Answer: k.answer},
	}}, nil
}

func (k oneEntry) Topics(context.Context, bot.Lang) ([]bot.Topic, error) { return nil, nil }

// TestContactWording fills the placeholders with and without a configured
// contact: the team is named once, and no sentence is left hanging.
func TestContactWording(t *testing.T) {
	noContact := bot.Contact{}
	address := bot.Contact{Address: "jobs@example.com"}
	named := bot.Contact{Name: "Team Karriere", Address: "karriere@example.com"}
	tests := []struct {
		answer  string
		contact bot.Contact
		want    string
	}{
		{"Mehr weiß {recruiter}: {contact}", noContact, "Mehr weiß unser Recruiting-Team."},
		{"Mehr weiß {recruiter}: {contact}", address, "Mehr weiß unser Recruiting-Team: jobs@example.com"},
		{"Mehr weiß {recruiter}: {contact}.", noContact, "Mehr weiß unser Recruiting-Team."},
		{"Mehr weiß {recruiter}: {contact}.", address, "Mehr weiß unser Recruiting-Team: jobs@example.com."},
		{"Schreib {recruiter} ({contact}).", noContact, "Schreib unser Recruiting-Team."},
		{"Schreib {recruiter} ({contact}).", address, "Schreib unser Recruiting-Team (jobs@example.com)."},
		{"Schreib {recruiter} ({contact}).", named, "Schreib Team Karriere (karriere@example.com)."},
		{"Dabei hilft dir {contact}.", noContact, "Dabei hilft dir unser Recruiting-Team."},
		{"Dabei hilft dir {contact}.", address, "Dabei hilft dir unser Recruiting-Team (jobs@example.com)."},
		{"Dabei hilft dir {contact}.", named, "Dabei hilft dir Team Karriere (karriere@example.com)."},
		{"Ohne Platzhalter.", named, "Ohne Platzhalter."},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.answer, tt.contact.Address), func(t *testing.T) {
			e, err := bot.NewEngine(bot.Config{Knowledge: oneEntry{tt.answer}, Contact: tt.contact})
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Open(context.Background(), "e", bot.German)
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != tt.want {
				t.Errorf("got %q, want %q", r.Text, tt.want)
			}
		})
	}
}

// formal shows the formal German answers of the knowledge base it wraps.
type formal struct{ bot.Knowledge }

func (k formal) Entry(ctx context.Context, id string) (bot.Entry, error) {
	e, err := k.Knowledge.Entry(ctx, id)
	if t, ok := e.Texts[bot.German]; ok && t.AnswerSie != "" {
		texts := map[bot.Lang]bot.EntryText{}
		for l, x := range e.Texts {
			texts[l] = x
		}
		t.Answer = t.AnswerSie
		texts[bot.German] = t
		e.Texts = texts
	}
	return e, err
}

// dangling finds what a filled-in answer must never show: an empty
// bracket, a colon with nothing after it, doubled or loose punctuation.
// (Sentences that promise an address, "Du erreichst das Team hier.", are
// what knowledge.Document.Warnings reports; the default content has none.)
var dangling = regexp.MustCompile(`\(\s*\)|:\s*$|:\s*\n\n[^-]|\.\.|\s[.,:]`)

// TestDefaultContactAnswers renders every default answer, informal and
// formal, with and without a contact: each reads well either way.
func TestDefaultContactAnswers(t *testing.T) {
	ctx := context.Background()
	for _, contact := range []bot.Contact{{}, testContact} {
		s := newStore(t)
		doc, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live, err := knowledge.NewLive(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := bot.NewEngine(bot.Config{Knowledge: live, Contact: contact})
		if err != nil {
			t.Fatal(err)
		}
		formalEngine, err := bot.NewEngine(bot.Config{Knowledge: formal{live}, Contact: contact})
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range doc.Entries {
			for _, lang := range bot.Langs {
				for name, e := range map[string]*bot.Engine{"du": plain, "Sie": formalEngine} {
					r, err := e.Open(ctx, entry.ID, lang)
					if err != nil {
						t.Fatal(err)
					}
					where := fmt.Sprintf("%s/%s/%s, contact %q", entry.ID, lang, name, contact.Address)
					if strings.ContainsAny(r.Text, "{}") {
						t.Errorf("%s: a placeholder is left: %q", where, r.Text)
					}
					if m := dangling.FindString(r.Text); m != "" {
						t.Errorf("%s: %q reads badly:\n%s", where, m, r.Text)
					}
					if contact.Name != "" && strings.Contains(r.Text, contact.Name+" ("+contact.Name) {
						t.Errorf("%s: the team is named twice: %q", where, r.Text)
					}
				}
			}
		}
	}
}
