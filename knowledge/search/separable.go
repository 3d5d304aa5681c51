package search

import (
	"strings"
	"unicode/utf8"
)

// German separable verbs put their particle at the end of the clause:
// "Wer stellt Backend-Entwickler*innen ein?" asks who hires (einstellen),
// "Wie steige ich ins Backend ein?" how to get in (einsteigen). The
// particle alone is a stop word and the verb alone means something else
// (stellen, steigen), so a question ending in a particle has it joined to
// its finite verb, one of its first words, when the index knows the
// joined verb.
var separableParticles = map[string]bool{
	"ein": true, "an": true, "auf": true, "aus": true, "um": true, "mit": true, "vor": true,
	"zu": true, "nach": true, "zurueck": true, "weiter": true, "wieder": true, "fest": true, "los": true,
}

// verbSlots is how many words from the start of a question the finite
// verb may stand at ("Wer stellt …", "Wie steige ich …", "Ab wann steige
// ich …").
const verbSlots = 3

// joinSeparable rewrites a German question whose last word is a separable
// particle, joining the particle to its verb. Other text comes back as it
// was.
func (li *langIndex) joinSeparable(text string) string {
	var buf [16][2]int // a question has few words: they start on the stack
	spans := buf[:0]
	start := -1
	for i, r := range text {
		in := !notWordRune(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			spans = append(spans, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(text)})
	}
	if len(spans) < 3 {
		return text
	}
	last := spans[len(spans)-1]
	particle := fold(text[last[0]:last[1]])
	if !separableParticles[particle] {
		return text
	}
	for _, sp := range spans[:min(verbSlots, len(spans)-1)] {
		verb := fold(text[sp[0]:sp[1]])
		if !li.knowsVerb(particle + verb) {
			continue
		}
		var b strings.Builder
		b.Grow(len(text))
		b.WriteString(text[:sp[0]])
		b.WriteString(particle)
		b.WriteString(text[sp[0]:last[0]])
		b.WriteString(text[last[1]:])
		return b.String()
	}
	return text
}

// knowsVerb reports whether the index knows a joined verb form, as it
// is or as its infinitive ("einstellt" as "einstellen").
func (li *langIndex) knowsVerb(w string) bool {
	if utf8.RuneCountInString(w) > maxWordLen {
		return false
	}
	inf := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "t"), "s"), "e") + "en"
	for _, f := range [2]string{w, inf} {
		st := li.stem(f)
		if _, ok := li.synWords[st]; ok || li.stems[st] {
			return true
		}
	}
	return false
}
