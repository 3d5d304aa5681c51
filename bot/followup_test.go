package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// turnWant is one message of a conversation and what its reply must be.
type turnWant struct {
	text    string
	kind    bot.Kind
	entry   string   // the answered entry, when set
	lang    bot.Lang // when set
	has     []string // substrings of the reply text
	hasNot  []string
	differs bool // the text differs from the previous reply's
}

func converse(t *testing.T, e *bot.Engine, conversation string, turns []turnWant) {
	t.Helper()
	prev := ""
	for i, w := range turns {
		r := ask(t, e, bot.Request{Text: w.text, Conversation: conversation})
		checkReply(t, e, r)
		if r.Kind != w.kind || w.entry != "" && r.EntryID != w.entry || w.lang != "" && r.Lang != w.lang {
			t.Errorf("turn %d %q: %s %s in %s, want %s %s in %s", i+1, w.text, r.Kind, r.EntryID, r.Lang, w.kind, w.entry, w.lang)
		}
		for _, s := range w.has {
			if !strings.Contains(r.Text, s) {
				t.Errorf("turn %d %q: reply lacks %q:\n%s", i+1, w.text, s, r.Text)
			}
		}
		for _, s := range w.hasNot {
			if strings.Contains(r.Text, s) {
				t.Errorf("turn %d %q: reply has %q:\n%s", i+1, w.text, s, r.Text)
			}
		}
		if w.differs && r.Text == prev {
			t.Errorf("turn %d %q: the previous reply again", i+1, w.text)
		}
		prev = r.Text
	}
}

func TestConversations(t *testing.T) {
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	tests := []struct {
		name  string
		turns []turnWant
	}{
		{"small talk keeps the language", []turnWant{
			{text: "Was macht ein Backend-Entwickler?", kind: bot.KindAnswer, lang: bot.German},
			{text: "hi", kind: bot.KindGreeting, lang: bot.German},
			{text: "ok cool", kind: bot.KindAck, lang: bot.German},
			{text: "vielen dank, sehr hilfreich", kind: bot.KindThanks, lang: bot.German},
			{text: "bye", kind: bot.KindGoodbye, lang: bot.German},
		}},
		{"goodbye after English stays English", []turnWant{
			{text: "What does a backend developer do?", kind: bot.KindAnswer, lang: bot.English},
			{text: "tschüss", kind: bot.KindGoodbye, lang: bot.English},
		}},
		{"the bot says what it is", []turnWant{
			{text: "bist du ein Mensch oder ein Bot?", kind: bot.KindIdentity, lang: bot.German, has: []string{"automatischer Assistent", testContact.Address}},
			{text: "who made you?", kind: bot.KindAbout, lang: bot.English},
			{text: "are you a real person?", kind: bot.KindIdentity, lang: bot.English, has: []string{"automated assistant"}},
		}},
		{"a number picks from the last menu", []turnWant{
			{text: "Hallo", kind: bot.KindGreeting},
			{text: "3", kind: bot.KindAnswer, entry: "skills-overview"},
			{text: "9", kind: bot.KindClarify, has: []string{"nicht zur Auswahl"}},
		}},
		{"more goes on to a related entry, never the same text", []turnWant{
			{text: "Welche Programmiersprachen brauche ich?", kind: bot.KindAnswer, entry: "skills-languages"},
			{text: "mehr", kind: bot.KindAnswer, differs: true},
			{text: "mehr", kind: bot.KindAnswer, differs: true},
		}},
		{"a follow-up about the last answer is no word-for-word repeat", []turnWant{
			{text: "Welche Programmiersprachen brauche ich?", kind: bot.KindAnswer, entry: "skills-languages"},
			{text: "und Java?", kind: bot.KindAnswer, entry: "skills-languages", differs: true, has: []string{"Java"}},
		}},
		{"an unknown word after an answer points back at it", []turnWant{
			{text: "Brauche ich Cloud-Kenntnisse?", kind: bot.KindAnswer, entry: "skills-cyber-cloud"},
			{text: "und Quantencomputing?", kind: bot.KindAnswer, entry: "skills-cyber-cloud", differs: true, has: []string{"letzten Antwort"}},
		}},
		{"a name after an answer it does not fit is searched on its own", []turnWant{
			{text: "I work as a frontend developer. How can I switch to backend?", kind: bot.KindAnswer, entry: "entry-from-frontend"},
			{text: "what about Go?", kind: bot.KindAnswer, entry: "skills-language-choice", hasNot: []string{"last answer"}},
		}},
		{"a question that ends on a pronoun leans on the last answer", []turnWant{
			{text: "Brauche ich Zertifikate?", kind: bot.KindAnswer, entry: "jobsearch-certificates"},
			{text: "und wo bekomme ich die?", kind: bot.KindAnswer, differs: true},
		}},
		{"a message sent again is pointed back at, each time", []turnWant{
			{text: "Brauche ich ein Studium?", kind: bot.KindAnswer, entry: "entry-degree"},
			{text: "Brauche ich ein Studium?", kind: bot.KindAnswer, entry: "entry-degree", differs: true, has: []string{"letzten Antwort"}},
			{text: "Brauche ich ein Studium?", kind: bot.KindAnswer, entry: "entry-degree", has: []string{"letzten Antwort"}},
		}},
		{"formal German", []turnWant{
			{text: "Guten Tag", kind: bot.KindGreeting, has: []string{"Fragen Sie"}},
			{text: "Wie sieht es mit dem Wetter aus?", kind: bot.KindFallback, has: []string{"für Sie da"}, hasNot: []string{"eine dieser Fragen"}},
		}},
		{"a long message finds its question", []turnWant{
			{text: "Hallo! Ich bin 38, arbeite seit 15 Jahren in der Logistik und programmiere abends. Kann ich als Quereinsteiger ins Backend wechseln?",
				kind: bot.KindAnswer, entry: "entry-career-changer"},
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			converse(t, e, "test:"+string(rune('a'+i)), tt.turns)
		})
	}
}

