package jobs

import (
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// Listing nouns: words for open positions. Strong ones are plural or
// unmistakable ("offene Stellen", "openings"); weak ones also name the
// profession ("Ist der Job stressig?").
var (
	strongNouns = set("stellen", "stellenangebote", "stellenangebot", "stellenanzeigen", "stellenanzeige",
		"stellenausschreibung", "stellenausschreibungen", "ausschreibungen", "jobs", "jobangebote", "jobangebot",
		"jobanzeigen", "vakanzen", "vakanz", "vacancies", "vacancy", "openings", "opening", "positions", "positionen",
		"roles", "projekte", "gigs", "postings", "listings", "job openings", "stellenmarkt", "karriereseite")
	weakNouns = set("stelle", "job", "position", "arbeitsplatz", "anstellung", "projekt", "praktikum",
		"praktikumsplatz", "internship", "werkstudentenstelle", "arbeit", "work")
)

// nounStrength is 2 for a strong listing noun, 1 for a weak one, 0 else;
// compounds count by their last part ("Backend-Stellen" is split already,
// "Backendjobs" is not).
func nounStrength(w string) int {
	switch {
	case strongNouns[w]:
		return 2
	case weakNouns[w]:
		return 1
	}
	for _, suf := range []string{"stellen", "jobs", "positionen", "angebote", "plaetze"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return 2
		}
	}
	for _, suf := range []string{"stelle", "job", "position", "platz"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return 1
		}
	}
	return 0
}

// verbFollowers after "stelle"/"stellen" make it the verb ("Wie stelle ich
// …", "stellen wir uns vor").
var verbFollowers = set("ich", "man", "wir", "sie", "mich", "mir", "dich", "euch", "uns", "er", "es", "du")
var verbLeaders = set("ich", "wir", "man", "wie", "du")

// searchWords ask for what is there now.
var searchWords = set("offen", "offene", "offenen", "offener", "frei", "freie", "freien", "aktuell", "aktuelle",
	"aktuellen", "derzeit", "gerade", "momentan", "zurzeit", "jetzt", "neue", "neuen", "current", "currently", "open",
	"available", "verfuegbar", "vakant", "any", "irgendwelche", "irgendwas", "zeig", "zeige", "zeigen", "show", "list",
	"liste", "auflisten", "sucht", "suchen", "gibt", "gibts", "habt", "hast", "haben",
	"have", "has", "there", "welche", "which", "what", "was", "wo", "where", "any", "bietet", "bietest", "bieten", "offer", "offers")

// secondPerson addresses the team ("habt ihr", "do you have").
var secondPerson = set("ihr", "euch", "eure", "euer", "euren", "eurem", "you", "your", "yours", "bei euch", "sie", "ihnen", "ihre", "ihren")

// adviceWords make a question career advice even when it names jobs:
// how to find or apply, help, chances, the market, moving, big cities.
var adviceWords = set("tipps", "tipp", "tips", "tip", "advice", "rat", "ratschlag", "ratschlaege", "hilfe", "helfen",
	"hilfst", "helft", "help", "unterstuetzen", "unterstuetzt", "unterstuetzung", "support", "bewerbung", "bewerbungen",
	"bewerben", "bewerbe", "bewirbt", "apply", "applying", "application", "applications", "lebenslauf", "cv", "resume",
	"anschreiben", "interview", "interviews", "vorstellungsgespraech", "gehalt", "salary", "verdient", "verdienen",
	"chancen", "chance", "aussichten", "outlook", "prospects", "perspektive", "perspektiven", "zukunft", "future",
	"markt", "arbeitsmarkt", "market", "nachfrage", "demand", "gefragt", "sicher", "sicherer", "secure", "safe",
	"staedte", "staedten", "cities", "city", "land", "laendlich", "rural", "ausserhalb", "outside", "ziehen", "umziehen",
	"move", "relocate", "voraussetzung", "voraussetzungen", "requirements", "qualifikation", "braucht", "brauche",
	"need", "needs", "matter", "reicht", "reichen", "enough", "genug", "viele", "many", "meisten", "most", "arten",
	"kinds", "types", "sort", "stressig", "stressful", "alltag", "typical", "typischer", "selbststaendig",
	"quereinsteiger", "quereinstieg", "jobsuche", "stellensuche", "wechseln", "switch", "vorbereiten", "prepare",
	"langfristig", "langfristige", "long-term", "longterm", "eher", "rather", "relevant", "relevance", "wichtig",
	"important", "lohnt", "worth", "nuetzlich", "useful", "sinnvoll", "lernen", "learn", "still", "noch")

