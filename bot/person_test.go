package bot

import (
	"strings"
	"testing"
)

func TestAsksForPerson(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Kann ich mit einer Person sprechen?", true},
		{"mit einer Person sprechen", true},
		{"Ich möchte mit einem Menschen reden", true},
		{"talk to a person", true},
		{"Can I talk to a HUMAN, please?", true},
		{"I'd like to speak to a recruiter", true},
		{"Was macht eine Backend-Entwicklerin?", false},
		{"Is a backend developer a real person job?", false},
		{"", false},
		{strings.Repeat("wort ", 20) + "mit einer Person sprechen", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := AsksForPerson(tc.text); got != tc.want {
				t.Errorf("AsksForPerson(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestPersonText(t *testing.T) {
	for _, tc := range []struct {
		c    Contact
		lang Lang
		want string
	}{
		{Contact{}, German, "Du erreichst unser Recruiting-Team direkt."},
		{Contact{Name: "Team X", Address: "jobs@example.com"}, English, "reach Team X directly: jobs@example.com"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			got := PersonText(tc.c, tc.lang, FormDu)
			if !strings.HasSuffix(got, tc.want) || strings.Contains(got, "{") {
				t.Errorf("PersonText = %q, want it to end in %q", got, tc.want)
			}
		})
	}
}

func TestFormOfMessage(t *testing.T) {
	for text, want := range map[string]Form{
		"Könnten Sie mich mit einer Person verbinden?":      FormSie,
		"Guten Tag, ich möchte mit einem Menschen sprechen": FormSie,
		"kann ich mit einer person sprechen":                FormDu,
		"talk to a human":                                   FormDu,
	} {
		if got := FormOf(text); got != want {
			t.Errorf("FormOf(%q) = %q, want %q", text, got, want)
		}
	}
	if got := ContactText(Contact{}, German, FormSie); got != "Sie erreichen unser Recruiting-Team direkt." {
		t.Errorf("ContactText Sie = %q", got)
	}
}