func TestGermanFormSetting(t *testing.T) {
	e, _ := newEngine(t, bot.Config{GermanForm: bot.FormSie})
	converse(t, e, "sie", []turnWant{
		{text: "Hallo", kind: bot.KindGreeting, has: []string{"Fragen Sie"}},
		{text: "danke dir", kind: bot.KindThanks, has: []string{"frag einfach"}},
	})
}

func TestFallbackOffersEveryTopic(t *testing.T) {
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	topics, err := e.Topics(t.Context(), bot.German)
	if err != nil {
		t.Fatal(err)
	}
	r := ask(t, e, bot.Request{Text: "Welcher Bürostuhl ist der beste für Backend-Entwickler?"})
	if r.Kind != bot.KindFallback || len(r.Suggestions) != len(topics) {
		t.Errorf("%s with %d suggestions, want a fallback with all %d topics", r.Kind, len(r.Suggestions), len(topics))
	}
}

// formalKnowledge is one entry with a du and a Sie answer; every question
// matches it.
type formalKnowledge struct{}

func (formalKnowledge) Search(context.Context, string, bot.Lang, int) ([]bot.Match, error) {
	return []bot.Match{{EntryID: "e", Confidence: 0.9}}, nil
}

func (formalKnowledge) Entry(_ context.Context, id string) (bot.Entry, error) {
	if id != "e" {
		return bot.Entry{}, bot.ErrNotFound
	}
	return bot.Entry{ID: "e", Texts: map[bot.Lang]bot.EntryText{
		bot.German:  {Questions: []string{"Frage?"}, Answer: "Du kannst das.", AnswerSie: "Sie können das."},
		bot.English: {Questions: []string{"Question?"}, Answer: "You can."},
	}}, nil
}

func (formalKnowledge) Topics(context.Context, bot.Lang) ([]bot.Topic, error) { return nil, nil }

// TestFormalAnswers checks that a conversation gets the Sie answer once
// the person writes formally, keeps it, and that the default applies
// until then.
func TestFormalAnswers(t *testing.T) {
	for _, tt := range []struct {
		name  string
		form  bot.Form
		turns []string
		want  []string
	}{
		{"du by default", "", []string{"Wie werde ich Entwickler?"}, []string{"Du kannst das."}},
		{"Sie when written formally, and it sticks", "", []string{"Guten Tag, könnten Sie mir sagen, wie ich Entwickler werde?", "und mit 45?"},
			[]string{"Sie können das.", "Sie können das."}},
		{"Sie by configuration, du when written so", bot.FormSie, []string{"Wie werde ich Entwickler?", "kannst du mir sagen, wie ich anfange?"},
			[]string{"Sie können das.", "Du kannst das."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := bot.NewEngine(bot.Config{Knowledge: formalKnowledge{}, GermanForm: tt.form})
			if err != nil {
				t.Fatal(err)
			}
			for i, q := range tt.turns {
				r := ask(t, e, bot.Request{Text: q, Conversation: "c", Lang: bot.German})
				if !strings.HasPrefix(r.Text, tt.want[i]) && !strings.HasSuffix(r.Text, tt.want[i]) {
					t.Errorf("turn %d %q: %q, want %q", i+1, q, r.Text, tt.want[i])
				}
			}
		})
	}
}

