package search

import (
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// testSynonyms are a few groups in the shape of the default content's.
var testSynonyms = [][]string{
	{"quereinsteiger", "quereinsteigerin", "seiteneinsteiger", "quereinstieg", "career changer"},
	{"entwickler", "entwicklerin", "developer"},
	{"datenbank", "datenbanken", "database", "databases"},
}

// testDocs is a small hand-written knowledge base in both languages, big
// enough (more than minAnchorDocs entries) for "backend" to be an anchor.
func testDocs() map[bot.Lang][]Doc {
	return map[bot.Lang][]Doc{
		bot.German: {
			{ID: "tasks", Questions: []string{"Was macht ein Backend-Entwickler?", "Welche Aufgaben hat eine Backend-Entwicklerin?", "Backend Entwickler Aufgaben"},
				Answer: "Backend-Entwickler bauen Server, Datenbanken und Webanwendungen."},
			{ID: "exam", Questions: []string{"Muss ich eine Prüfung ablegen?", "Gibt es eine Abschlussprüfung?", "Prüfung Backend-Entwickler"},
				Answer: "Eine klassische Ausbildung mit Prüfung gibt es nicht."},
			{ID: "db", Questions: []string{"Welche Kenntnisse über Datenbanken brauche ich?", "Muss ich Datenbanken können?", "Datenbanken Kenntnisse"},
				Answer: "SQL und relationale Datenbanken sind wichtig."},
			{ID: "career-change", Questions: []string{"Kann ich als Quereinsteiger Backend-Entwickler werden?", "Geht ein Quereinstieg?", "Quereinsteiger Backend"},
				Answer: "Ja, viele kommen als Quereinsteiger in den Beruf."},
			{ID: "languages", Questions: []string{"Welche Programmiersprachen brauche ich als Backend-Entwickler?", "Welche Sprachen sollte ich lernen?", "Programmiersprachen"},
				Answer: "PHP, Python und Java sind verbreitet."},
			{ID: "freelance", Questions: []string{"Kann ich als Backend-Entwickler freiberuflich arbeiten?", "Freelancer Backend"},
				Answer: "Ja, viele arbeiten als Freelancer für mehrere Kunden."},
			{ID: "city", Questions: []string{"Gibt es Backend-Jobs nur in der Großstadt?", "Jobs außerhalb der Großstadt"},
				Answer: "Stellen gibt es in allen Regionen."},
		},
		bot.English: {
			{ID: "tasks", Questions: []string{"What does a backend developer do?", "What are the tasks of a backend developer?", "backend developer tasks"},
				Answer: "Backend developers build servers, databases and web applications."},
			{ID: "exam", Questions: []string{"Do I have to pass an exam?", "Is there a final exam?"},
				Answer: "There is no classic apprenticeship with an exam."},
			{ID: "db", Questions: []string{"What do I need to know about databases?", "Do I need database skills?"},
				Answer: "SQL and relational databases matter."},
			{ID: "career-change", Questions: []string{"Can I become a backend developer as a career changer?", "Is a career change into backend development possible?"},
				Answer: "Yes, many people come in as career changers."},
			{ID: "languages", Questions: []string{"Which programming languages does a backend developer need?", "What languages should I learn?"},
				Answer: "PHP, Python and Java are common."},
			{ID: "freelance", Questions: []string{"Can a backend developer work as a freelancer?", "backend freelancing"},
				Answer: "Yes, many work freelance for several clients."},
		},
	}
}

// hostileInputs are messages that must never crash the matcher or yield a
// confidence outside [0,1]. The FTS and SQL strings stay in the list
// although the matcher is in memory: the index may one day be backed by
// SQLite's full-text search.
var hostileInputs = map[string]string{
	"empty":             "",
	"whitespace":        " \t\n\r\v\f\u00a0\u2003 ",
	"1 MB of words":     strings.Repeat("Welche Datenbanken braucht ein Backend-Entwickler? ", 1<<20/51),
	"invalid UTF-8":     "Pr\xfcfung \xff\xfe\xc3\x28 Datenbank\x80",
	"control chars":     "Daten\x00bank\x01\x02\x1b[31m\x7f\u200b\u202e?",
	"double quote":      `"Datenbank`,
	"star":              "Daten*",
	"NEAR":              "NEAR(Datenbank Server, 3)",
	"AND":               "Datenbank AND Server OR NOT Java",
	"minus":             "-Datenbank --Server",
	"caret":             "^Datenbank ^",
	"column filter":     "entries:Datenbank {question answer}: x",
	"SQL injection":     "'; DROP TABLE entries; --",
	"SQL union":         "' OR 1=1 UNION SELECT * FROM entries --",
	"emoji only":        "🙂👍🏽👨‍💻🚀",
	"very long word":    strings.Repeat("datenbank", 1<<20/9),
	"long letters":      strings.Repeat("x", 1<<20),
	"only digits":       "1234567890 42",
	"only punctuation":  "?!.,;:()[]{}<>/\\|",
	"stop words only":   "der die das und oder the a an of",
	"mixed scripts":     "Разработчик 开发者 مطور Entwickler",
	"combining marks":   "Pru\u0308fung Datenbank\u0301",
	"slash and a/b":     "A/B/C/ /a/b/ a/",
	"replacement chars": "\ufffd\ufffd\ufffd",
}
