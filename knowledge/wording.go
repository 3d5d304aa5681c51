package knowledge

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// The wording checks of an import: the register of German answers ("du"
// and the formal "Sie"), the placeholders answers may use, and the
// gender-neutral titles shown on buttons, menus and headings. They speak
// to editors, not programmers.

// Placeholders are the only {…} an answer may hold; the engine fills them
// in from the configuration.
var Placeholders = []string{"{recruiter}", "{contact}"}

// placeholderPattern finds what looks like a placeholder: a word in curly
// braces ("{kontakt}", "{ contact }"). Braces around anything else, such
// as a JSON example, are left alone.
var placeholderPattern = regexp.MustCompile(`\{\s*[\p{L}_][\p{L}\p{N}_ -]{0,30}\}`)

// unknownPlaceholders lists the placeholder-like words in s that the
// engine does not fill in, in order of appearance.
func unknownPlaceholders(s string) []string {
	var out []string
	for _, p := range placeholderPattern.FindAllString(s, -1) {
		known := false
		for _, k := range Placeholders {
			known = known || p == k
		}
		if !known {
			out = append(out, p)
		}
	}
	return out
}

// placeholderHint says which known placeholder an unknown one probably
// meant.
func placeholderHint(p string) string {
	w := strings.ToLower(p)
	switch {
	case strings.Contains(w, "kont") || strings.Contains(w, "cont") || strings.Contains(w, "mail") || strings.Contains(w, "adress"):
		return "did you mean {contact}?"
	case strings.Contains(w, "recr") || strings.Contains(w, "team") || strings.Contains(w, "name"):
		return "did you mean {recruiter}?"
	}
	return "use {recruiter} for the recruiting team's name or {contact} for the team and how to reach it"
}

// duForms are the words that address the reader informally.
var duForms = map[string]bool{
	"du": true, "dich": true, "dir": true, "dein": true, "deine": true, "deinen": true,
	"deinem": true, "deiner": true, "deines": true, "deins": true,
}

// duWord returns the first word of s that addresses the reader as "du",
// or "".
func duWord(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if duForms[strings.ToLower(w)] {
			return w
		}
	}
	return ""
}

// validateRegister checks a text's formal forms: a German answer (or
// variant) that says "du" needs its "Sie" form beside it, the "Sie" form
// must not say "du", and only German has a "Sie" form.
func validateRegister(entry, lang string, t Text, add func(entry, field, format string, args ...any)) {
	field := "texts." + lang
	if lang != "de" {
		if t.AnswerSie != "" {
			add(entry, field+".answer_sie", "only German answers have a formal \"Sie\" form; remove answer_sie here")
		}
		if t.VariantSie != "" {
			add(entry, field+".variant_sie", "only German answers have a formal \"Sie\" form; remove variant_sie here")
		}
		return
	}
	for _, f := range []struct{ name, informal, formal, formalName string }{
		{"answer", t.Answer, t.AnswerSie, "answer_sie"},
		{"variant", t.Variant, t.VariantSie, "variant_sie"},
	} {
		if w := duWord(f.informal); w != "" && strings.TrimSpace(f.formal) == "" {
			add(entry, field+"."+f.formalName, "missing: the %s says %q to the reader, so people who write formally need the same text with \"Sie\" in %s",
				f.name, w, f.formalName)
		}
		if w := duWord(f.formal); w != "" {
			add(entry, field+"."+f.formalName, "is the formal text but still says %q: write it with \"Sie\", \"Ihnen\", \"Ihr\"", w)
		}
		if f.formal != "" && strings.TrimSpace(f.formal) == "" || len(f.formal) > maxAnswerLen {
			add(entry, field+"."+f.formalName, "blank or longer than %d bytes", maxAnswerLen)
		}
	}
	if t.VariantSie != "" && t.Variant == "" {
		add(entry, field+".variant_sie", "is the formal form of the variant, but there is no variant: add the variant or remove variant_sie")
	}
}

// validatePlaceholders reports every {…} in a text's answers that the
// engine would show as written.
func validatePlaceholders(entry, lang string, t Text, add func(entry, field, format string, args ...any)) {
	for _, f := range []struct{ name, text string }{
		{"answer", t.Answer}, {"answer_sie", t.AnswerSie}, {"variant", t.Variant}, {"variant_sie", t.VariantSie},
	} {
		for _, p := range unknownPlaceholders(f.text) {
			add(entry, "texts."+lang+"."+f.name, "%s is not a placeholder careerbot fills in, so readers would see it as written: %s",
				p, placeholderHint(p))
		}
	}
}

// masculineTitles are role titles whose plain form names only men. A
// word ending in one of them (with a plural or genitive ending) counts:
// "Backend-Entwickler", "Quereinsteigern", "Fachinformatikers".
var masculineTitles = []string{
	"entwickler", "programmierer", "informatiker", "einsteiger", "umsteiger", "aussteiger",
	"freiberufler", "spezialist", "generalist", "absolvent", "bewerber", "anfänger",
	"auszubildender", "berater", "administrator", "architekt", "ingenieur", "techniker",
	"student", "mitarbeiter", "kollege", "experte", "profi", "fachmann",
}