// strongSearchWords ask for what is open now or for a list; "gibt es",
// "are there" and "welche" alone also ask about the profession ("Gibt es
// Teilzeitstellen im Backend?").
var strongSearchWords = set("offen", "offene", "offenen", "offener", "frei", "freie", "freien", "aktuell", "aktuelle",
	"aktuellen", "derzeit", "gerade", "momentan", "zurzeit", "jetzt", "neue", "neuen", "current", "currently", "open",
	"available", "verfuegbar", "vakant", "any", "irgendwelche", "zeig", "zeige", "zeigen", "show", "list", "liste",
	"auflisten", "habt", "hast", "bietet", "bietest")

// softAdviceWords are advice in a how-to question or without filters ("Wie
// finde ich einen Job?"), a search with them ("Ich suche Java-Jobs in Köln").
var softAdviceWords = set("bekomme", "bekommen", "kriege", "get", "finde", "finden", "find", "suche", "searching",
	"search", "looking")

// howWords open a how-to question.
var howWords = set("wie", "how", "worauf", "wodurch", "warum", "why", "wer", "who", "soll", "sollte", "should", "muss", "must")

// countWords after "wie"/"how" ask for a number, not a how-to.
var countWords = set("viele", "viel", "many", "much")

// hiringWords ask whether the team hires.
var hiringWords = set("hiring", "hire", "einstellen", "stellt", "recruiting", "rekrutiert", "recruitet")

// jobSearchTopics make an advice question one about finding a job.
var jobSearchTopics = set("jobsuche", "stellensuche", "bewerbung", "bewerbungen", "bewerben", "bewerbe", "apply",
	"applying", "application", "job search", "jobsearch")

// fillerWords may surround the filters of a follow-up ("und in Berlin?",
// "what about remote?", "nur Teilzeit bitte").
var fillerWords = set("und", "and", "in", "im", "nur", "only", "auch", "also", "what", "about", "how", "wie", "was",
	"ist", "mit", "with", "sieht", "siehts", "es", "aus", "dann", "then", "bitte", "please", "oder", "or", "the", "der",
	"die", "das", "den", "dem", "fuer", "for", "lieber", "stattdessen", "instead", "jetzt", "now", "ok", "okay", "gut",
	"a", "an", "ein", "eine", "as", "als", "so", "da", "dort", "there", "wo", "where", "vielleicht", "maybe", "eher",
	"rather", "noch", "still", "ja", "yes", "hmm", "na", "vs", "statt", "ganz", "just", "mal", "denn", "at", "from",
	"aber", "but", "bei", "near", "raum", "um")

