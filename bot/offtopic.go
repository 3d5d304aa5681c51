package bot

import "regexp"

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

// asksForCode reports whether a message asks for programming help.
func asksForCode(text string) bool { return codingHelp.MatchString(text) }
