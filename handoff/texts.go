package handoff

import "github.com/careerbot/careerbot/bot"

// text is one of the hand-off's messages in German ("du" and "Sie") and
// English. {wait}, {hours} and {reach} (the recruiting team's contact) are
// filled in.
type text struct{ du, sie, en string }

// in picks the text for a language and a German form of address.
func (t text) in(lang bot.Lang, form bot.Form) string {
	if lang == bot.English {
		return t.en
	}
	if form == bot.FormSie {
		return t.sie
	}
	return t.du
}

var (
	textConsent = text{
		"Ich kann dich mit einer Person aus dem Recruiting-Team verbinden. Dafür gebe ich diese Unterhaltung (deine bisherigen Fragen) an das Team weiter. Einverstanden?",
		"Ich kann Sie mit einer Person aus dem Recruiting-Team verbinden. Dafür gebe ich diese Unterhaltung (Ihre bisherigen Fragen) an das Team weiter. Sind Sie einverstanden?",
		"I can connect you with a person on the recruiting team. For that I pass this conversation (your questions so far) on to the team. Is that all right?",
	}
	textWaiting = text{
		"Danke! Ich habe dem Recruiting-Team Bescheid gegeben. Wenn in den nächsten {wait} jemand frei ist, schreibt dir hier eine Person. Bis dahin und während des Gesprächs beantworte ich keine Fragen – alles, was du schreibst, geht an das Team.",
		"Danke! Ich habe dem Recruiting-Team Bescheid gegeben. Wenn in den nächsten {wait} jemand frei ist, schreibt Ihnen hier eine Person. Bis dahin und während des Gesprächs beantworte ich keine Fragen – alles, was Sie schreiben, geht an das Team.",
		"Thanks! I've let the recruiting team know. If someone is free within the next {wait}, a person will write to you here. Until then, and during the conversation, I won't answer questions – everything you write goes to the team.",
	}
	textDeclined = text{
		"Alles klar, ich gebe nichts weiter. Frag mich gern weiter.",
		"Alles klar, ich gebe nichts weiter. Fragen Sie gern weiter.",
		"All right, I won't pass anything on. Feel free to keep asking.",
	}
	textTaken = text{
		"Eine Person aus dem Recruiting-Team ist jetzt da und antwortet dir hier.",
		"Eine Person aus dem Recruiting-Team ist jetzt da und antwortet Ihnen hier.",
		"A person from the recruiting team has joined and will answer you here.",
	}
	textClosed = text{
		"Das Gespräch mit dem Recruiting-Team ist beendet. Ab jetzt antworte wieder ich, der automatische Assistent – frag gern weiter.",
		"Das Gespräch mit dem Recruiting-Team ist beendet. Ab jetzt antworte wieder ich, der automatische Assistent – fragen Sie gern weiter.",
		"The conversation with the recruiting team has ended. From now on I, the automated assistant, answer again – feel free to keep asking.",
	}
	textTimedOut = text{
		"Leider konnte gerade niemand aus dem Recruiting-Team übernehmen. {reach} Ich beantworte ab jetzt wieder deine Fragen.",
		"Leider konnte gerade niemand aus dem Recruiting-Team übernehmen. {reach} Ich beantworte ab jetzt wieder Ihre Fragen.",
		"Sorry, nobody from the recruiting team could take over just now. {reach} I'll answer your questions again from now on.",
	}
	textOffHours = text{
		"Gerade ist niemand aus dem Recruiting-Team erreichbar (erreichbar: {hours}). {reach}",
		"Gerade ist niemand aus dem Recruiting-Team erreichbar (erreichbar: {hours}). {reach}",
		"Nobody from the recruiting team is available right now (available: {hours}). {reach}",
	}
	textDeskDown = text{
		"Ich konnte das Recruiting-Team gerade nicht erreichen. {reach}",
		"Ich konnte das Recruiting-Team gerade nicht erreichen. {reach}",
		"I couldn't reach the recruiting team just now. {reach}",
	}
	textAlreadyOpen = text{
		"Das Recruiting-Team weiß schon Bescheid; schreib einfach hier weiter.",
		"Das Recruiting-Team weiß schon Bescheid; schreiben Sie einfach hier weiter.",
		"The recruiting team already knows; just keep writing here.",
	}
	textHeld = text{
		"Solange das Recruiting-Team übernimmt, beantworte ich keine Fragen. Schreib deine Frage einfach hier – sie geht an das Team.",
		"Solange das Recruiting-Team übernimmt, beantworte ich keine Fragen. Schreiben Sie Ihre Frage einfach hier – sie geht an das Team.",
		"While the recruiting team is taking over, I don't answer questions. Just write your question here – it goes to the team.",
	}
	textSlowDown = text{
		"Das waren sehr viele Nachrichten auf einmal. Diese hier habe ich nicht weitergegeben – schreib sie gern gleich noch einmal.",
		"Das waren sehr viele Nachrichten auf einmal. Diese hier habe ich nicht weitergegeben – schreiben Sie sie gern gleich noch einmal.",
		"That was a lot of messages at once. I didn't pass this one on – please send it again in a moment.",
	}
	textNoQuestion = text{
		"Diese Frage ist nicht mehr offen. Wenn du mit einer Person sprechen möchtest, sag es einfach.",
		"Diese Frage ist nicht mehr offen. Wenn Sie mit einer Person sprechen möchten, sagen Sie es einfach.",
		"That question is no longer open. If you'd like to talk to a person, just say so.",
	}
)