// Detect tells whether text asks for open positions and which filters it
// names. It is cheap enough to run on every message.
func Detect(text string) (bot.JobIntent, bot.JobQuery) {
	p := parseQuery(text)
	if len(p.toks) == 0 {
		return bot.JobsNone, p.q
	}
	noun, search, strong, second, advice, soft, how, topic, hiring := 0, false, false, false, false, false, false, false, false
	unknown := 0
	for i, t := range p.toks {
		w := t.fold
		if s := nounStrength(w); s > 0 && !p.verbStelle(i) {
			noun = max(noun, s)
			if s == 2 || w == "praktikum" || w == "praktikumsplatz" || w == "internship" {
				topic = true
			}
			continue
		}
		if strongSearchWords[w] {
			strong = true
		}
		switch {
		case searchWords[w]:
			search = true
		case secondPerson[w]:
			second = true
		case howWords[w] && !(i+1 < len(p.toks) && countWords[p.toks[i+1].fold]):
			how = true
		case hiringWords[w]:
			hiring = true
		}
		if w == "sucht" || w == "suchen" {
			hiring = true // with "ihr"/"Sie": "Sucht ihr Junior-Entwickler?"
		}
		if adviceWords[w] {
			advice = true
		}
		if softAdviceWords[w] {
			soft = true
		}
		if jobSearchTopics[w] {
			topic = true
		}
		if !p.used[i] && !fillerWords[w] {
			unknown++
		}
	}
	if soft && (how || p.filters == 0) {
		advice = true
	}
	// "Wie viele offene Stellen habt ihr?" counts, "Gibt es genug Jobs?" asks
	// about the market.
	if advice && second && !how && noun == 2 && countOnly(p.toks) {
		advice = false
	}
	switch {
	case advice || how && noun > 0:
		if noun > 0 || topic {
			return bot.JobsAdvice, p.q
		}
		return bot.JobsNone, p.q
	case hiring && second:
		return bot.JobsSearch, p.q // "Are you hiring?", "Stellt ihr ein?"
	case noun == 2 && (strong || second || placeLike(p.q) || len(p.toks) <= 3):
		return bot.JobsSearch, p.q
	case noun == 2 && (search || p.filters > 0):
		// "Gibt es Teilzeitstellen im Backend?": about the profession,
		// answered from the knowledge base with an offer to see postings.
		return bot.JobsAdvice, p.q
	case noun == 1 && strong && (p.filters > 0 || second):
		return bot.JobsSearch, p.q
	case noun > 0 && soft && p.filters > 0:
		return bot.JobsSearch, p.q // "Ich suche eine Teilzeitstelle in Leipzig"
	case noun == 0 && p.filters > 0 && hasListingFilter(p.q) && (second || search) && unknown <= 3:
		// "Bietet ihr Praktika an?", "Habt ihr was für Werkstudenten?"
		return bot.JobsSearch, p.q
	case noun == 0 && p.filters > 0 && unknown == 0 && len(p.toks) <= 8:
		return bot.JobsRefine, p.q
	}
	return bot.JobsNone, p.q
}

// placeLike reports whether q names where or what: a place, remote work
// or a skill, the filters of a search rather than of a question about
// the profession.
func placeLike(q bot.JobQuery) bool {
	return q.Place.Kind != 0 || q.Remote || len(q.Skills) > 0
}

// countOnly reports whether the only advice words are "how many" ones.
func countOnly(toks []token) bool {
	for _, t := range toks {
		if adviceWords[t.fold] && t.fold != "viele" && t.fold != "many" {
			return false
		}
	}
	return true
}

// hasListingFilter: internships, working-student jobs and freelance
// projects are things a team offers, not only filters.
func hasListingFilter(q bot.JobQuery) bool {
	for _, t := range q.Types {
		if t == "INTERN" || t == "CONTRACTOR" || t == "PART_TIME" {
			return true
		}
	}
	for _, l := range q.Levels {
		if l == "werkstudent" {
			return true
		}
	}
	return false
}

// verbStelle reports whether "stelle"/"stellen" at i is the verb.
func (p *parsed) verbStelle(i int) bool {
	t := p.toks[i]
	if t.fold != "stelle" && t.fold != "stellen" || t.orig[0] == 'S' && !t.start {
		return false // a capital inside a sentence: the noun
	}
	if i+1 < len(p.toks) && verbFollowers[p.toks[i+1].fold] {
		return true
	}
	return i > 0 && verbLeaders[p.toks[i-1].fold]
}
