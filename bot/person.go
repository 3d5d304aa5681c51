package bot

import (
	"strings"
	"unicode"
)

// personPhrases are what people write when they want a human instead of
// the bot, lower-cased and with umlauts folded (ä = ae). A message asks for
// a person when it contains one of them and is short: a long message that
// mentions a person is more likely a question about the job.
var personPhrases = []string{
	"mit einer person", "mit einem menschen", "mit jemandem sprechen", "mit jemandem reden",
	"echte person", "echten person", "echter mensch", "echten menschen",
	"mitarbeiter sprechen", "mitarbeiterin sprechen", "recruiter sprechen", "recruiterin sprechen",
	"mit dem recruiting", "mensch sprechen", "person sprechen",
	"talk to a person", "talk to a human", "speak to a person", "speak to a human",
	"talk to someone", "speak to someone", "to a real person", "with a real person", "with a person", "with a human", "human agent",
	"talk to a recruiter", "speak to a recruiter", "talk to recruiting", "live agent",
}

// maxPersonWords bounds how long a message that asks for a person may be.
const maxPersonWords = 12

// AsksForPerson reports whether text asks to talk to a human rather than
// the bot, in German or English: "Kann ich mit einer Person sprechen?",
// "talk to a human".
func AsksForPerson(text string) bool {
	if len(strings.FieldsFunc(text, unicode.IsSpace)) > maxPersonWords {
		return false
	}
	folded := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(text))
	folded = strings.Join(strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) }), " ")
	for _, p := range personPhrases {
		if strings.Contains(folded, p) {
			return true
		}
	}
	return false
}

// FormOf tells the German form of address a message uses: FormSie for
// "Könnten Sie …", "Guten Tag", else FormDu.
func FormOf(text string) Form {
	if formOf(text, strings.ToLower(text), FormDu) == FormSie {
		return FormSie
	}
	return FormDu
}

// PersonText tells a person who asked for a human that the bot is an
// automated assistant and how to reach the recruiting team directly.
func PersonText(c Contact, lang Lang, form Form) string {
	return lang.Pick("Ich bin ein automatischer Assistent, kein Mensch. ", "I'm an automated assistant, not a person. ") +
		ContactText(c, lang, form)
}

// ContactText says how to reach the recruiting team directly.
func ContactText(c Contact, lang Lang, form Form) string {
	de := "Du erreichst {recruiter} direkt: {contact}"
	if form == FormSie {
		de = "Sie erreichen {recruiter} direkt: {contact}"
	}
	return contactReplacers(c)[lang].Replace(lang.Pick(de, "You can reach {recruiter} directly: {contact}"))
}
