package insights

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/careerbot/careerbot/bot"
)

func TestTerminalSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Wie werde ich Backend-Entwickler?", "Wie werde ich Backend-Entwickler?"},
		{"umlauts and emoji", "Größe 👍🏽 👨‍💻", "Größe 👍🏽 👨‍💻"},
		{"colour", "\x1b[31mrot\x1b[0m", "rot"},
		{"clear screen", "a\x1b[2J\x1b[Hb", "ab"},
		{"private mode", "a\x1b[?1049hb", "ab"},
		{"window title (OSC, BEL)", "a\x1b]0;pwned\x07b", "ab"},
		{"hyperlink (OSC 8, ST)", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"two-byte escape", "a\x1bcb", "ab"},
		{"charset escape", "a\x1b(0b", "ab"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC", "a\u009d0;t\u009cb", "ab"},
		{"lone ESC at end", "abc\x1b", "abc"},
		{"unfinished CSI", "abc\x1b[31", "abc"},
		{"controls", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"line breaks", "a\nb\r\nc\td", "a b  c d"},
		{"bidi override", "invoice\u202egnp.exe", "invoicegnp.exe"},
		{"broken UTF-8", "a\xffb", "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TerminalSafe(tt.in)
			if got != tt.want {
				t.Errorf("TerminalSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, r := range got {
				if unicode.IsControl(r) {
					t.Errorf("control character %U left in %q", r, got)
				}
			}
			if TerminalSafe(got) != got {
				t.Errorf("not idempotent on %q", got)
			}
		})
	}
}

func FuzzTerminalSafe(f *testing.F) {
	for _, s := range []string{"\x1b[31mx", "\x1b]0;t\x07", "a\u009b1m", "\xff\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := TerminalSafe(s)
		if strings.ContainsRune(got, 0x1b) || strings.ContainsRune(got, 0x9b) {
			t.Errorf("TerminalSafe(%q) = %q keeps an escape", s, got)
		}
	})
}

// TestReportTextStripsEscapes logs questions, an adapter name and a vote
// carrying terminal escape sequences, as unchecked platform input could,
// and checks that the text report prints none of them.
func TestReportTextStripsEscapes(t *testing.T) {
	ctx := context.Background()
	st, _ := newFixture(t)
	evil := []string{"\x1b]0;pwned\x07Darf ich \x1b[31mrot\x1b[0m schreiben?", "\x1b[2J\x1b[HDarf ich\u009b31m löschen?\x07"}
	for i, text := range evil {
		err := st.LogQuestion(ctx, bot.Question{At: fixtureNow.Add(-time.Hour), Platform: "\x1b[5mapi", User: fmt.Sprintf("evil-%d", i),
			Text: text, Lang: bot.German, Kind: bot.KindFallback})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB().ExecContext(ctx, `INSERT INTO feedback (entry_id, lang, helpful, platform, user, created_at, variant)
		VALUES (?, 'de', 1, 'telegram', 'evil', ?, '')`, "\x1b]8;;http://evil.example\x1b\\entry\x1b]8;;\x1b\\", fixtureNow.Add(-time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, st, fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, r := range out {
		if unicode.IsControl(r) && r != '\n' {
			t.Errorf("the text report contains %U", r)
		}
	}
	for _, junk := range []string{"pwned", "evil.example", `\x1b`, `\a`} {
		if strings.Contains(out, junk) {
			t.Errorf("the text report contains %q", junk)
		}
	}
	if !strings.Contains(out, "Darf ich rot schreiben?") {
		t.Errorf("the question's own words are gone:\n%s", out)
	}
}
