package telegram

import "github.com/careerbot/careerbot/bot"

// text is one of the adapter's own sentences in German and English. The
// answers themselves come from the knowledge base.
type text [2]string

func (t text) in(l bot.Lang) string { return l.Pick(t[0], t[1]) }

var (
	txtHello       = text{"👋 Hallo!", "👋 Hi!"}
	txtFailed      = text{"Da ist bei mir gerade etwas schiefgegangen. Versuch es bitte gleich noch einmal.", "Something went wrong on my side. Please try again in a moment."}
	txtGone        = text{"Diese Antwort gibt es nicht mehr. Stell deine Frage einfach neu oder wähle ein Thema.", "This answer no longer exists. Just ask your question again or pick a topic."}
	txtStale       = text{"Dieser Knopf ist nicht mehr aktuell. Stell deine Frage einfach neu.", "This button is out of date. Just ask your question again."}
	txtThanks      = text{"Danke für dein Feedback! 🙏", "Thanks for your feedback! 🙏"}
	txtTopics      = text{"Wähle ein Thema:", "Pick a topic:"}
	txtLangSet     = text{"Alles klar, ich antworte ab jetzt auf Deutsch.", "Got it, I'll answer in English from now on."}
	txtLangAsk     = text{"In welcher Sprache soll ich antworten? Wähle unten oder schreib /sprache de bzw. /sprache en.", "Which language should I answer in? Pick one below or send /language en or /language de."}
	txtAskUsage    = text{"Schreib deine Frage hinter /frage, zum Beispiel: /frage Kann ich als Quereinsteiger anfangen?", "Put your question after /ask, for example: /ask Can I get in as a career changer?"}
	txtHelpful     = text{"👍", "👍"}
	txtUnhelpful   = text{"👎", "👎"}
	txtShare       = text{"↗️ Teilen", "↗️ Share"}
	txtOpenChat    = text{"Öffne den Chat mit mir, um weiterzulesen.", "Open the chat with me to read on."}
	txtNotAdmin    = text{"Das Posten in Kanäle ist dem Recruiting-Team vorbehalten. Deine Fragen beantworte ich aber gern!", "Posting to channels is reserved for the recruiting team. I'm happy to answer your questions, though!"}
	txtShareUsage  = text{"So geht's: /teilen @kanal Frage oder Eintrags-ID, zum Beispiel: /teilen @meinkanal entry-career-changer", "Usage: /teilen @channel question or entry id, for example: /teilen @mychannel entry-career-changer"}
	txtNoAnswer    = text{"Dazu habe ich keine passende Antwort gefunden. Versuch es mit einer Eintrags-ID oder einer genaueren Frage.", "I found no fitting answer for that. Try an entry id or a more specific question."}
	txtPreview     = text{"<b>Vorschau für %s</b> – so erscheint der Beitrag:", "<b>Preview for %s</b> – this is how the post will look:"}
	txtPost        = text{"✅ Posten", "✅ Post"}
	txtCancel      = text{"✖️ Abbrechen", "✖️ Cancel"}
	txtPosted      = text{"✅ In %s gepostet.", "✅ Posted to %s."}
	txtPostFailed  = text{"Posten in %s hat nicht geklappt. Ist der Bot dort Admin und darf Nachrichten senden?", "Posting to %s failed. Is the bot an admin there, allowed to post messages?"}
	txtExpired     = text{"Diese Vorschau ist abgelaufen. Schick /teilen einfach noch einmal.", "This preview has expired. Just send /teilen again."}
	txtCancelled   = text{"Abgebrochen, nichts gepostet.", "Cancelled, nothing was posted."}
	txtMore        = text{"Weiterlesen", "Read on"}
	txtJobGone     = text{"Diese Stelle ist nicht mehr ausgeschrieben.", "This position is no longer open."}
	txtNotOperator = text{"Diesen Befehl kann nur das Betriebsteam nutzen.", "Only the operators can use this command."}
)

// commands is the command menu registered with setMyCommands. Every
// command works in both languages; the menu shows each language's names.
var commands = map[bot.Lang][][2]string{
	bot.German: {
		{"start", "Begrüßung und Themen"},
		{"frage", "Eine Frage stellen (auch in Gruppen)"},
		{"themen", "Themen als Knöpfe"},
		{"hilfe", "Was ich kann"},
		{"sprache", "Sprache wählen: de oder en"},
		{"datenschutz", "Was ich speichere und warum"},
		{"vergessen", "Alles löschen, was über dich gespeichert ist"},
		{"abo", "Neue Stellen abonnieren: /abo hamburg java"},
	},
	bot.English: {
		{"start", "Welcome and topics"},
		{"ask", "Ask a question (also in groups)"},
		{"topics", "Topics as buttons"},
		{"help", "What I can do"},
		{"language", "Choose the language: en or de"},
		{"privacy", "What I store and why"},
		{"forget", "Delete everything stored about you"},
		{"subscribe", "Alerts for new postings: /subscribe remote java"},
	},
}
