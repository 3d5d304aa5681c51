package console

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// messages holds the interface texts: key → German, English.
var messages = map[string][2]string{
	"console":        {"Konsole", "console"},
	"skip":           {"Zum Inhalt springen", "Skip to content"},
	"back":           {"Zurück", "Back"},
	"cancel":         {"Abbrechen", "Cancel"},
	"logout":         {"Abmelden", "Sign out"},
	"lang.de":        {"Deutsch", "German"},
	"lang.en":        {"Englisch", "English"},
	"role.viewer":    {"Lesen", "viewer"},
	"role.editor":    {"Bearbeiten", "editor"},
	"role.publisher": {"Veröffentlichen", "publisher"},
	"role.admin":     {"Verwaltung", "admin"},

	"nav.label":     {"Hauptnavigation", "Main"},
	"nav.entries":   {"Einträge", "Entries"},
	"nav.draft":     {"Entwurf & Veröffentlichen", "Draft & publish"},
	"nav.preview":   {"Testen", "Try it"},
	"nav.history":   {"Versionen", "Versions"},
	"nav.settings":  {"Einstellungen", "Settings"},
	"nav.topics":    {"Themen", "Topics"},
	"nav.inbox":     {"Eingang", "Inbox"},
	"nav.dashboard": {"Überblick", "Dashboard"},
	"nav.feedback":  {"Bewertungen", "Feedback"},
	"nav.audit":     {"Protokoll", "Audit log"},

	"login.title":     {"Anmelden", "Sign in"},
	"login.username":  {"Benutzername", "User name"},
	"login.password":  {"Passwort", "Password"},
	"login.submit":    {"Anmelden", "Sign in"},
	"login.hint":      {"Ein Konto legt die Administration an: careerbot user add NAME --role editor", "An administrator creates accounts: careerbot user add NAME --role editor"},
	"login.wrong":     {"Benutzername oder Passwort stimmen nicht.", "The user name or password is wrong."},
	"login.throttled": {"Zu viele Fehlversuche. Bitte in 15 Minuten erneut versuchen.", "Too many failed attempts. Please try again in 15 minutes."},

	"err.title":    {"Das hat nicht geklappt", "That did not work"},
	"err.notfound": {"Diese Seite gibt es nicht.", "There is no such page."},
	"err.internal": {"Etwas ist schiefgegangen. Bitte erneut versuchen; die Einzelheiten stehen im Server-Log.", "Something went wrong. Please try again; the details are in the server log."},
	"err.role":     {"Ihre Rolle erlaubt das nicht.", "Your role does not allow this."},
	"err.publish":  {"Ihre Rolle darf nicht veröffentlichen. Bitten Sie jemanden mit der Rolle Veröffentlichen darum.", "Your role may not publish. Ask someone with the publisher role."},
	"err.csrf":     {"Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.", "The form has expired or did not come from this site. Please reload the page and try again."},
	"err.session":  {"Sie sind nicht (mehr) angemeldet. Bitte melden Sie sich an.", "You are not signed in (any more). Please sign in."},
	"err.form":     {"Das Formular konnte nicht gelesen werden.", "The form could not be read."},
	"err.noentry":  {"Diesen Eintrag gibt es nicht (mehr).", "This entry does not exist (any more)."},
	"err.versions": {"Diese Version gibt es nicht.", "There is no such version."},

	"done.saved":      {"Im Entwurf gespeichert. Veröffentlicht wird erst unter „Entwurf & Veröffentlichen“.", "Saved to the draft. It goes live only when published under “Draft & publish”."},
	"done.deleted":    {"Eintrag im Entwurf gelöscht; Verweise darauf wurden entfernt.", "Entry deleted in the draft; links to it were removed."},
	"done.published":  {"Veröffentlicht. Der Bot antwortet jetzt mit dieser Version.", "Published. The bot now answers from this version."},
	"done.rolledback": {"Zurückgesetzt. Das ist eine neue Version; der Entwurf bleibt erhalten.", "Rolled back. This is a new version; the draft is kept."},
	"done.discarded":  {"Entwurf verworfen.", "Draft discarded."},
	"done.logout":     {"Sie sind abgemeldet.", "You are signed out."},

	"list.filter":    {"Einträge filtern", "Filter entries"},
	"list.search":    {"Suchen", "Search"},
	"list.all":       {"alle", "all"},
	"list.lang":      {"Sprachen", "Languages"},
	"list.has_de":    {"mit Deutsch", "with German"},
	"list.has_en":    {"mit Englisch", "with English"},
	"list.no_de":     {"ohne Deutsch", "without German"},
	"list.no_en":     {"ohne Englisch", "without English"},
	"list.stale":     {"nur fällige Überprüfungen", "only due for review"},
	"list.changed":   {"nur im Entwurf geändert", "only changed in the draft"},
	"list.unhelpful": {"nur mit „nicht hilfreich“ (30 Tage)", "only with “not helpful” votes (30 days)"},
	"list.badvotes":  {"%d× nicht hilfreich", "%d× not helpful"},
	"list.apply":     {"Filtern", "Filter"},
	"list.reset":     {"Zurücksetzen", "Reset"},
	"list.new":       {"Neuer Eintrag", "New entry"},
	"list.count":     {"%d von %d Einträgen", "%d of %d entries"},
	"list.question":  {"Frage", "Question"},
	"list.never":     {"nie", "never"},
	"list.due":       {"fällig", "due"},
	"list.none":      {"Keine Einträge passen zum Filter.", "No entries match the filter."},

	"status.new":     {"neu", "new"},
	"status.changed": {"geändert", "changed"},
	"status.added":   {"neu", "added"},
	"status.removed": {"gelöscht", "deleted"},

	"edit.title":          {"Eintrag bearbeiten", "Edit entry"},
	"edit.general":        {"Allgemein", "General"},
	"edit.choose":         {"– bitte wählen –", "– please choose –"},
	"edit.problems":       {"Bitte korrigieren Sie die markierten Felder. Nichts wurde gespeichert.", "Please correct the marked fields. Nothing was saved."},
	"edit.readonly":       {"Sie können diesen Eintrag lesen, aber nicht ändern.", "You can read this entry but not change it."},
	"edit.save":           {"Im Entwurf speichern", "Save to draft"},
	"edit.savehint":       {"Gespeichert wird in den gemeinsamen Entwurf; der Bot antwortet damit erst nach dem Veröffentlichen.", "Saving goes to the team's draft; the bot uses it only after publishing."},
	"edit.try":            {"Im Test-Chat ausprobieren", "Try in the test chat"},
	"edit.delete":         {"Eintrag löschen", "Delete entry"},
	"edit.duplicate":      {"Hinweis: „%s“ ist auch eine Formulierung des Eintrags „%s“. Der Bot kann die beiden bei dieser Frage nicht unterscheiden.", "Note: “%s” is also a phrasing of the entry “%s”. The bot cannot tell the two apart on this question."},
	"edit.reviewed_on":    {"zuletzt überprüft am %s", "last reviewed on %s"},
	"edit.never_reviewed": {"noch nie überprüft", "never reviewed"},

	"field.id":            {"Kennung", "Id"},
	"field.topic":         {"Thema", "Topic"},
	"field.owner":         {"Verantwortlich", "Owner"},
	"field.reviewed":      {"Überprüft", "Reviewed"},
	"field.mark_reviewed": {"Als heute überprüft markieren", "Mark as reviewed today"},
	"field.related":       {"Verwandte Einträge", "Related entries"},
	"field.questions":     {"Formulierungen der Frage (eine pro Zeile)", "Phrasings of the question (one per line)"},
	"field.answer":        {"Antwort (du)", "Answer (du)"},
	"field.answer_en":     {"Antwort", "Answer"},
	"field.answer_sie":    {"Antwort in Sie-Form", "Answer, formal (Sie)"},
	"field.variant":       {"Variante B (A/B-Test)", "Variant B (A/B test)"},
	"field.variant_sie":   {"Variante B in Sie-Form", "Variant B, formal (Sie)"},

	"hint.id":          {"Leer lassen: wird aus der ersten Frage gebildet. Nur Kleinbuchstaben, Ziffern, - und _.", "Leave empty to make one from the first question. Lowercase letters, digits, - and _ only."},
	"hint.owner":       {"Wer für den Inhalt zuständig ist.", "Who answers for the content."},
	"hint.questions":   {"Wie Menschen fragen könnten. Die erste Zeile ist der Titel des Eintrags.", "How people might ask. The first line is the entry's title."},
	"hint.answer":      {"**fett**, Zeilen mit „- “ werden Aufzählungen. {contact} und {recruiter} werden ersetzt.", "**bold**, lines starting with “- ” become bullets. {contact} and {recruiter} are filled in."},
	"hint.answer_sie":  {"Optional. Für Menschen, die förmlich schreiben.", "Optional. For people who write formally."},
	"hint.variant":     {"Optional: eine zweite Antwort, die gegen die erste getestet wird.", "Optional: a second answer tested against the first."},
	"hint.variant_sie": {"Optional.", "Optional."},
	"hint.related":     {"Werden nach der Antwort als Anschlussfragen angeboten.", "Offered as follow-up questions after the answer."},

	"conflict.title":      {"Jemand anderes hat diesen Eintrag inzwischen geändert", "Someone else changed this entry in the meantime"},
	"conflict.text":       {"Der Eintrag hat sich geändert, nachdem Sie ihn geöffnet hatten (den Entwurf hat zuletzt %s um %s gespeichert). Nichts wurde überschrieben.", "The entry changed after you opened it (the draft was last saved by %s at %s). Nothing was overwritten."},
	"conflict.deleted":    {"%s hat diesen Eintrag inzwischen gelöscht. Speichern legt ihn mit Ihrer Fassung neu an.", "%s deleted this entry in the meantime. Saving creates it again with your version."},
	"conflict.theirs":     {"Die andere Fassung (jetzt im Entwurf)", "The other version (now in the draft)"},
	"conflict.differ":     {"Hier unterscheiden sich die beiden Fassungen", "Where the two versions differ"},
	"conflict.mine":       {"Ihre Fassung", "Your version"},
	"conflict.onlytheirs": {"nur in der anderen Fassung", "only in the other version"},
	"conflict.onlyyours":  {"nur in Ihrer Fassung", "only in your version"},
	"conflict.same":       {"Die beiden Fassungen sind gleich.", "The two versions are the same."},
	"conflict.take":       {"Die andere Fassung übernehmen und meine verwerfen", "Keep the other version and drop mine"},
	"conflict.yours":      {"Unten steht Ihre Fassung. Erneutes Speichern ersetzt die andere Fassung durch Ihre.", "Your version is below. Saving again replaces the other version with yours."},

	"delete.title":   {"Eintrag löschen", "Delete entry"},
	"delete.ask":     {"Den Eintrag „%s“ löschen?", "Delete the entry “%s”?"},
	"delete.links":   {"Diese Einträge verweisen darauf; die Verweise werden entfernt:", "These entries link to it; the links will be removed:"},
	"delete.lead":    {"Er eröffnet im Menü diese Themen; dort rückt der nächste Eintrag nach:", "It opens these topics in the menu; the next entry takes its place:"},
	"delete.draft":   {"Gelöscht wird im Entwurf; veröffentlicht wird erst beim Veröffentlichen.", "It is deleted in the draft; it goes live when published."},
	"delete.confirm": {"Ja, löschen", "Yes, delete"},

	"draft.saved":     {"Entwurf zuletzt gespeichert von %s um %s.", "Draft last saved by %s at %s."},
	"draft.nochanges": {"Der Entwurf unterscheidet sich nicht von der veröffentlichten Fassung.", "The draft does not differ from what is published."},
	"draft.changes":   {"Was sich beim Veröffentlichen ändert", "What changes when you publish"},
	"draft.discard":   {"Entwurf verwerfen", "Discard the draft"},

	"publish.message":    {"Was wurde geändert? (für die Versionsliste)", "What changed? (for the version list)"},
	"publish.hint":       {"Zum Beispiel: Gehaltsangaben 2026 aktualisiert.", "For example: salary figures updated for 2026."},
	"publish.submit":     {"Veröffentlichen", "Publish"},
	"publish.check":      {"Vorher die Testfragen prüfen", "Check the test questions first"},
	"publish.nomessage":  {"Bitte beschreiben Sie kurz, was sich ändert.", "Please describe briefly what changes."},
	"publish.problems":   {"Der Entwurf kann so nicht veröffentlicht werden:", "The draft cannot be published like this:"},
	"publish.notallowed": {"Ihre Rolle darf nicht veröffentlichen. Jemand mit der Rolle Veröffentlichen kann den Entwurf prüfen und freigeben.", "Your role may not publish. Someone with the publisher role can review and publish the draft."},

	"history.from":        {"Von Version", "From version"},
	"history.to":          {"Bis Version", "To version"},
	"history.compare":     {"Vergleichen", "Compare"},
	"history.version":     {"Version", "Version"},
	"history.when":        {"Zeit", "Time"},
	"history.author":      {"Von", "By"},
	"history.message":     {"Beschreibung", "Message"},
	"history.actions":     {"Aktionen", "Actions"},
	"history.live":        {"aktuell", "live"},
	"history.rollback":    {"Zurücksetzen auf diese", "Roll back to this"},
	"history.rollback_to": {"Auf Version %d zurücksetzen", "Roll back to version %d"},
	"rollback.message":    {"Zurückgesetzt auf Version %d", "Rolled back to version %d"},

	"diff.title":    {"Vergleich", "Comparison"},
	"diff.between":  {"Von Version %d (%s) zu Version %d (%s).", "From version %d (%s) to version %d (%s)."},
	"diff.same":     {"Die beiden Versionen sind gleich.", "The two versions are the same."},
	"diff.topics":   {"Die Themen haben sich geändert.", "The topics changed."},
	"diff.synonyms": {"Die Synonyme haben sich geändert.", "The synonyms changed."},
	"diff.removed":  {"entfernt", "removed"},
	"diff.added":    {"hinzugefügt", "added"},
	"diff.before":   {"Vorher", "Before"},
	"diff.after":    {"Nachher", "After"},
	"diff.empty":    {"(leer)", "(empty)"},

	"preview.intro":        {"Stellen Sie eine Frage, wie Bewerberinnen und Bewerber sie stellen würden. Sie sehen die Antwort des Entwurfs und die der veröffentlichten Fassung. Testfragen werden nicht in die Statistik aufgenommen.", "Ask a question as a job seeker would. You see the draft's answer and that of what is published. Test questions are not counted in the statistics."},
	"preview.question":     {"Frage", "Question"},
	"preview.lang":         {"Sprache", "Language"},
	"preview.auto":         {"automatisch erkennen", "detect"},
	"preview.ask":          {"Fragen", "Ask"},
	"preview.you":          {"Sie", "You"},
	"preview.draft":        {"Entwurf", "Draft"},
	"preview.published":    {"Veröffentlicht", "Published"},
	"preview.changed":      {"Der Entwurf antwortet anders als die veröffentlichte Fassung.", "The draft answers differently from what is published."},
	"preview.same":         {"Entwurf und veröffentlichte Fassung antworten gleich.", "The draft and what is published answer the same."},
	"preview.kind":         {"Art der Antwort", "Kind of reply"},
	"preview.entry":        {"Eintrag", "Entry"},
	"preview.confidence":   {"Sicherheit", "Confidence"},
	"preview.candidates":   {"Abgewogene Einträge", "Entries weighed"},
	"preview.nocandidates": {"Kein Eintrag passte.", "No entry matched."},
	"preview.runeval":      {"Alle %d Testfragen mit dem Entwurf prüfen", "Check all %d test questions against the draft"},

	"eval.title":    {"Testfragen", "Test questions"},
	"eval.none":     {"Keine Testfragen eingerichtet (CAREERBOT_CONSOLE_EVAL).", "No test questions configured (CAREERBOT_CONSOLE_EVAL)."},
	"eval.summary":  {"%d Testfragen: veröffentlicht %d richtig, mit dem Entwurf %d richtig.", "%d test questions: %d right when published, %d right with the draft."},
	"eval.changes":  {"%d Testfragen bekämen eine andere Antwort", "%d test questions would get a different answer"},
	"eval.question": {"Testfrage", "Test question"},
	"eval.pass":     {"richtig", "right"},
	"eval.miss":     {"falsch", "wrong"},
	"eval.nochange": {"Keine Testfrage bekäme eine andere Antwort.", "No test question would get a different answer."},

	"kind.answer":   {"Antwort", "answer"},
	"kind.clarify":  {"Rückfrage „Meinten Sie …?“", "“did you mean …?”"},
	"kind.fallback": {"weiß es nicht", "does not know"},
	"kind.greeting": {"Begrüßung", "greeting"},
	"kind.thanks":   {"Dank", "thanks"},
	"kind.help":     {"Hilfe", "help"},
	"kind.empty":    {"leere Nachricht", "empty message"},
	"kind.limited":  {"Limit erreicht", "rate limited"},
	"kind.silent":   {"keine Antwort", "no reply"},

	"inbox.intro":       {"Fragen der letzten %d Tage, die der Bot nicht oder nur unsicher beantworten konnte, nach Ähnlichkeit gruppiert. Testfragen sind nicht dabei.", "Questions of the last %d days the bot could not answer, or answered with low confidence, grouped by similarity. Test traffic is left out."},
	"inbox.period":      {"Zeitraum", "Period"},
	"days":              {"%d Tage", "%d days"},
	"inbox.asked":       {"%d-mal gefragt", "asked %d times"},
	"inbox.last":        {"zuletzt %s", "last %s"},
	"inbox.answeredby":  {"beantwortet mit", "answered with"},
	"inbox.unanswered":  {"nicht beantwortet", "not answered"},
	"inbox.addto":       {"Als Formulierungen hinzufügen zu", "Add as phrasings to"},
	"inbox.suggested":   {"Vorschlag: „%s“ (Passung %s)", "Suggested: “%s” (fit %s)"},
	"inbox.nofit":       {"Kein Eintrag passt gut: vielleicht ein neuer Eintrag?", "No entry fits well: perhaps a new entry?"},
	"inbox.accept":      {"In den Entwurf übernehmen", "Add to the draft"},
	"inbox.new":         {"Neuen Eintrag daraus anlegen", "Start a new entry from these"},
	"inbox.dismiss":     {"Verwerfen", "Dismiss"},
	"inbox.empty":       {"Keine offenen Fragen. Gut gemacht!", "No open questions. Well done!"},
	"inbox.recent":      {"Zuletzt erledigt", "Recently handled"},
	"inbox.undo":        {"Rückgängig", "Undo"},
	"inbox.undone":      {"rückgängig gemacht", "undone"},
	"inbox.did.accept":  {"übernommen in", "added to"},
	"inbox.did.new":     {"neuer Eintrag", "new entry"},
	"inbox.did.dismiss": {"verworfen", "dismissed"},
	"inbox.noentry":     {"Bitte wählen Sie den Eintrag, zu dem die Fragen gehören, oder legen Sie einen neuen an.", "Please choose the entry the questions belong to, or start a new one."},
	"inbox.cannot":      {"Die Fragen konnten nicht übernommen werden: %s", "The questions could not be added: %s"},
	"done.accept":       {"In den Entwurf übernommen. Rückgängig machen geht unten.", "Added to the draft. You can undo it below."},
	"done.dismiss":      {"Verworfen. Rückgängig machen geht unten.", "Dismissed. You can undo it below."},
	"done.undone":       {"Rückgängig gemacht.", "Undone."},
	"done.gone":         {"Diese Gruppe hat sich inzwischen geändert oder wurde schon erledigt. Bitte noch einmal ansehen.", "This group changed or was handled in the meantime. Please look again."},

	"dash.csv":                      {"Als CSV herunterladen", "Download as CSV"},
	"dash.note":                     {"Ohne Testverkehr (ask, eval) und ohne Begrüßungen und Dank.", "Test traffic (ask, eval), greetings and thanks are left out."},
	"dash.questions":                {"Fragen", "Questions"},
	"dash.answered":                 {"beantwortet", "answered"},
	"dash.answered_share":           {"beantwortet", "answered"},
	"dash.helpful_share":            {"hilfreich (%d von %d Bewertungen)", "helpful (%d of %d votes)"},
	"dash.open":                     {"offene Fragen im Eingang", "open questions in the inbox"},
	"dash.perday":                   {"Fragen pro Tag", "Questions per day"},
	"dash.chartlabel":               {"Balkendiagramm: Fragen und beantwortete Fragen pro Tag, höchstens %d", "Bar chart: questions and answered questions per day, at most %d"},
	"dash.peak":                     {"höchstens %d pro Tag", "at most %d a day"},
	"dash.astable":                  {"Als Tabelle zeigen", "Show as a table"},
	"dash.day":                      {"Tag", "Day"},
	"dash.mostasked":                {"Am häufigsten beantwortet", "Most often answered"},
	"dash.none":                     {"Noch nichts in diesem Zeitraum.", "Nothing yet in this period."},
	"dash.helpfulness":              {"Hilfreich? Die schwächsten Antworten zuerst", "Helpful? Weakest answers first"},
	"dash.share":                    {"Anteil hilfreich", "share helpful"},
	"dash.seefeedback":              {"Welche Fragen bekamen „nicht hilfreich“?", "Which questions got “not helpful”?"},
	"dash.novotes":                  {"Noch keine Bewertungen in diesem Zeitraum.", "No votes yet in this period."},
	"dash.abtests":                  {"A/B-Tests", "A/B tests"},
	"vote.up":                       {"hilfreich", "helpful"},
	"vote.down":                     {"nicht hilfreich", "not helpful"},
	"dash.arm":                      {"%d-mal gezeigt, %d hilfreich, %d nicht hilfreich", "shown %d times, %d helpful, %d not helpful"},
	"dash.range":                    {"%s bis %s", "%s to %s"},
	"dash.shown":                    {"× gezeigt", "× shown"},
	"dash.pvalue":                   {"p = %s", "p = %s"},
	"dash.better":                   {"%s ist hilfreicher", "%s is more helpful"},
	"dash.keep":                     {"%s behalten und veröffentlichen", "Keep %s and publish"},
	"dash.platforms":                {"Kanäle", "Channels"},
	"dash.languages":                {"Sprachen", "Languages"},
	"dash.deleted":                  {"(gelöschter Eintrag)", "(deleted entry)"},
	"verdict.too few votes":         {"zu wenige Stimmen (mindestens 10 je Variante)", "too few votes (at least 10 per variant)"},
	"verdict.significant at 5%":     {"signifikant (5 %)", "significant at 5 %"},
	"verdict.not significant at 5%": {"nicht signifikant (5 %)", "not significant at 5 %"},
	"promote.message":               {"A/B-Test beendet: %s behalten für %s", "A/B test ended: kept %s for %s"},
	"done.promoted":                 {"Veröffentlicht. Die andere Variante bleibt in den Versionen erhalten.", "Published. The other variant stays in the versions."},
	"csv.section":                   {"Bereich", "section"},
	"csv.key":                       {"Schlüssel", "key"},
	"csv.title":                     {"Titel", "title"},
	"csv.value":                     {"Wert", "value"},

	"feedback.intro":     {"Alle Bewertungen „nicht hilfreich“ der letzten %d Tage, die neuesten zuerst, mit der Frage, auf die die Antwort kam.", "Every “not helpful” vote of the last %d days, newest first, with the question the answer was given to."},
	"feedback.intro_all": {"Alle Bewertungen der letzten %d Tage, die neuesten zuerst.", "Every vote of the last %d days, newest first."},
	"feedback.onlybad":   {"Nur „nicht hilfreich“ zeigen", "Show only “not helpful”"},
	"feedback.all":       {"Auch „hilfreich“ zeigen", "Show “helpful” too"},
	"feedback.asked":     {"Gefragt", "Asked"},
	"feedback.vote":      {"Bewertung", "Vote"},
	"feedback.variant":   {"Variante", "Variant"},
	"feedback.platform":  {"Kanal", "Channel"},
	"feedback.button":    {"über eine Schaltfläche geöffnet", "opened with a button"},
	"feedback.none":      {"Keine Bewertungen in diesem Zeitraum.", "No votes in this period."},

	"settings.team":           {"Recruiting-Team", "Recruiting team"},
	"settings.teamhint":       {"Setzt {recruiter} und {contact} in den Antworten ein. Leer lassen, um die Server-Einstellung zu verwenden.", "Fills in {recruiter} and {contact} in answers. Leave empty to use the server's setting."},
	"settings.name":           {"Name des Teams", "Team name"},
	"settings.contact":        {"Kontakt (E-Mail, Telefon oder Link)", "Contact (email, phone or link)"},
	"settings.env":            {"Auf dem Server eingestellt: %s", "Set on the server: %s"},
	"settings.default_name":   {"Ohne Namen heißt es „unser Recruiting-Team“.", "Without a name the bot says “our recruiting team”."},
	"settings.contacthint":    {"Ohne Kontakt können Bewerber das Team nicht erreichen.", "Without a contact job seekers cannot reach the team."},
	"settings.editorspublish": {"Auch die Rolle Bearbeiten darf veröffentlichen (für kleine Teams)", "Editors may publish too (for small teams)"},
	"settings.byenv":          {"Ist auf dem Server schon eingeschaltet (CAREERBOT_CONSOLE_EDITORS_PUBLISH).", "Already on by a server setting (CAREERBOT_CONSOLE_EDITORS_PUBLISH)."},
	"settings.restart":        {"Der Bot verwendet Name und Kontakt ab der nächsten Antwort.", "The bot uses name and contact from its next answer on."},
	"settings.save":           {"Einstellungen speichern", "Save settings"},
	"settings.users":          {"Benutzer und Rollen", "Users and roles"},
	"settings.roles":          {"Lesen: alles ansehen und testen. Bearbeiten: Einträge und Eingang im Entwurf ändern. Veröffentlichen: Entwurf veröffentlichen und zurücksetzen. Verwaltung: zusätzlich Benutzer und Einstellungen.", "Viewer: sees everything and tries the test chat. Editor: changes entries and the inbox in the draft. Publisher: publishes and rolls back. Admin: also users and settings."},
	"settings.role":           {"Rolle", "Role"},
	"settings.rolefor":        {"Rolle von %s", "Role of %s"},
	"settings.you":            {"Sie", "you"},
	"settings.change":         {"Ändern", "Change"},
	"settings.remove":         {"Entfernen", "Remove"},
	"settings.removeuser":     {"%s entfernen", "Remove %s"},
	"settings.adduser":        {"Benutzer anlegen", "Add a user"},
	"settings.password2":      {"Passwort wiederholen", "Password again"},
	"settings.pwhint":         {"Mindestens %d Zeichen.", "At least %d characters."},
	"settings.nocontact":      {"Es ist kein Kontakt eingestellt: Antworten nennen das Team, aber keinen Weg, es zu erreichen.", "No contact is set: answers name the team but give no way to reach it."},
	"settings.noname":         {"Es ist kein Teamname eingestellt: der Bot sagt „unser Recruiting-Team“.", "No team name is set: the bot says “our recruiting team”."},
	"settings.insecure":       {"Diese Verbindung ist nicht verschlüsselt. Betreiben Sie die Konsole hinter HTTPS und setzen Sie CAREERBOT_CONSOLE_SECURE_COOKIES=1.", "This connection is not encrypted. Run the console behind HTTPS and set CAREERBOT_CONSOLE_SECURE_COOKIES=1."},
	"settings.badcontact":     {"Name und Kontakt dürfen höchstens 200 Zeichen lang sein und keine geschweiften Klammern oder Zeilenumbrüche enthalten.", "Name and contact may be at most 200 characters and hold no curly braces or line breaks."},
	"settings.badname":        {"Der Benutzername darf 1 bis 64 Buchstaben, Ziffern, „.“, „_“, „-“ oder „@“ enthalten.", "A user name holds 1 to 64 letters, digits, '.', '_', '-' or '@'."},
	"settings.badrole":        {"Bitte eine Rolle wählen.", "Please choose a role."},
	"settings.pwmismatch":     {"Die beiden Passwörter sind verschieden.", "The two passwords differ."},
	"settings.weak":           {"Das Passwort braucht mindestens %d Zeichen.", "The password needs at least %d characters."},
	"settings.exists":         {"Diesen Benutzer gibt es schon.", "This user exists already."},
	"settings.notself":        {"Ihr eigenes Konto können Sie hier nicht ändern; das geht mit careerbot user.", "You cannot change your own account here; use careerbot user."},
	"err.nouser":              {"Diesen Benutzer gibt es nicht.", "There is no such user."},
	"done.settings":           {"Einstellungen gespeichert.", "Settings saved."},
	"done.useradded":          {"Benutzer angelegt.", "User added."},
	"done.userchanged":        {"Benutzer geändert; seine Sitzungen wurden beendet.", "User changed; their sessions have ended."},

	"topics.intro":    {"Themen ordnen die Einträge im Menü des Bots. Änderungen gehen in den Entwurf.", "Topics group the entries in the bot's menu. Changes go to the draft."},
	"topics.count":    {"%d Einträge", "%d entries"},
	"topics.title_de": {"Titel auf Deutsch", "Title in German"},
	"topics.title_en": {"Titel auf Englisch", "Title in English"},
	"topics.lead":     {"Eintrag, den der Menüknopf öffnet", "Entry the menu button opens"},
	"topics.nolead":   {"– keiner –", "– none –"},
	"topics.delete":   {"Thema löschen", "Delete topic"},
	"topics.add":      {"Neues Thema", "New topic"},
	"topics.notitle":  {"Bitte einen Titel eintragen.", "Please give a title."},
	"topics.exists":   {"Ein Thema mit dieser Kennung gibt es schon.", "A topic with this id exists already."},
	"topics.gone":     {"Dieses Thema gibt es nicht mehr.", "This topic no longer exists."},
	"topics.badid":    {"Die Kennung darf nur Kleinbuchstaben, Ziffern, - und _ enthalten.", "The id may only hold lowercase letters, digits, - and _."},
	"topics.notempty": {"Das Thema hat noch Einträge: erst die Einträge einem anderen Thema zuordnen.", "The topic still has entries: move them to another topic first."},

	"audit.user":   {"Wer", "Who"},
	"audit.action": {"Was", "What"},
	"audit.target": {"Woran", "Target"},
	"audit.detail": {"Einzelheiten", "Detail"},

	"msg.empty_answer":   {"Die Antwort fehlt.", "The answer is missing."},
	"msg.too_long":       {"Der Text ist zu lang: höchstens %s Bytes (Umlaute zählen doppelt).", "The text is too long: at most %s bytes."},
	"msg.variant_bad":    {"Die Variante ist leer oder zu lang (höchstens %s Bytes).", "The variant is blank or too long (at most %s bytes)."},
	"msg.no_questions":   {"Bitte mindestens eine Formulierung der Frage eintragen.", "Please give at least one phrasing of the question."},
	"msg.too_many":       {"Zu viele Formulierungen: höchstens %s.", "Too many phrasings: at most %s."},
	"msg.empty_question": {"Eine Formulierung ist leer.", "A phrasing is empty."},
	"msg.bad_id":         {"Die Kennung darf nur Kleinbuchstaben, Ziffern, - und _ enthalten und muss mit einem Buchstaben oder einer Ziffer beginnen.", "The id may only hold lowercase letters, digits, - and _, and must start with a letter or digit."},
	"msg.duplicate_id":   {"Einen Eintrag mit dieser Kennung gibt es schon.", "An entry with this id exists already."},
	"msg.no_topic":       {"Bitte ein Thema wählen.", "Please choose a topic."},
	"msg.unknown_topic":  {"Dieses Thema gibt es nicht.", "There is no such topic."},
	"msg.no_text":        {"Bitte mindestens eine Sprache ausfüllen (Frage und Antwort).", "Please fill in at least one language (question and answer)."},
	"msg.bad_date":       {"Das Datum ist ungültig.", "The date is not valid."},
	"msg.self_link":      {"Ein Eintrag kann nicht auf sich selbst verweisen.", "An entry cannot link to itself."},
	"msg.twice":          {"Ein verwandter Eintrag ist doppelt gewählt.", "A related entry is chosen twice."},
	"msg.sie_missing":    {"Die Antwort spricht die Leser mit „%s“ an: bitte denselben Text auch in Sie-Form eintragen.", "The text says “%s” to the reader: please add the same text in the formal “Sie” form."},
	"msg.sie_du":         {"Die Sie-Form sagt noch „%s“: bitte mit „Sie“, „Ihnen“, „Ihr“ schreiben.", "The formal text still says “%s”: write it with “Sie”, “Ihnen”, “Ihr”."},
	"msg.sie_novariant":  {"Es gibt eine Sie-Form der Variante, aber keine Variante: Variante ergänzen oder Sie-Form leeren.", "There is a formal variant but no variant: add the variant or empty the formal one."},
	"msg.sie_onlyde":     {"Nur deutsche Antworten haben eine Sie-Form.", "Only German answers have a formal “Sie” form."},
	"msg.sie_same":       {"Die Sie-Form ist gleich der Antwort: leer lassen, wenn die Antwort niemanden anspricht.", "The formal text is the same as the answer: leave it empty where the answer does not address the reader."},
	"msg.placeholder":    {"%s ist kein Platzhalter, den careerbot ersetzt; Leser sähen ihn so. Es gibt {recruiter} und {contact}.", "%s is not a placeholder careerbot fills in; readers would see it as written. There are {recruiter} and {contact}."},
	"msg.masculine":      {"„%s“ nennt nur Männer und steht auf Schaltflächen und Überschriften: *in/*innen ergänzen („Entwickler*in“) oder neutral formulieren.", "“%s” names only men and is shown on buttons and headings: add *in or *innen (“Entwickler*in”) or word it neutrally."},
	"edit.warnings":      {"Hinweise (das Speichern geht trotzdem):", "Hints (saving works anyway):"},
	"msg.unknown_entry":  {"Ein verwandter Eintrag existiert nicht mehr.", "A related entry no longer exists."},
}

