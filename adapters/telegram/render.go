package telegram

import (
	"html"
	"net/url"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot"
)

// maxMessageLen is Telegram's limit on a message's text. It counts the
// text after parsing; counting the HTML with its tags, in UTF-16 units as
// Telegram does, stays on the safe side.
const maxMessageLen = 4096

// maxButtonRunes keeps button labels readable; Telegram clips longer ones.
const maxButtonRunes = 60

// renderer renders the knowledge base's markup as Telegram HTML; every
// text is escaped, so no entry can break the parse mode.
var renderer = bot.Renderer{
	Escape: html.EscapeString,
	Bold:   func(s string) string { return "<b>" + s + "</b>" },
	Bullet: "• ",
}

// replyHTML renders a reply for the chat it answers.
func replyHTML(r bot.Reply) string {
	return renderer.Render(r.Text)
}

// postHTML renders an entry's answer to stand on its own, in a channel or
// sent through inline mode: its question as the title, the answer and the
// follow-ups as deep links into a private chat with the bot.
func postHTML(r bot.Reply, botName string) string {
	var b strings.Builder
	b.WriteString("<b>" + html.EscapeString(r.Question) + "</b>\n\n")
	b.WriteString(renderer.Render(r.Text))
	if len(r.Suggestions) > 0 && botName != "" {
		b.WriteString("\n\n" + r.Lang.Pick("<b>Mehr dazu:</b>", "<b>Related:</b>"))
		for _, s := range r.Suggestions {
			b.WriteString("\n• " + link(deepLink(botName, s.EntryID), s.Question))
		}
	}
	if botName != "" {
		b.WriteString("\n\n" + link("https://t.me/"+url.PathEscape(botName),
			r.Lang.Pick("Frag den Karriere-Bot", "Ask the career bot")) + " 💬")
	}
	return b.String()
}

// deepLink opens entry id in a private chat with the bot. Entry ids are
// valid /start payloads (at most 64 of [a-z0-9_-]); any other id gets a
// plain link to the bot.
func deepLink(botName, id string) string {
	u := "https://t.me/" + url.PathEscape(botName)
	if validPayload(id) {
		u += "?start=" + id
	}
	return u
}

func link(href, text string) string {
	return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + "</a>"
}

// snippet is the start of an answer as plain text, for inline results'
// descriptions.
func snippet(text string, n int) string {
	text = strings.ReplaceAll(text, "**", "")
	text = strings.Join(strings.Fields(strings.ReplaceAll(text, "\n- ", "\n")), " ")
	return cut(text, n)
}

// cut shortens s to n runes, at a word boundary when there is one near
// the end, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	for i := len(r) - 1; i > len(r)*2/3; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return strings.TrimRight(string(r), " ,.;:") + "…"
}

// textLen counts s the way Telegram does: in UTF-16 code units.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitHTML splits a message into parts of at most limit, at paragraph
// boundaries, else at line breaks, else between words; a tag or entity is
// never cut, and a tag open across a cut is closed and opened again.
func splitHTML(s string, limit int) []string {
	if textLen(s) <= limit {
		return []string{s}
	}
	var parts []string
	var cur string
	add := func(piece, sep string) {
		if cur != "" && textLen(cur)+textLen(sep)+textLen(piece) > limit {
			parts = append(parts, cur)
			cur = ""
		}
		if cur != "" {
			cur += sep
		}
		cur += piece
	}
	for para := range strings.SplitSeq(s, "\n\n") {
		if textLen(para) <= limit {
			add(para, "\n\n")
			continue
		}
		first := true
		for line := range strings.SplitSeq(para, "\n") {
			for _, piece := range cutLine(line, limit) {
				sep := "\n"
				if first {
					sep, first = "\n\n", false
				}
				add(piece, sep)
			}
		}
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	return parts
}

// cutLine cuts one over-long line of HTML into pieces of at most limit.
func cutLine(line string, limit int) []string {
	var pieces []string
	var reopen string // the open tags carried over from the previous piece
	for textLen(reopen+line) > limit {
		text := reopen + line
		at, open := cutPoint(text, limit)
		if at <= len(reopen) {
			return append(pieces, text) // no room beside the tags; let Telegram refuse it
		}
		piece := strings.TrimRight(text[:at], " ")
		for i := len(open) - 1; i >= 0; i-- {
			piece += "</" + tagName(open[i]) + ">"
		}
		pieces = append(pieces, piece)
		line = strings.TrimLeft(text[at:], " ")
		reopen = strings.Join(open, "")
		if line == "" {
			return pieces
		}
	}
	return append(pieces, reopen+line)
}

// cutPoint finds where to cut s so that the piece, with its open tags
// closed, fits limit: after the last space outside a tag, else at the last
// rune outside a tag or entity. It returns the byte offset and the tags
// open there.
func cutPoint(s string, limit int) (int, []string) {
	var (
		open, openAtSpace, openAtRune []string
		space, safe                   = -1, -1
		n                             int
		inTag, inEntity               bool
		tagStart                      int
	)
	closing := func(tags []string) int {
		c := 0
		for _, t := range tags {
			c += len(tagName(t)) + 3
		}
		return c
	}
	for i, r := range s {
		if !inTag && !inEntity {
			if n+closing(open) > limit {
				break
			}
			if i > 0 {
				safe, openAtRune = i, append([]string(nil), open...)
			}
			if r == ' ' {
				space, openAtSpace = i, append([]string(nil), open...)
			}
		}
		switch {
		case r == '<':
			inTag, tagStart = true, i
		case r == '>' && inTag:
			inTag = false
			tag := s[tagStart : i+1]
			if strings.HasPrefix(tag, "</") {
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			} else {
				open = append(open, tag)
			}
		case r == '&' && !inTag:
			inEntity = true
		case r == ';' && inEntity:
			inEntity = false
		}
		n += utf16.RuneLen(r)
	}
	if space > 0 {
		return space, openAtSpace
	}
	if safe > 0 {
		return safe, openAtRune
	}
	return len(s), nil // a single unbreakable token longer than the limit
}

// tagName is the element name of an opening tag such as `<a href="…">`.
func tagName(tag string) string {
	name := strings.TrimPrefix(tag, "<")
	if i := strings.IndexAny(name, " >"); i >= 0 {
		name = name[:i]
	}
	return name
}
