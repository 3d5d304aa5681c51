package console

import "testing"

func TestCSVSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Wie backe ich Brot?", "Wie backe ich Brot?"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+49 30", "'+49 30"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := csvSafe(tt.in); got != tt.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
