package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// markdownHTML renders the small part of Markdown the README's privacy
// section uses: "#" headings, paragraphs, "- " lists whose items continue
// on indented lines, **bold**, `code` and [links](url). Everything else is
// text; all text is escaped.
func markdownHTML(md string) template.HTML {
	var b strings.Builder
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		block = strings.Trim(block, "\n")
		switch {
		case block == "":
		case strings.HasPrefix(block, "#"):
			level := len(block) - len(strings.TrimLeft(block, "#"))
			level = min(level, 6)
			tag := "h" + string(rune('0'+level))
			b.WriteString("<" + tag + ">" + mdInline(strings.TrimSpace(block[level:])) + "</" + tag + ">\n")
		case strings.HasPrefix(block, "- "):
			b.WriteString("<ul>\n")
			for _, item := range strings.Split("\n"+block, "\n- ")[1:] {
				b.WriteString("<li>" + mdInline(joinLines(item)) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		default:
			b.WriteString("<p>" + mdInline(joinLines(block)) + "</p>\n")
		}
	}
	return template.HTML(b.String())
}

func joinLines(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	mdBold = regexp.MustCompile(`\*\*(.+?)\*\*`)
	mdCode = regexp.MustCompile("`([^`]+)`")
	mdLink = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// mdInline escapes s, then turns the inline markup into tags. Link targets
// are kept only when they are http(s) or relative.
func mdInline(s string) string {
	s = html.EscapeString(s)
	s = mdCode.ReplaceAllString(s, "<code>$1</code>")
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	return mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		href := p[2]
		if strings.Contains(href, ":") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
			return p[1]
		}
		return `<a href="` + href + `">` + p[1] + `</a>`
	})
}
