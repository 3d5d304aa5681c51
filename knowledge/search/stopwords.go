package search

import "strings"

// stopwords are function words of either language. Both lists apply to
// every question, since a short question's language is only a guess and
// mixed-language questions ("Wie wichtig ist Cloud Computing?") are normal.
// Words that carry meaning in this domain (job, arbeit, lernen, werden) are
// deliberately absent. The lists are written folded (ae for ä, ss for ß).
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(germanStopwords + " " + englishStopwords) {
		m[fold(w)] = true
	}
	return m
}()

const germanStopwords = `
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
auch auf aus bei beim bin bis bist bitte da dabei dafuer daher damit dann darf darueber darum
das dass dein deine deinem deinen deiner dem den denn der des dessen deshalb die dies diese
diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige einigen
einmal er es etwa etwas euch euer eure fuer gar gegen gewesen hab habe haben hat hatte hatten
hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist ja jede jedem
jeden jeder jedes jene jetzt kann kannst koennen koennte koenntest man manche mein meine meinem
meinen meiner mich mir mit muss musst muessen nach nicht nichts noch nun nur ob oder ohne sehr
sein seine seinem seinen seiner selbst sich sie sind so solche soll sollen sollte solltest
sondern sonst ueber um und uns unser unsere unter viel vom von vor waehrend war waren warst was
weil welche welchem welchen welcher welches wenn wer wie wieder will wir
wo wollen wuerde wuerden zu zum zur zwar zwischen eigentlich genau gibt gibts geht eher mal
wohl ganz halt denn eben etwa irgendwie vielleicht wieso weshalb warum wann womit wofuer wozu
woran worauf hallo hi hey moin servus danke bitte bzw usw ca eigene eigenen eigener
ne nen nem ner fuers ans aufs uebers koennten koenntest wuerdest ob innen
`

const englishStopwords = `
a about above after again against all am an and any are aren as at be because been before being
below between both but by can cannot could couldn did didn do does doesn doing don down during
each few for from further had hadn has hasn have haven having he her here hers herself him
himself his how i if in into is isn it its itself just let me more most my myself no nor not
of off on once only or other ought our ours ourselves out over own same she should shouldn so
some such than that the their theirs them themselves then there these they this those through
to too under until up very was wasn we were weren what when where which while who whom why
will with won would wouldn you your yours yourself yourselves also really actually maybe
hello hi hey thanks thank please i'm im ive id youre dont doesnt whats thats theres
anyone someone something anything kind sort bit lot lots like else
`

// functionMissing maps the function words (stop words and generic words)
// of four or more letters with one letter left out to the word ("wat" to
// "what"): a typo of a function word must not weigh as an unknown topic
// word.
var functionMissing = func() map[string]string {
	m := map[string]string{}
	add := func(words map[string]bool) {
		for w := range words {
			if len(w) < 4 || !isASCII(w) {
				continue
			}
			for i := range len(w) {
				if d := w[:i] + w[i+1:]; m[d] == "" {
					m[d] = w
				}
			}
		}
	}
	add(stopwords)
	add(genericWords)
	return m
}()

// functionTypo returns the function word that w, a word the knowledge base
// does not have, misspells: with one letter left out, one letter too many
// ("mutch") or two neighbours swapped ("teh"); else "". Substitutions are
// not typos here: "Rust" is not "just".
func functionTypo(w string) string {
	n := len(w)
	if n < 3 || n > 12 || !isASCII(w) {
		return ""
	}
	if f, ok := functionMissing[w]; ok {
		return f
	}
	isFunction := func(b []byte) bool { return stopwords[string(b)] || genericWords[string(b)] }
	var buf [12]byte
	if n > 3 {
		for i := range n {
			if b := append(append(buf[:0], w[:i]...), w[i+1:]...); isFunction(b) {
				return string(b)
			}
		}
	}
	for i := 0; i+1 < n; i++ {
		if w[i] == w[i+1] {
			continue
		}
		b := append(buf[:0], w...)
		b[i], b[i+1] = b[i+1], b[i]
		if isFunction(b) {
			return string(b)
		}
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
