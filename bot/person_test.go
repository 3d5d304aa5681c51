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
			got := PersonText(tc.c, tc.lang)
			if !strings.HasSuffix(got, tc.want) || strings.Contains(got, "{") {
				t.Errorf("PersonText = %q, want it to end in %q", got, tc.want)
			}
		})
	}
}
