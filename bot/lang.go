package bot

import (
	"fmt"
	"strings"
)

// Lang is a reply language: German or English.
type Lang string

// The languages the bot answers in.
const (
	German  Lang = "de"
	English Lang = "en"
)

// Langs lists the supported languages in their display order.
var Langs = []Lang{German, English}

// ParseLang reads a language code such as "de", "EN" or "de-AT". The empty
// string yields "" and no error, meaning "not given".
func ParseLang(s string) (Lang, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	switch Lang(s) {
	case German, English:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unsupported language %q: use de or en", s)
}

// LangFromLocale maps a platform locale ("de-DE", "en_US", "fr") to a
// supported language, or "" when the locale is neither German nor English.
func LangFromLocale(locale string) Lang {
	l, err := ParseLang(locale)
	if err != nil {
		return ""
	}
	return l
}

// Pick returns the text for l from a German/English pair.
func (l Lang) Pick(de, en string) string {
	if l == English {
		return en
	}
	return de
}
