package jobs

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockTags end a line: paragraphs, headings, list items, table rows.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"section": true, "article": true, "header": true, "footer": true, "table": true,
	"blockquote": true, "pre": true, "hr": true, "dd": true, "dt": true, "dl": true,
}

// skipTags' content is never text a reader should see.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"object": true, "svg": true, "head": true, "title": true, "textarea": true, "select": true,
}

// PlainText turns a description's HTML (or plain text) into safe plain
// text: entities decoded, tags, scripts and styles dropped, block elements
// as paragraphs, list items as "- " bullets, whitespace collapsed, control
// characters removed, at most MaxDescriptionRunes runes.
func PlainText(s string) string {
	if !strings.Contains(s, "<") && strings.Contains(s, "&lt;") {
		s = html.UnescapeString(s) // HTML escaped once more, as some feeds send it
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b plainWriter
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF or a broken page: keep what was read
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipTags[tag] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case tag == "li" && tt != html.EndTagToken:
				b.newline(false)
				b.bullet = true
			case tag == "p" || strings.HasPrefix(tag, "h") && len(tag) == 2 && tag != "hr":
				b.newline(true)
			case blockTags[tag]:
				b.newline(false)
			}
		}
		if b.full() {
			return b.String()
		}
	}
}

// plainWriter collects text with collapsed whitespace and paragraph breaks.
type plainWriter struct {
	buf       bytes.Buffer
	runes     int
	pendSpace bool
	pendBreak int // 0, 1 (line) or 2 (paragraph)
	bullet    bool
}

func (w *plainWriter) full() bool { return w.runes >= MaxDescriptionRunes }

func (w *plainWriter) newline(paragraph bool) {
	n := 1
	if paragraph {
		n = 2
	}
	w.pendBreak = max(w.pendBreak, n)
	w.pendSpace = false
	w.bullet = false
}

func (w *plainWriter) text(t []byte) {
	for len(t) > 0 && !w.full() {
		r, size := utf8.DecodeRune(t)
		t = t[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r):
			w.pendSpace = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		w.flush()
		if r == '*' && bytes.HasSuffix(w.buf.Bytes(), []byte("*")) {
			continue // "**" is bold in the bot's markup; a description cannot make bold
		}
		w.buf.WriteRune(r)
		w.runes++
	}
}

// flush writes the pending break or space before the next visible rune.
func (w *plainWriter) flush() {
	if w.buf.Len() > 0 {
		switch {
		case w.pendBreak == 2:
			w.buf.WriteString("\n\n")
			w.runes += 2
		case w.pendBreak == 1:
			w.buf.WriteString("\n")
			w.runes++
		case w.pendSpace:
			w.buf.WriteByte(' ')
			w.runes++
		}
	}
	if w.bullet {
		if w.buf.Len() > 0 && w.pendBreak == 0 {
			w.buf.WriteString("\n")
		}
		w.buf.WriteString("- ")
		w.runes += 2
		w.bullet = false
	}
	w.pendBreak, w.pendSpace = 0, false
}

func (w *plainWriter) String() string { return strings.TrimSpace(w.buf.String()) }

// cleanField makes a short text field safe: entities and tags removed (a
// title may carry "&amp;" or "<b>"), whitespace collapsed, at most
// maxFieldRunes runes.
func cleanField(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = PlainText(s)
	}
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	if utf8.RuneCountInString(s) > maxFieldRunes {
		s = string([]rune(s)[:maxFieldRunes])
	}
	return s
}
