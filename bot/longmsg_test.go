package bot

import "testing"

func TestUnframe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Guten Tag, könnten Sie mir sagen, ob man für den Beruf ein Studium braucht?", "man für den Beruf ein Studium braucht?"},
		{"Würden Sie mir bitte mitteilen, welche Aufgaben eine Backend-Entwicklerin hat?", "welche Aufgaben eine Backend-Entwicklerin hat?"},
		{"Ich wollte fragen, ob Kenntnisse in Cybersecurity wichtig sind.", "Kenntnisse in Cybersecurity wichtig sind."},
		{"I was wondering whether backend developers work in agile teams.", "backend developers work in agile teams."},
		{"Could you tell me which databases matter?", "which databases matter?"},
		{"Was macht ein Backend-Entwickler?", "Was macht ein Backend-Entwickler?"},
		{"Could you tell me?", "Could you tell me?"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := unframe(tt.in); got != tt.want {
				t.Errorf("unframe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAboutEntry(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Kann ich später ins Backend wechseln?", true},
		{"How can I switch to backend?", true},
		{"Wie steige ich wieder ein?", true},
		{"Kann ich noch Backend-Entwickler werden?", true},
		{"Welche Programmiersprachen muss ich für den Wechsel lernen?", false},
		{"Was verdient man im Backend?", false},
		{"Which databases should I learn to switch?", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := aboutEntry(tt.q); got != tt.want {
				t.Errorf("aboutEntry(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestGreetingLang(t *testing.T) {
	for in, want := range map[string]Lang{"hi": "", "hey!": English, "hello there": English, "hallo": "", "moin": "", "servus": "", "hi, what do you do?": ""} {
		if got := greetingLang(in); got != want {
			t.Errorf("greetingLang(%q) = %q, want %q", in, got, want)
		}
	}
}
