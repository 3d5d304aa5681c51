package bot

import "testing"

func TestDetectLang(t *testing.T) {
	tests := []struct {
		text string
		want Lang
		sure bool
	}{
		{"Was macht ein Backend-Entwickler?", German, true},
		{"Wie viel verdient man als Backend-Entwickler?", German, true},
		{"Brauche ich ein Studium?", German, true},
		{"Kann ich als Quereinsteiger anfangen?", German, true},
		{"Welche Programmiersprachen sollte ich lernen?", German, true},
		{"Gibt es Jobs auf dem Land?", German, true},
		{"Muss ich für den Job umziehen?", German, true},
		{"SQL und Datenbanken", German, true},
		{"What does a backend developer do?", English, true},
		{"How much does a backend developer earn?", English, true},
		{"Do I need a degree?", English, true},
		{"Can I switch careers into backend development?", English, true},
		{"Which programming languages should I learn?", English, true},
		{"Is there work outside big cities?", English, true},
		{"Is the job future-proof?", English, true},
		// Too short or too neutral to tell: the caller decides.
		{"Python?", German, false},
		{"PHP", German, false},
		{"Cloud", German, false},
		{"Scrum", German, false},
		{"Homeoffice", German, false},
		{"ok", German, false},
		{"🙂", German, false},
		{"", German, false},
		{"Freelancing?", English, false},
		{"Und Freelancing?", German, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, sure := DetectLang(tt.text)
			if sure != tt.sure || sure && got != tt.want {
				t.Errorf("DetectLang(%q) = %s, %v; want %s, %v", tt.text, got, sure, tt.want, tt.sure)
			}
			if got != German && got != English {
				t.Errorf("DetectLang(%q) = %q, not a supported language", tt.text, got)
			}
		})
	}
}
