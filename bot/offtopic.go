package bot

import (
	"regexp"
	"strings"
)

// Requests for programming help name the profession's own tools ("fix my
// NullPointerException", "schreib mir einen SQL-JOIN"), so the search may
// find a backend entry for them; but careerbot gives career advice, not
// code. They are told by what they ask for: an error to fix, code to
// write, review or explain.
var codingHelp = regexp.MustCompile(`(?i)` +
	`\b(exception|stack ?trace|traceback|segfault|null ?pointer|syntax ?error|[a-z]+error|fehlermeldung|fehlercode|error code|already in use)\b` +
	`|\b(fix|fixe|fixen|debug|debugge|debuggen)\b.{0,20}\b(my|mein\w*|this|that|das|dies\w*|it|es|code)\b` +
	`|\bwie fix\b` +
	`|\b(write|schreib\w*|generate|generier\w*|gib|give|erstell\w*|create)\b.{0,40}\b(code|script|skript|funktion|function|query|abfrage|join|regex|dockerfile|docker-compose\S*|klasse|class|schleife|loop|programm|program)\b` +
	`|\b(review|reviewen|explain|erklär\w*)\b.{0,25}\b(code|regex)\b` +
	`|<\?php|\bfor-schleife\b|\bfor loop\b`)

// codeCues are the words without which codingHelp cannot match; checking
// them first keeps the regular expression off nearly every message.
var codeCues = wordSet(`fix fixe fixen debug debugge debuggen write schreib schreibe schreibst schreibt
	schreiben generate generiere generier gib give erstell erstelle erstellen create review reviewen explain
	erklär erkläre erklären erklaer erklaere php schleife loop already`)

// asksForCode reports whether a lower-case message asks for programming
// help.
func asksForCode(lower string) bool {
	for w := range strings.FieldsFuncSeq(lower, notLetter) {
		if codeCues[w] || strings.Contains(w, "error") || strings.Contains(w, "exception") ||
			strings.Contains(w, "trace") || strings.Contains(w, "pointer") || w == "segfault" ||
			strings.HasPrefix(w, "fehler") {
			return codingHelp.MatchString(lower)
		}
	}
	return false
}
