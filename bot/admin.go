package bot

import (
	"context"
	"fmt"
	"time"
)

// Operator is what adapters offer beyond answers: the admin commands for
// the platform ids listed in CAREERBOT_ADMINS, and each user's right to be
// forgotten. Raw platform ids are only compared in memory, never stored.
type Operator interface {
	// IsAdmin reports whether the raw user id on platform may run admin
	// commands.
	IsAdmin(platform, user string) bool
	// Stats is today's and this week's figures as a short text.
	Stats(ctx context.Context, lang Lang) (string, error)
	// Reload re-reads the knowledge base and says what was loaded.
	Reload(ctx context.Context, lang Lang) (string, error)
	// Forget deletes everything stored about the raw user id on platform
	// and returns the confirmation to show: ForgottenText when the text is
	// gone from the disk too, ForgetPendingText when a reader holds it up
	// and the wipe finishes in the background.
	Forget(ctx context.Context, platform, user string, lang Lang) (string, error)
	// Privacy explains what is stored, why, for how long and how to
	// delete it with the platform's forgetCommand ("/vergessen").
	Privacy(lang Lang, forgetCommand string) string
}

// PrivacyText is the plain-words privacy notice for a retention period.
func PrivacyText(lang Lang, retention time.Duration, forgetCommand string) string {
	days := int(retention / (24 * time.Hour))
	if lang == English {
		return fmt.Sprintf("**What I store and why**\n\n"+
			"- Your questions, the answer I gave and how sure I was, so the recruiting team can improve the answers.\n"+
			"- Your 👍/👎 on answers, to see which answers help.\n"+
			"- If you ask to talk to a person on the recruiting team: what you and the team write, kept like your questions; where to reach you only while that conversation is open.\n"+
			"- Instead of your name or user id, only a pseudonym: a keyed hash that cannot be turned back into your id without a secret kept outside the database.\n\n"+
			"Everything is deleted after %d days. You can delete all of it right now with %s.", days, forgetCommand)
	}
	return fmt.Sprintf("**Was ich speichere und warum**\n\n"+
		"- Deine Fragen, meine Antwort und wie sicher ich mir war, damit das Recruiting-Team die Antworten verbessern kann.\n"+
		"- Dein 👍/👎 zu Antworten, um zu sehen, welche Antworten helfen.\n"+
		"- Wenn du mit einer Person aus dem Recruiting-Team sprechen möchtest: was du und das Team schreiben, so lange wie deine Fragen; wohin die Antworten gehen, nur solange das Gespräch offen ist.\n"+
		"- Statt deines Namens oder deiner Nutzer-ID nur ein Pseudonym: ein verschlüsselter Hashwert, der sich ohne ein außerhalb der Datenbank verwahrtes Geheimnis nicht auf dich zurückführen lässt.\n\n"+
		"Nach %d Tagen wird alles gelöscht. Mit %s kannst du sofort alles löschen.", days, forgetCommand)
}

// ForgetPendingText confirms a deletion whose last step, overwriting the
// deleted text on disk, waits for a moment and finishes by itself.
func ForgetPendingText(lang Lang, questions, feedback int64) string {
	if lang == English {
		return fmt.Sprintf("I deleted everything stored about you (%d questions, %d feedback entries); nobody can see it any more. "+
			"Wiping the last traces from the disk will finish shortly, by itself.", questions, feedback)
	}
	return fmt.Sprintf("Ich habe alles gelöscht, was über dich gespeichert war (%d Fragen, %d Bewertungen); niemand kann es mehr sehen. "+
		"Die letzten Spuren auf der Festplatte werden in Kürze automatisch überschrieben.", questions, feedback)
}

// ForgottenText confirms a deletion.
func ForgottenText(lang Lang, questions, feedback int64) string {
	if lang == English {
		return fmt.Sprintf("Done: I deleted everything stored about you (%d questions, %d feedback entries).", questions, feedback)
	}
	return fmt.Sprintf("Erledigt: Ich habe alles gelöscht, was über dich gespeichert war (%d Fragen, %d Bewertungen).", questions, feedback)
}
