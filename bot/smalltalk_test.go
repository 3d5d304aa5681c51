package bot

import "testing"

func TestSmalltalk(t *testing.T) {
	tests := []struct {
		text     string
		kind     Kind
		question string // the rest searched for a real question
	}{
		{"Hallo!", KindGreeting, ""},
		{"Hallo Bot", KindGreeting, ""},
		{"Moin moin", KindGreeting, ""},
		{"Hi there", KindGreeting, ""},
		{"Guten Morgen liebes Team", KindGreeting, ""},
		{"Danke dir", KindThanks, ""},
		{"Danke dir!!", KindThanks, ""},
		{"thank you so much!", KindThanks, ""},
		{"thanks a lot", KindThanks, ""},
		{"Was kannst du?", KindHelp, ""},
		{"what can you do", KindHelp, ""},
		{"What do you do?", KindHelp, ""},
		{"Vielen Dank, das hilft mir.", KindThanks, ""},
		{"und wer hilft mir?", "", "und wer hilft mir?"},
		{"was machst du", KindHelp, ""},
		{"What do you do as a backend developer?", "", "what do you do as a backend developer"},
		{"Hilfe", KindHelp, ""},
		{"Hallo, wie werde ich Quereinsteiger?", "", "wie werde ich quereinsteiger"},
		{"hey, what does a backend developer do", "", "what does a backend developer do"},
		{"Danke, und was verdient man?", "", "und was verdient man"},
		{"Kannst du mir helfen einen Job zu finden?", "", "Kannst du mir helfen einen Job zu finden?"},
		{"Hilfe, wie werde ich Entwickler?", "", "hilfe wie werde ich entwickler"},
		{"Was macht ein Backend-Entwickler?", "", "Was macht ein Backend-Entwickler?"},
		// "na" and "hi" are greetings only as whole words.
		{"Nachteile des Berufs?", "", "Nachteile des Berufs?"},
		{"Hintergrundwissen", "", "Hintergrundwissen"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			kind, rest := smalltalk(tt.text)
			if kind != tt.kind || rest != tt.question {
				t.Errorf("smalltalk(%q) = %q, %q; want %q, %q", tt.text, kind, rest, tt.kind, tt.question)
			}
		})
	}
}
