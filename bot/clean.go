package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes a message safe to process: invalid UTF-8 and control
// characters are dropped, whitespace is collapsed and the text is cut to
// MaxQuestionRunes. It never fails; the result may be empty.
func Clean(text string) string {
	if isClean(text) {
		return text // the common case: nothing to drop, no copy
	}
	return cleanCopy(text)
}

// cleanCopy is Clean's general case, building a cleaned copy.
func cleanCopy(text string) string {
	if len(text) > 4*MaxQuestionRunes {
		text = text[:4*MaxQuestionRunes] // a rune is at most 4 bytes
	}
	text = strings.ToValidUTF8(text, "")
	var b strings.Builder
	b.Grow(len(text))
	space := false
	n := 0
	for _, r := range text {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError ||
			unicode.Is(unicode.Cf, r) && r != '\u200d' {
			space = b.Len() > 0
			continue
		}
		if n >= MaxQuestionRunes || space && n+1 >= MaxQuestionRunes {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
			n++
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// hasWords reports whether text contains a letter or digit, so that a
// message of only emoji or punctuation gets the "please ask" reply.
func hasWords(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isClean reports whether Clean would return text unchanged: at most
// MaxQuestionRunes runes (checked by bytes, conservatively), valid UTF-8,
// no control or format characters, single ASCII spaces between words only.
func isClean(text string) bool {
	if text == "" || len(text) > MaxQuestionRunes || text[0] == ' ' || text[len(text)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && prevSpace {
				return false
			}
			prevSpace = c == ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return true
}
