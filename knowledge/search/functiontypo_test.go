package search

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestFunctionTypo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"wat", "what"},   // a letter left out
		{"mutch", "much"}, // a letter too many
		{"teh", "the"},    // neighbours swapped
		{"waht", "what"},  // neighbours swapped
		{"rust", ""},      // a substitution is a word of its own
		{"dentist", ""},   // nothing near
		{"ab", ""},        // too short to tell
		{"müsen", ""},     // only plain ASCII
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := functionTypo(tt.in); got != tt.want {
				t.Errorf("functionTypo(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTypoOfFunctionWordDoesNotSinkQuestion(t *testing.T) {
	docs := map[bot.Lang][]Doc{bot.English: {
		{ID: "salary", Questions: []string{"How much does a backend developer earn?", "backend salary"}, Answer: "Varies."},
		{ID: "tasks", Questions: []string{"What does a backend developer do?", "backend tasks"}, Answer: "Servers."},
		{ID: "switch", Questions: []string{"Can I switch from frontend to backend?"}, Answer: "Yes."},
		{ID: "degree", Questions: []string{"Do I need a degree for backend?"}, Answer: "No."},
		{ID: "team", Questions: []string{"Is teamwork important in backend?"}, Answer: "Yes."},
	}}
	ix := New(docs, nil)
	tests := []struct{ q, want string }{
		{"wat does a backend developer do", "tasks"},
		{"how mutch does a backend developer earn", "salary"},
		{"can i swich from frontend to backend", "switch"}, // a topic word's typo wins
		{"do i need a degre", "degree"},                    // "degre" is the stem of "degree"
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			ms := ix.Search(tt.q, bot.English, 3)
			if len(ms) == 0 || ms[0].EntryID != tt.want || ms[0].Confidence < answerThreshold {
				t.Errorf("Search(%q) = %v, want %s answered", tt.q, ms, tt.want)
			}
		})
	}
}
