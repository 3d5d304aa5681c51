package slack

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/careerbot/careerbot/bot"
)

// Slack's size limits for the blocks this adapter sends.
const (
	maxSectionText = 3000 // characters in a section's text
	maxButtonText  = 75   // characters on a button
	maxFallback    = 3000 // what we put into a message's notification text
	maxHeaderText  = 150
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes text safe for Slack's mrkdwn: &, < and > are the only
// characters Slack requires to be escaped, and unescaped < would let
// knowledge-base text smuggle in mentions such as <!channel>.
func escape(s string) string { return escaper.Replace(s) }

// mrkdwn renders the knowledge base's markup as Slack mrkdwn.
var mrkdwn = bot.Renderer{
	Escape: escape,
	Bold:   bold,
	Bullet: "• ",
}

// bold wraps already-escaped text in Slack's *bold*. An asterisk inside
// would close the span early, so "*Quereinsteiger*innen*" shows
// "innen*" unbolded: the gender star becomes ∗ (U+2217), which looks the
// same. Slack also ignores a span that starts or ends with a space, so
// such spaces move outside it.
func bold(s string) string {
	inner := strings.TrimSpace(s)
	if inner == "" {
		return s
	}
	lead := s[:strings.Index(s, inner)]
	trail := s[len(lead)+len(inner):]
	return lead + "*" + strings.ReplaceAll(inner, "*", "∗") + "*" + trail
}

// plain renders the markup without emphasis, for notification texts.
var plain = bot.Renderer{Escape: escape, Bullet: "• "}

// slackMarkup matches Slack's angle-bracket markup in incoming text:
// <@U123>, <#C123|name>, <!here>, <https://…|label>.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// incomingText turns an incoming Slack message into the question as typed:
// user and special mentions are dropped, channels and links become their
// label, and Slack's entity escapes are undone.
func incomingText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "!"):
			return ""
		case strings.HasPrefix(target, "#"):
			if hasLabel {
				return "#" + label
			}
			return ""
		case hasLabel:
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	})
	return strings.TrimSpace(unescaper.Replace(s))
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// chunks splits rendered text into pieces of at most n runes for separate
// section blocks, preferring paragraph, then line, then word boundaries.
func chunks(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		r := []rune(s)
		head := string(r[:n])
		cut := strings.LastIndex(head, "\n\n")
		if cut <= 0 {
			cut = strings.LastIndex(head, "\n")
		}
		if cut <= 0 {
			cut = strings.LastIndex(head, " ")
		}
		if cut <= 0 {
			cut = len(head)
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}
