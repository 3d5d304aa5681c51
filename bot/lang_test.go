package bot

import "testing"

func TestParseLang(t *testing.T) {
	tests := []struct {
		in      string
		want    Lang
		wantErr bool
	}{
		{"de", German, false},
		{"en", English, false},
		{"EN", English, false},
		{" De ", German, false},
		{"de-AT", German, false},
		{"en_US", English, false},
		{"en-GB-oxendict", English, false},
		{"", "", false},
		{"   ", "", false},
		{"fr", "", true},
		{"deutsch", "", true},
		{"d", "", true},
		{"-de", "", true},
		{"e n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLang(tt.in)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("ParseLang(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestLangFromLocale(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
	}{
		{"de-DE", German}, {"de_CH", German}, {"en-US", English}, {"en", English},
		{"fr-FR", ""}, {"", ""}, {"xx", ""},
	}
	for _, tt := range tests {
		if got := LangFromLocale(tt.in); got != tt.want {
			t.Errorf("LangFromLocale(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPick(t *testing.T) {
	tests := []struct {
		l    Lang
		want string
	}{{German, "de"}, {English, "en"}, {"", "de"}, {"fr", "de"}}
	for _, tt := range tests {
		if got := tt.l.Pick("de", "en"); got != tt.want {
			t.Errorf("%q.Pick = %q, want %q", tt.l, got, tt.want)
		}
	}
}
