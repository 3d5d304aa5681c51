package bot

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Was macht ein Backend-Entwickler?", "Was macht ein Backend-Entwickler?"},
		{"empty", "", ""},
		{"only whitespace", " \t\r\n\u00a0\u2003 ", ""},
		{"collapse whitespace", "  Was \t macht\n\n ein   Entwickler?  ", "Was macht ein Entwickler?"},
		{"invalid UTF-8 dropped", "Pr\xfcfung \xff\xfeok\xc3\x28", "Prfung ok("},
		{"control chars are spaces", "Daten\x00bank\x07\x1b[31mrot", "Daten bank [31mrot"},
		{"DEL and C1 controls", "a\x7fb\u0085c", "a b c"},
		{"zero-width and bidi marks", "Ja\u200bva\u202e\ufeff", "Ja va"},
		{"zero-width joiner kept in emoji", "👨\u200d💻", "👨\u200d💻"},
		{"replacement char", "a\ufffdb", "a b"},
		{"umlauts kept", "Prüfung für Größe", "Prüfung für Größe"},
		{"leading control", "\x00\x01Hallo", "Hallo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Clean(got); again != got {
				t.Errorf("Clean is not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestCleanCapsLength(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"ascii", strings.Repeat("a", 5000)},
		{"umlauts", strings.Repeat("ä", 5000)},
		{"emoji", strings.Repeat("🙂", 5000)},
		{"words", strings.Repeat("Datenbank ", 1<<20/10)},
		{"cut inside a rune", strings.Repeat("a", 4*MaxQuestionRunes-1) + "ä"},
		{"1 MB mixed", strings.Repeat("Prüfung\x00 \xff🙂 ", 1<<20/16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if n := utf8.RuneCountInString(got); n > MaxQuestionRunes || n == 0 {
				t.Errorf("Clean returned %d runes, want 1..%d", n, MaxQuestionRunes)
			}
			if !utf8.ValidString(got) {
				t.Error("Clean returned invalid UTF-8")
			}
			if strings.TrimSpace(got) != got {
				t.Errorf("Clean left outer whitespace: %q…%q", got[:10], got[len(got)-10:])
			}
		})
	}
}

func TestHasWords(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false}, {"🙂👍🏽", false}, {"?!…", false}, {"***", false},
		{"a", true}, {"42", true}, {"Ärger", true}, {"开发", true},
	}
	for _, tt := range tests {
		if got := hasWords(tt.in); got != tt.want {
			t.Errorf("hasWords(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzClean checks Clean's promises on arbitrary input: valid UTF-8, no
// control characters, at most MaxQuestionRunes, idempotent.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", " ", "Pr\xfcfung", "a\x00b", "👨\u200d💻", strings.Repeat("ab ", 600), "\u202e\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Clean(in)
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q: invalid UTF-8", in, got)
		}
		if n := utf8.RuneCountInString(got); n > MaxQuestionRunes {
			t.Fatalf("Clean returned %d runes", n)
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("Clean(%q) = %q keeps control character %U", in, got, r)
			}
		}
		if again := Clean(got); again != got {
			t.Fatalf("Clean(%q) = %q, but Clean of that = %q", in, got, again)
		}
		// The no-copy fast path must agree with the general case.
		if isClean(in) {
			if slow := cleanCopy(in); slow != in {
				t.Fatalf("isClean(%q) but cleanCopy gives %q", in, slow)
			}
		}
	})
}
