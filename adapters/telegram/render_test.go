package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestRenderEscapesEverything(t *testing.T) {
	r := bot.Reply{
		Lang:     bot.German,
		Question: `Was ist <script>alert("x")</script>?`,
		Text:     "Entwickler*innen & <Teams>\n\n- **fett <i>** und *kein* Fett\n- \"Zitat\" 'hier'",
		Suggestions: []bot.Suggestion{
			{EntryID: "entry-overview", Question: "A & B <c>"},
		},
	}
	for name, out := range map[string]string{"reply": replyHTML(r), "post": postHTML(r, telegramfake.BotName)} {
		if err := checkTags(out); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
		for _, bad := range []string{"<script>", "<Teams>", "<i>", "<c>"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: %q left unescaped in %q", name, bad, out)
			}
		}
	}
	if got := replyHTML(r); !strings.Contains(got, "Entwickler*innen &amp; &lt;Teams&gt;") || !strings.Contains(got, "• <b>fett &lt;i&gt;</b> und *kein* Fett") {
		t.Errorf("replyHTML = %q", got)
	}
}

// allowed are the tags Telegram's HTML mode accepts that we produce.
var tagPattern = regexp.MustCompile(`<(/?)([a-z]+)[^>]*>`)

// checkTags reports unbalanced or unknown tags and stray '<' or '&'.
func checkTags(s string) error {
	var stack []string
	for _, m := range tagPattern.FindAllStringSubmatch(s, -1) {
		name := m[2]
		if name != "b" && name != "a" {
			return fmt.Errorf("unexpected tag %q", m[0])
		}
		if m[1] == "" {
			stack = append(stack, name)
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != name {
			return fmt.Errorf("unbalanced %q", m[0])
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %v", stack)
	}
	rest := tagPattern.ReplaceAllString(s, "")
	if strings.ContainsAny(rest, "<>") {
		return fmt.Errorf("stray angle bracket in %q", rest)
	}
	if html.UnescapeString(rest) == rest && strings.Contains(rest, "&") {
		return fmt.Errorf("unescaped & in %q", rest)
	}
	return nil
}

func TestSplitHTML(t *testing.T) {
	word := "Datenbank "
	tests := []struct {
		name  string
		in    string
		limit int
		parts int
	}{
		{"short", "Hallo <b>Welt</b>", 100, 1},
		{"paragraphs", "eins eins eins\n\nzwei zwei zwei\n\ndrei drei drei", 20, 3},
		{"paragraphs packed", "eins\n\nzwei\n\ndrei", 12, 2},
		{"lines of one paragraph", "• eins eins eins\n• zwei zwei zwei\n• drei drei drei", 20, 3},
		{"bold across the cut", "<b>" + strings.Repeat(word, 30) + "</b>", 100, 4},
		{"link across the cut", `<a href="https://t.me/x?start=y">` + strings.Repeat(word, 30) + "</a>", 120, 4},
		{"entities are not cut", strings.Repeat("&amp;&lt;", 40), 50, 8},
		{"emoji count twice", strings.Repeat("👍 ", 30), 20, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitHTML(tt.in, tt.limit)
			if len(parts) != tt.parts {
				t.Errorf("%d parts %q, want %d", len(parts), parts, tt.parts)
			}
			var plain string
			for i, p := range parts {
				if textLen(p) > tt.limit {
					t.Errorf("part %d has %d units > %d: %q", i, textLen(p), tt.limit, p)
				}
				if err := checkTags(p); err != nil {
					t.Errorf("part %d %q: %v", i, p, err)
				}
				plain += visible(p)
			}
			if want := visible(tt.in); plain != want {
				t.Errorf("text changed:\n got %q\nwant %q", plain, want)
			}
		})
	}
}

// visible is the visible text of HTML without whitespace, to compare parts
// with the whole.
func visible(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagPattern.ReplaceAllString(s, ""))), "")
}

func TestSnippet(t *testing.T) {
	got := snippet("Ja, als **Quereinsteiger*in** hast du\n\n- gute\n- Chancen", 30)
	if want := "Ja, als Quereinsteiger*in…"; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
}
