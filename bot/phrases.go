package bot

// phraseIn returns the built-in text for a reply kind in lang and, for
// German, the form of address. {recruiter} and {contact} are filled in
// from the configured Contact; every text must read naturally with and
// without a configured name and address (TestPhrasesRead checks each).
func phraseIn(kind Kind, lang Lang, form Form) string {
	p, ok := phrases[kind]
	if !ok {
		return ""
	}
	return p.in(lang, form)
}

// phrasing is one built-in text in German ("du" and "Sie") and English.
// Sie is "" where the German text does not address the reader.
type phrasing struct{ de, sie, en string }

func (p phrasing) in(lang Lang, form Form) string {
	switch {
	case lang == English:
		return p.en
	case form == FormSie && p.sie != "":
		return p.sie
	}
	return p.de
}

// The engine's own replies that are not a reply kind of their own.
const (
	kindConfirm  Kind = "confirm"  // "did you mean X?" with one candidate (a clarify)
	kindNoChoice Kind = "nochoice" // a number that is not on the menu (a clarify)
	kindDeclined Kind = "declined" // "no" to a yes/no question (a fallback)
	kindRepeat   Kind = "repeat"   // the answer was just given (an answer)
	kindNoMore   Kind = "nomore"   // nothing more on the last answer (a clarify)
)