func translate(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[1]
	if lang == "de" {
		s = m[0]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func hasMessage(key string) bool {
	_, ok := messages[key]
	return ok
}

var (
	fieldPath = regexp.MustCompile(`^texts\.(de|en)\.([a-z_]+)(\[\d+\])?$`)
	number    = regexp.MustCompile(`\d+`)
	quote     = regexp.MustCompile(`"([^"]+)"`)
)

// quoted is the first double-quoted word in a validator message.
func quoted(msg string) string {
	if m := quote.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// plainProblems maps the validator's technical messages to the form
// field they belong to and a sentence a recruiter understands.
var plainProblems = []struct{ prefix, key string }{
	{"empty answer", "msg.empty_answer"},
	{"blank or longer than", "msg.variant_bad"},
	{"longer than", "msg.too_long"},
	{"no questions", "msg.no_questions"},
	{"more than", "msg.too_many"},
	{"empty question", "msg.empty_question"},
	{"not a valid id", "msg.bad_id"},
	{"duplicate id", "msg.duplicate_id"},
	{"no text in any language", "msg.no_text"},
	{"links to itself", "msg.self_link"},
	{"lists ", "msg.twice"},
	{"unknown entry", "msg.unknown_entry"},
	{"missing: the ", "msg.sie_missing"},
	{"is the formal text but still says", "msg.sie_du"},
	{"is the formal form of the variant", "msg.sie_novariant"},
	{"only German answers have", "msg.sie_onlyde"},
	{"is the same as answer", "msg.sie_same"},
	{"is the same as variant", "msg.sie_same"},
}

// plainProblem returns the form field a validation problem belongs to
// ("" when none) and its message in plain words.
func plainProblem(p knowledge.Problem, lang string) (field, msg string) {
	switch {
	case p.Field == "id", p.Field == "topic", p.Field == "related", p.Field == "reviewed":
		field = p.Field
	case fieldPath.MatchString(p.Field):
		m := fieldPath.FindStringSubmatch(p.Field)
		field = m[1] + "_" + m[2]
	}
	msg = p.Msg
	switch {
	case p.Msg == "missing" && p.Field == "topic":
		return field, translate(lang, "msg.no_topic")
	case strings.Contains(p.Msg, " is not a placeholder careerbot fills in"):
		return field, translate(lang, "msg.placeholder", strings.SplitN(p.Msg, " ", 2)[0])
	case strings.Contains(p.Msg, "names only men"):
		return field, translate(lang, "msg.masculine", quoted(p.Msg))
	case strings.Contains(p.Msg, "is not listed in topics"):
		return field, translate(lang, "msg.unknown_topic")
	case strings.Contains(p.Msg, "is not a date"):
		return field, translate(lang, "msg.bad_date")
	}
	for _, pp := range plainProblems {
		if strings.HasPrefix(p.Msg, pp.prefix) {
			if q := quoted(p.Msg); q != "" && strings.Contains(translate("en", pp.key), "“%s”") {
				return field, translate(lang, pp.key, q)
			}
			if n := number.FindString(p.Msg); n != "" && strings.Contains(translate("en", pp.key), "%s") {
				return field, translate(lang, pp.key, n)
			}
			return field, translate(lang, pp.key)
		}
	}
	return field, msg
}
