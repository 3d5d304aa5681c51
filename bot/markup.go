package bot

import "strings"

// Renderer turns the knowledge base's light markup into a platform format.
type Renderer struct {
	// Escape makes plain text safe for the platform (HTML entities, Slack's
	// &, <, >). Nil leaves text as it is.
	Escape func(string) string
	// Bold wraps already-escaped text in the platform's bold markup. Nil
	// drops the emphasis.
	Bold func(string) string
	// Bullet prefixes a list item; "" keeps "- ".
	Bullet string
}

// Render converts text in the knowledge base's markup (see Reply.Text).
// A single asterisk is literal (German gender star: Entwickler*innen), and
// "**" that does not pair up on its line is kept as text too, so no editor's
// typo can break a platform's parser.
func (r Renderer) Render(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		prefix := ""
		if rest, ok := strings.CutPrefix(line, "- "); ok {
			prefix, line = "- ", rest
			if r.Bullet != "" {
				prefix = r.Bullet
			}
		}
		lines[i] = prefix + r.renderInline(line)
	}
	return strings.Join(lines, "\n")
}

func (r Renderer) renderInline(line string) string {
	escape := r.Escape
	if escape == nil {
		escape = func(s string) string { return s }
	}
	var b strings.Builder
	for {
		open := strings.Index(line, "**")
		if open < 0 {
			break
		}
		end := strings.Index(line[open+2:], "**")
		if end <= 0 {
			break
		}
		inner := line[open+2 : open+2+end]
		b.WriteString(escape(line[:open]))
		if r.Bold != nil {
			b.WriteString(r.Bold(escape(inner)))
		} else {
			b.WriteString(escape(inner))
		}
		line = line[open+2+end+2:]
	}
	b.WriteString(escape(line))
	return b.String()
}
