package bot

// phrase returns the built-in text for a reply kind. {recruiter} and
// {contact} are filled in from the configured Contact.
func phrase(kind Kind, lang Lang) string {
	p, ok := phrases[kind]
	if !ok {
		return ""
	}
	return lang.Pick(p[0], p[1])
}

var phrases = map[Kind][2]string{
	KindGreeting: {
		"Hallo! Ich beantworte Fragen rund um den Beruf **Backend-Entwickler*in**: was man dort tut, wie man hineinkommt, welche Skills zählen und wie die Aussichten sind. Frag einfach drauflos oder wähle ein Thema.",
		"Hi! I answer questions about working as a **backend developer**: what the job involves, how to get into it, which skills matter and what the prospects are. Just ask, or pick a topic.",
	},
	KindThanks: {
		"Gern geschehen! Wenn du noch etwas wissen willst, frag einfach weiter. Bei der Jobsuche hilft dir {contact}.",
		"You're welcome! Ask me anything else you'd like to know. For help with your job search, contact {contact}.",
	},
	KindHelp: {
		"Ich bin ein Karriere-Bot für den Beruf **Backend-Entwickler*in**. Stell mir deine Frage in eigenen Worten, auf Deutsch oder Englisch, zum Beispiel: „Kann ich als Quereinsteiger anfangen?“ oder „Welche Programmiersprachen brauche ich?“. Oder wähle eines dieser Themen:",
		"I'm a career bot for the **backend developer** profession. Ask your question in your own words, in English or German, for example: \"Can I get in as a career changer?\" or \"Which programming languages do I need?\". Or pick one of these topics:",
	},
	KindEmpty: {
		"Ich habe da keine Frage erkannt. Schreib mir einfach, was du über den Beruf Backend-Entwickler*in wissen möchtest, oder wähle ein Thema:",
		"I couldn't find a question in that. Just tell me what you'd like to know about working as a backend developer, or pick a topic:",
	},
	KindClarify: {
		"Ich bin mir nicht ganz sicher, was du meinst. Meinst du eine dieser Fragen?",
		"I'm not quite sure what you mean. Did you mean one of these?",
	},
	KindLimited: {
		"Du stellst gerade sehr viele Fragen auf einmal. Gönn mir eine kurze Pause – in einer Minute bin ich wieder für dich da.",
		"You're asking a lot of questions at once. Give me a short break – I'll be back for you in a minute.",
	},
	KindFallback: {
		"Darauf habe ich leider keine verlässliche Antwort. Ich kenne mich mit dem Beruf Backend-Entwickler*in aus: Aufgaben, Einstieg, Skills und Perspektiven. Vielleicht hilft dir eine dieser Fragen weiter. Für alles andere ist {contact} für dich da.",
		"Sorry, I don't have a reliable answer to that. I know about the backend developer profession: the tasks, how to get in, the skills and the prospects. One of these questions may help. For anything else, {contact} is happy to help.",
	},
}
