package insights

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TerminalSafe returns s fit to print on a terminal: terminal escape
// sequences (CSI, OSC, DCS and the like, 7-bit and 8-bit) are removed
// whole, other control characters and bidirectional overrides are
// dropped, line breaks and tabs become spaces, and broken UTF-8 becomes
// U+FFFD. Stored question texts and ids come from anyone who can write
// to the bot; printed raw, they could recolour, retitle or rewrite the
// reader's terminal.
func TerminalSafe(s string) string {
	if isTerminalSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			// 8-bit CSI, OSC, DCS, SOS, PM, APC: a sequence follows.
			i = skipSequence(s, i+size, r == 0x9b)
			continue
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isTerminalSafe reports whether TerminalSafe would return s unchanged.
func isTerminalSafe(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return false
			}
		}
		if unsafeRune(r) {
			return false
		}
	}
	return true
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || // C0, DEL and C1
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// skipEscape returns the index after the escape sequence whose ESC ends
// at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipSequence(s, i+1, true)
	case ']', 'P', 'X', '^', '_':
		return skipSequence(s, i+1, false)
	}
	if s[i] >= 0x20 && s[i] <= 0x2f { // intermediates, then a final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipSequence returns the index after a control sequence starting at i:
// a CSI ends at its final byte (0x40-0x7e); a string sequence (OSC, DCS
// and the like) at BEL or ST (ESC \ or 0x9c). An unfinished one runs to
// the end.
func skipSequence(s string, i int, csi bool) int {
	if csi {
		for i < len(s) {
			c := s[i]
			i++
			if c >= 0x40 && c <= 0x7e {
				return i
			}
			if c < 0x20 || c >= 0x7f {
				return i - 1 // not a CSI after all: keep what follows
			}
		}
		return i
	}
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}
