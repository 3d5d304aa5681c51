package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestConversationsBoundAndExpiry(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	c := newConversations(3, 30*time.Minute, func() time.Time { return now })
	for i := range 5 {
		c.store(fmt.Sprint("c", i), convState{lang: English})
	}
	if n := c.len(); n != 3 {
		t.Errorf("%d conversations held, want the bound 3", n)
	}
	if got := c.load("c0"); got.lang != "" {
		t.Error("the least recently used conversation was kept")
	}
	if got := c.load("c4"); got.lang != English {
		t.Error("the newest conversation was forgotten")
	}
	now = now.Add(31 * time.Minute)
	if got := c.load("c4"); got.lang != "" {
		t.Error("a conversation idle for 31 minutes was kept")
	}
	c.store("", convState{lang: German})
	if got := c.load(""); got.lang != "" {
		t.Error("a request without a conversation got one")
	}
}

func TestFormOf(t *testing.T) {
	tests := []struct {
		text string
		had  Form
		want Form
	}{
		{"Guten Tag, könnten Sie mir helfen?", "", FormSie},
		{"Was verdienen Sie als Entwickler?", "", FormSie},
		{"Sehr geehrte Damen und Herren, wie bewerbe ich mich?", "", FormSie},
		{"Können Ihnen Zertifikate helfen?", "", FormSie},
		{"Sie arbeiten im Backend?", "", ""}, // "they" at the start of a sentence
		{"was muss ich können?", FormSie, FormSie},
		{"kannst du mir helfen?", FormSie, FormDu},
		{"und ohne Studium?", "", ""},
		{"koennten sie mir das erklaeren", "", FormSie},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := formOf(tt.text, strings.ToLower(tt.text), tt.had); got != tt.want {
				t.Errorf("formOf(%q, %q) = %q, want %q", tt.text, tt.had, got, tt.want)
			}
		})
	}
}

func TestFocus(t *testing.T) {
	tests := []struct {
		text, question string
		context        bool
	}{
		{"Was macht ein Backend-Entwickler?", "Was macht ein Backend-Entwickler?", false},
		{"Ich bin 38 und komme aus der Logistik. Habe ich als Quereinsteiger eine Chance?", "Habe ich als Quereinsteiger eine Chance?", true},
		{"Guten Tag. Könnten Sie mir sagen, welche Sprachen wichtig sind?", "Könnten Sie mir sagen, welche Sprachen wichtig sind?", false},
		{"Ich interessiere mich für das Backend und würde gern wissen, welche Kenntnisse erwartet werden.", " welche Kenntnisse erwartet werden.", true},
		{"I'm a frontend dev with 3 years of React. I want to switch to backend. What does the backend side involve?", "What does the backend side involve?", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q, c := focus(tt.text)
			if q != tt.question || (c != "") != tt.context {
				t.Errorf("focus = %q, %q; want %q, context %v", q, c, tt.question, tt.context)
			}
		})
	}
}

func TestPersonaTerms(t *testing.T) {
	tests := []struct {
		intro string
		want  string
	}{
		{"Ich bin Azubi als Fachinformatiker.", "Ausbildung Fachinformatiker"},
		{"Ich war drei Jahre in Elternzeit.", "Wiedereinstieg nach einer Pause"},
		{"I'm 42 and worked as a truck dispatcher.", "career changer"},
		{"Ich mag Katzen.", ""},
	}
	for _, tt := range tests {
		lang := German
		if tt.want == "career changer" {
			lang = English
		}
		if got := personaTerms(tt.intro, lang); got != tt.want {
			t.Errorf("personaTerms(%q) = %q, want %q", tt.intro, got, tt.want)
		}
	}
}

func TestElliptical(t *testing.T) {
	for _, q := range []string{"und ohne Studium?", "und Java?", "what about go?", "und als freelancer?",
		"auch in kleinen firmen?", "und wie lange dauert das bei einem quereinstieg?", "mehr"} {
		if !elliptical(strings.ToLower(q)) {
			t.Errorf("%q is not read as a follow-up", q)
		}
	}
	for _, q := range []string{"welche programmiersprachen braucht ein backend-entwickler heute wirklich?"} {
		if elliptical(q) {
			t.Errorf("%q is read as a follow-up", q)
		}
	}
}

func TestMenuNumber(t *testing.T) {
	tests := []struct {
		text string
		n    int
		ok   bool
	}{
		{"2", 2, true}, {"2.", 2, true}, {"(3)", 3, true}, {"#1", 1, true}, {"Nr. 2", 2, true},
		{"option 3", 3, true}, {"die zweite", 2, true}, {"the first one", 1, true}, {"die letzte", lastPlace, true}, {"-1", -1, true},
		{"45", 45, true}, {"123", 0, false}, {"zwei Fragen", 0, false}, {"", 0, false}, {"die Zeit", 0, false},
	}
	for _, tt := range tests {
		n, ok := menuNumber(strings.ToLower(tt.text))
		if n != tt.n || ok != tt.ok {
			t.Errorf("menuNumber(%q) = %d, %v; want %d, %v", tt.text, n, ok, tt.n, tt.ok)
		}
	}
}