// TestHostileInputInConversation sends each hostile input as a follow-up
// to an answer and to a menu: follow-up handling must never fail or break
// the reply's invariants.
func TestHostileInputInConversation(t *testing.T) {
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	for i, in := range hostileInputs {
		for j, first := range []string{"Welche Programmiersprachen brauche ich?", "Hallo", "Welcher Stuhl?"} {
			conv := fmt.Sprintf("hostile:%d:%d", i, j)
			ask(t, e, bot.Request{Text: first, Conversation: conv})
			r := ask(t, e, bot.Request{Text: in.text, Conversation: conv})
			checkReply(t, e, r)
		}
	}
}

// TestImplicitConversation checks that a user's messages without a
// conversation keep only their language: each stands alone otherwise.
func TestImplicitConversation(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	req := func(text string) bot.Request { return bot.Request{Text: text, Platform: "api", User: "u1"} }
	ask(t, e, req("Which programming languages do I need?"))
	if r := ask(t, e, req("ok")); r.Lang != bot.English {
		t.Errorf("\"ok\" answered in %s, want the user's English", r.Lang)
	}
	if r := ask(t, e, req("more")); r.Answered() {
		t.Errorf("\"more\" without a conversation was answered from %s", r.EntryID)
	}
	a, b := ask(t, e, req("Brauche ich ein Studium?")), ask(t, e, req("Brauche ich ein Studium?"))
	if a.Text != b.Text {
		t.Error("without a conversation, the same question got a different answer")
	}
}

// A complete question that matches only weakly on its own is read in the
// light of the last answer; context never carries an off-topic question.
func TestCompleteFollowUpsInContext(t *testing.T) {
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	tests := []struct {
		name  string
		turns []turnWant
	}{
		{"the reason behind the freelancing answer", []turnWant{
			{text: "Is freelancing an option for backend developers?", kind: bot.KindAnswer, entry: "prospects-freelancing"},
			{text: "why do firms bring in freelancers instead of their own employees?", kind: bot.KindAnswer, entry: "prospects-why-freelancers"},
		}},
		{"part-time after the working hours", []turnWant{
			{text: "Wie sind die Arbeitszeiten als Backend-Entwickler?", kind: bot.KindAnswer, entry: "jobsearch-working-hours"},
			{text: "hm ok, und in Teilzeit?", kind: bot.KindAnswer, entry: "jobsearch-part-time"},
		}},
		{"why with a filler word", []turnWant{
			{text: "Is freelancing an option for backend developers?", kind: bot.KindAnswer, entry: "prospects-freelancing"},
			{text: "but why exactly?", kind: bot.KindAnswer, entry: "prospects-freelancing", differs: true},
		}},
		{"off-topic mid-conversation stays refused", []turnWant{
			{text: "Gibt es Backend-Jobs nur in großen Städten?", kind: bot.KindAnswer, entry: "prospects-regions"},
			{text: "regnet morgen in Hamburg die Sonne oder scheint sie?", kind: bot.KindFallback},
			{text: "Schreib mir ein Python-Skript für meine Rechnungen", kind: bot.KindFallback},
			{text: "who will win the champions league?", kind: bot.KindFallback},
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			converse(t, e, fmt.Sprintf("context-%d", i), tt.turns)
		})
	}
	t.Run("a single question is not read in context", func(t *testing.T) {
		r := ask(t, e, bot.Request{Text: "why do firms bring in freelancers instead of their own employees?"})
		if r.Kind != bot.KindClarify {
			t.Errorf("got %s %s (%.2f), want the did-you-mean it gets without a conversation", r.Kind, r.EntryID, r.Confidence)
		}
	})
}