// neutralMarkers follow a masculine title to make it gender-neutral:
// "Entwickler*in", "Entwickler:innen", "Entwickler/-in", "Entwickler(in)",
// "Entwickler (m/w/d)".
var neutralMarkers = []string{"*in", ":in", "_in", "/in", "/-in", "(in)", "·in", "(innen)", " (m/w/d)", " (w/m/d)", " (m/f/d)"}

// wordPattern finds words, hyphenated compounds included.
var wordPattern = regexp.MustCompile(`[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*`)

// masculineTitle returns the first role title in s that names only men,
// or "". A title counts as neutral when a marker follows it or when the
// feminine form of the same title appears as well ("Entwicklerinnen und
// Entwickler").
func masculineTitle(s string) string {
	lower := strings.ToLower(s)
	for _, loc := range wordPattern.FindAllStringIndex(s, -1) {
		word := lower[loc[0]:loc[1]]
		stem := masculineStem(word)
		if stem == "" {
			continue
		}
		rest := lower[loc[1]:]
		neutral := strings.Contains(lower, feminine(stem))
		for _, m := range neutralMarkers {
			neutral = neutral || strings.HasPrefix(rest, m)
		}
		if !neutral {
			return s[loc[0]:loc[1]]
		}
	}
	return ""
}

// masculineStem returns the title a word ends in, allowing the endings
// -n, -en and -s, or "".
func masculineStem(word string) string {
	for _, t := range masculineTitles {
		for _, end := range []string{"", "n", "en", "s"} {
			if strings.HasSuffix(word, t+end) {
				return t
			}
		}
	}
	return ""
}

// feminine spells a title's feminine form ("entwickler" → "entwicklerin",
// "kollege" → "kollegin", "fachmann" → "fachfrau").
func feminine(stem string) string {
	switch {
	case stem == "fachmann":
		return "fachfrau"
	case stem == "auszubildender":
		return "auszubildende"
	case strings.HasSuffix(stem, "e"):
		return stem[:len(stem)-1] + "in"
	}
	return stem + "in"
}

// warnTitles reports German topic titles and first questions (the texts
// shown on buttons, menus and headings) that name only men.
func (d *Document) warnTitles() []Problem {
	var ps []Problem
	hint := func(w string) string {
		return fmt.Sprintf("%q names only men, and this text is shown on buttons, menus and headings: "+
			"add *in or *innen (\"Entwickler*in\") or word it neutrally (\"im Backend arbeiten\")", w)
	}
	for i, t := range d.Topics {
		if w := masculineTitle(t.Titles["de"]); w != "" {
			ps = append(ps, Problem{Field: fmt.Sprintf("topics[%d].titles.de", i), Msg: hint(w)})
		}
	}
	for _, e := range d.Entries {
		t, ok := e.Texts["de"]
		if !ok || len(t.Questions) == 0 {
			continue
		}
		if w := masculineTitle(t.Questions[0]); w != "" {
			ps = append(ps, Problem{Entry: e.ID, Field: "texts.de.questions[0]", Msg: hint(w)})
		}
	}
	return ps
}

// promisesAddress finds words that announce an address; after them a
// ": {contact}" leaves the sentence dangling when no contact address is
// configured ("Du erreichst das Team hier.").
var promisesAddress = regexp.MustCompile(`(?i)\b(hier|here|erreich\p{L}*|reach\p{L}*|folgend\p{L}*|following|below|unten)\b`)

// danglingContact returns the word that makes a sentence ending in
// ": {contact}" promise an address, or "".
func danglingContact(s string) string {
	for rest := s; ; {
		i := strings.Index(rest, ": {contact}")
		if i < 0 {
			return ""
		}
		sentence := rest[strings.LastIndexAny(rest[:i], ".!?\n")+1 : i]
		if w := promisesAddress.FindString(sentence); w != "" {
			return w
		}
		rest = rest[i+1:]
	}
}

// warnContact reports answers whose contact sentence only reads well when
// a contact address is configured, or that open a sentence with a
// placeholder.
func (d *Document) warnContact() []Problem {
	var ps []Problem
	for _, e := range d.Entries {
		for _, lang := range sortedKeys(e.Texts) {
			t := e.Texts[lang]
			for _, f := range []struct{ name, text string }{
				{"answer", t.Answer}, {"answer_sie", t.AnswerSie}, {"variant", t.Variant}, {"variant_sie", t.VariantSie},
			} {
				if sentenceStart.MatchString(f.text) {
					ps = append(ps, Problem{Entry: e.ID, Field: "texts." + lang + "." + f.name,
						Msg: "a sentence starts with a placeholder, and the default team name (\"unser Recruiting-Team\", \"our recruiting team\") would start it in lower case: put the placeholder later in the sentence"})
				}
				if w := danglingContact(f.text); w != "" {
					ps = append(ps, Problem{Entry: e.ID, Field: "texts." + lang + "." + f.name,
						Msg: fmt.Sprintf("without a configured contact address \": {contact}\" becomes a full stop, and the sentence with %q would promise an address it does not give: "+
							"name the team instead (\"… hilft dir {contact} weiter.\")", w)})
				}
			}
		}
	}
	return ps
}

// sentenceStart finds a placeholder that opens a sentence: the default
// team name ("unser Recruiting-Team", "our recruiting team") would then
// start it in lower case.
var sentenceStart = regexp.MustCompile(`(^|[.!?]\s+|\n\s*)\{(recruiter|contact)\}`)