var phrases = map[Kind]phrasing{
	KindGreeting: {
		"Hallo! Ich beantworte Fragen rund um den Beruf **Backend-Entwickler*in**: was man dort tut, wie man hineinkommt, welche Skills zählen und wie die Aussichten sind. Frag einfach drauflos oder wähle ein Thema.",
		"Guten Tag! Ich beantworte Fragen rund um den Beruf **Backend-Entwickler*in**: was man dort tut, wie man hineinkommt, welche Skills zählen und wie die Aussichten sind. Fragen Sie einfach oder wählen Sie ein Thema.",
		"Hi! I answer questions about working as a **backend developer**: what the job involves, how to get into it, which skills matter and what the prospects are. Just ask, or pick a topic.",
	},
	KindThanks: {
		"Gern geschehen! Wenn du noch etwas wissen willst, frag einfach weiter. Bei der Jobsuche hilft dir {contact}.",
		"Gern geschehen! Wenn Sie noch etwas wissen möchten, fragen Sie einfach weiter. Bei der Jobsuche hilft Ihnen {contact}.",
		"You're welcome! Ask me anything else you'd like to know. For help with your job search, contact {contact}.",
	},
	KindAck: {
		"Gut! Wenn du noch etwas wissen möchtest, frag einfach oder wähle ein Thema.",
		"Gut! Wenn Sie noch etwas wissen möchten, fragen Sie einfach oder wählen Sie ein Thema.",
		"Alright! If there's anything else you'd like to know, just ask or pick a topic.",
	},
	KindGoodbye: {
		"Tschüss und viel Erfolg! Wenn du wieder Fragen hast, bin ich da. Bei der Jobsuche hilft dir {contact}.",
		"Auf Wiedersehen und viel Erfolg! Wenn Sie wieder Fragen haben, bin ich da. Bei der Jobsuche hilft Ihnen {contact}.",
		"Bye, and good luck! I'm here whenever you have more questions. For help with your job search, contact {contact}.",
	},
	KindIdentity: {
		"Ich bin ein automatischer Assistent, kein Mensch: Ich beantworte Fragen zum Beruf Backend-Entwickler*in aus einer Wissensbasis, die Recruiter*innen pflegen. Wenn du mit einem Menschen sprechen möchtest, wende dich an {contact}.",
		"Ich bin ein automatischer Assistent, kein Mensch: Ich beantworte Fragen zum Beruf Backend-Entwickler*in aus einer Wissensbasis, die Recruiter*innen pflegen. Wenn Sie mit einem Menschen sprechen möchten, wenden Sie sich an {contact}.",
		"I'm an automated assistant, not a person: I answer questions about the backend developer profession from a knowledge base that recruiters maintain. If you'd like to talk to a person, contact {contact}.",
	},
	KindAbout: {
		"Ich bin careerbot, ein automatischer Assistent. Meine Antworten stammen aus einer Wissensbasis, die {recruiter} schreibt und pflegt. Bei Fragen zu mir hilft dir das Team gern weiter: {contact}.",
		"Ich bin careerbot, ein automatischer Assistent. Meine Antworten stammen aus einer Wissensbasis, die {recruiter} schreibt und pflegt. Bei Fragen zu mir hilft Ihnen das Team gern weiter: {contact}.",
		"I'm careerbot, an automated assistant. My answers come from a knowledge base that {recruiter} writes and maintains. For questions about me, the team is happy to help: {contact}.",
	},
	KindHelp: {
		"Ich bin ein Karriere-Bot für den Beruf **Backend-Entwickler*in**. Stell mir deine Frage in eigenen Worten, auf Deutsch oder Englisch, zum Beispiel: „Kann ich quer einsteigen?“ oder „Welche Programmiersprachen brauche ich?“. Oder wähle eines dieser Themen:",
		"Ich bin ein Karriere-Bot für den Beruf **Backend-Entwickler*in**. Stellen Sie mir Ihre Frage in eigenen Worten, auf Deutsch oder Englisch, zum Beispiel: „Kann ich quer einsteigen?“ oder „Welche Programmiersprachen brauche ich?“. Oder wählen Sie eines dieser Themen:",
		"I'm a career bot for the **backend developer** profession. Ask your question in your own words, in English or German, for example: \"Can I get in as a career changer?\" or \"Which programming languages do I need?\". Or pick one of these topics:",
	},
	KindEmpty: {
		"Ich habe da keine Frage erkannt. Schreib mir einfach, was du über den Beruf Backend-Entwickler*in wissen möchtest, oder wähle ein Thema:",
		"Ich habe da keine Frage erkannt. Schreiben Sie mir einfach, was Sie über den Beruf Backend-Entwickler*in wissen möchten, oder wählen Sie ein Thema:",
		"I couldn't find a question in that. Just tell me what you'd like to know about working as a backend developer, or pick a topic:",
	},
	KindClarify: {
		"Ich bin mir nicht ganz sicher, was du meinst. Meinst du eine dieser Fragen?",
		"Ich bin mir nicht ganz sicher, was Sie meinen. Meinen Sie eine dieser Fragen?",
		"I'm not quite sure what you mean. Did you mean one of these?",
	},
	kindConfirm: {
		"Meinst du diese Frage: „%s“? Antworte mit „ja“, dann beantworte ich sie.",
		"Meinen Sie diese Frage: „%s“? Antworten Sie mit „ja“, dann beantworte ich sie.",
		"Did you mean: \"%s\"? Say \"yes\" and I'll answer it.",
	},
	kindNoChoice: {
		"Diese Nummer steht nicht zur Auswahl. Wähle eine dieser Fragen:",
		"Diese Nummer steht nicht zur Auswahl. Wählen Sie eine dieser Fragen:",
		"That number is not one of the choices. Pick one of these:",
	},
	kindDeclined: {
		"Alles klar. Stell deine Frage gern mit anderen Worten, wähle ein Thema oder frag {contact}.",
		"Alles klar. Stellen Sie Ihre Frage gern mit anderen Worten, wählen Sie ein Thema oder wenden Sie sich an {contact}.",
		"Alright. Try asking in other words, pick a topic, or ask {contact}.",
	},
	kindRepeat: {
		"Das stand schon in meiner letzten Antwort. Kurz gesagt:",
		"",
		"That was in my last answer. In short:",
	},
	kindNoMore: {
		"Mehr habe ich zu „%s“ nicht. Vielleicht hilft dir eine dieser Fragen weiter:",
		"Mehr habe ich zu „%s“ nicht. Vielleicht hilft Ihnen eine dieser Fragen weiter:",
		"That's all I have on \"%s\". One of these questions may help:",
	},
	KindLimited: {
		"Du stellst gerade sehr viele Fragen auf einmal. Gönn mir eine kurze Pause – in einer Minute bin ich wieder für dich da.",
		"Sie stellen gerade sehr viele Fragen auf einmal. Gönnen Sie mir eine kurze Pause – in einer Minute bin ich wieder für Sie da.",
		"You're asking a lot of questions at once. Give me a short break – I'll be back for you in a minute.",
	},
	KindFallback: {
		"Darauf habe ich leider keine verlässliche Antwort. Ich kenne mich mit dem Beruf Backend-Entwickler*in aus: Aufgaben, Einstieg, Skills, Perspektiven und Jobsuche. Wähle ein Thema oder frag mich anders. Für alles andere ist {contact} für dich da.",
		"Darauf habe ich leider keine verlässliche Antwort. Ich kenne mich mit dem Beruf Backend-Entwickler*in aus: Aufgaben, Einstieg, Skills, Perspektiven und Jobsuche. Wählen Sie ein Thema oder fragen Sie mich anders. Für alles andere ist {contact} für Sie da.",
		"Sorry, I don't have a reliable answer to that. I know about the backend developer profession: the tasks, how to get in, the skills, the prospects and the job search. Pick a topic or ask me in other words. For anything else, {contact} is happy to help.",
	},
}
