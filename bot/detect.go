package bot

import (
	"strings"
	"unicode"
)

// Function words are the most reliable language cue in short questions:
// nearly every German or English question contains a few of them.
var (
	germanWords = wordSet(`der die das den dem des ein eine einen einem einer ist sind bin bist war
		ich du er sie es wir ihr mich mir dich dir man und oder aber nicht kein keine auch noch nur schon
		wie was wer wo wann warum wieso weshalb welche welcher welches welchen womit wofür
		muss müssen kann können soll sollte sollten brauche braucht brauchen gibt gibts habe hat haben
		werde wird werden wäre würde mit für von zu zum zur bei im am um auf aus nach über ohne
		als gut viel viele mehr sehr lohnt geht dass wenn mein meine hallo danke bitte welchen
		arbeit beruf ausbildung studium entwickler entwicklerin gehalt`)
	englishWords = wordSet(`the a an is are am was were be been i you he she it we they me my your
		and or but not no also only just what who where when why how which do does did can could should
		would will must need needs have has get got there this that these those of to for with from in on
		at by about as than any some much many more hello thanks without one thank please job work developer
		become becoming salary degree skills career`)
)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }

// DetectLang guesses whether text is German or English. sure is false when
// the evidence is too thin to decide (a single word, an emoji, a name); the
// caller then falls back to the conversation's language or the user's
// locale.
func DetectLang(text string) (lang Lang, sure bool) {
	return detectLower(strings.ToLower(text))
}

// detectLower is DetectLang for text already in lower case.
func detectLower(lower string) (lang Lang, sure bool) {
	lang, margin := detectMargin(lower)
	return lang, margin >= 1
}

// detectMargin is DetectLang for lower-case text, with how far the
// language's evidence leads the other's (0 when it is a default).
func detectMargin(lower string) (lang Lang, margin float64) {
	var de, en float64
	for _, r := range lower {
		switch r {
		case 'ä', 'ö', 'ü', 'ß':
			de += 1.5
		}
	}
	for w := range strings.FieldsFuncSeq(lower, notLetter) {
		if germanWords[w] {
			de++
		}
		if englishWords[w] {
			en++
		}
		switch {
		case strings.HasSuffix(w, "ung"), strings.HasSuffix(w, "keit"), strings.HasSuffix(w, "heit"),
			strings.HasSuffix(w, "lich"), strings.HasSuffix(w, "isch"), strings.Contains(w, "sch"):
			de += 0.5
		case strings.HasSuffix(w, "ing") && len(w) > 5, strings.HasSuffix(w, "tion"),
			strings.HasPrefix(w, "th"), strings.HasSuffix(w, "'s"), strings.HasSuffix(w, "ly"):
			en += 0.5
		}
	}
	switch {
	case de > en:
		return German, de - en
	case en > de:
		return English, en - de
	}
	return German, 0
}
