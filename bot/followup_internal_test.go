package bot

import "testing"

func TestClearBesideLast(t *testing.T) {
	e := &Engine{answer: 0.5, clarify: 0.3}
	last := Entry{ID: "last", Related: []string{"rel"}}
	tests := []struct {
		name string
		own  []Match
		want string
	}{
		{"the last answer competed: the other one", []Match{{"other", 0.34}, {"last", 0.3}, {"far", 0.08}}, "other"},
		{"a related entry leads clearly", []Match{{"rel", 0.4}, {"far", 0.1}}, "rel"},
		{"an unrelated entry without the last answer beside it", []Match{{"other", 0.4}, {"far", 0.1}}, ""},
		{"two close candidates stay a did-you-mean", []Match{{"rel", 0.4}, {"other", 0.35}}, ""},
		{"below the clarify threshold", []Match{{"rel", 0.25}}, ""},
		{"only the last answer", []Match{{"last", 0.45}}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.clearBesideLast(tt.own, last); got != tt.want {
				t.Errorf("clearBesideLast(%v) = %q, want %q", tt.own, got, tt.want)
			}
		})
	}
}

func TestAsksWhy(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"warum?", true},
		{"wieso denn genau?", true},
		{"but why exactly?", true},
		{"why do firms hire freelancers?", false},
		{"eigentlich", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := asksWhy(tt.text); got != tt.want {
				t.Errorf("asksWhy(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
