package bot

import (
	"context"
	"regexp"
	"strings"
	"unicode"
)

// Long messages often introduce the person before asking ("Ich bin 38,
// komme aus der Logistik … Habe ich eine Chance?"). The introduction's
// words drown the question in a plain search, so the engine searches the
// question sentence, and the question with a few words that say who is
// asking (a trainee, a career changer, a frontend developer, someone
// returning after a break, a freelancer), and keeps the better match.

// minFocusWords is the length from which a message is split into its
// sentences.
const minFocusWords = 6

var questionStarts = wordSet(`wie was welche welcher welches welchen kann kannst könnte koennte könnten
	koennten gibt gibts habe hätte haette hat ist sind muss müsste brauche braucht brauchen soll sollte
	lohnt wo wann warum wieso bin wäre waere würde wuerde lässt darf macht mache
	how what which can could is are do does should will would where when why am have has did may might`)

// questionCues mark a sentence that asks something without a question
// mark ("ich würde gern wissen, ob …").
var questionCues = []string{"wissen", "frage mich", "fragen", "wonder", "would like to know", "want to know",
	"interessiert mich", "tell me", "sag mir", "sagen sie mir", "erklär", "explain"}

// focus splits a long message into its question and the rest, which is
// context. A short message, or one without a recognisable question, is
// all question.
func focus(text string) (question, context string) {
	if strings.Count(text, " ")+1 < minFocusWords {
		return text, ""
	}
	sentences := splitSentences(text)
	if len(sentences) < 2 && askedAfter(text) == 0 {
		return text, ""
	}
	var q, c []string
	for _, s := range sentences {
		if kind, _ := smalltalk(s); kind != "" {
			continue // "Guten Tag." is neither question nor context
		}
		if i := askedAfter(s); i > 0 {
			// "…, und würde gern wissen, welche Kenntnisse …": the
			// question is what follows the cue.
			q, c = append(q, s[i:]), append(c, s[:i])
		} else if asks(s) {
			q = append(q, s)
		} else {
			c = append(c, s)
		}
	}
	if len(q)+len(c) == 0 {
		return text, ""
	}
	if len(q) == 0 {
		// No question mark and no question word: the last sentence is
		// likeliest the question.
		q, c = c[len(c)-1:], c[:len(c)-1]
	}
	return strings.Join(q, " "), strings.Join(c, " ")
}

// splitSentences cuts text after . ! ? and line breaks, keeping the
// punctuation.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r != '.' && r != '!' && r != '?' && r != '\n' && r != ':' && r != ';' {
			continue
		}
		// "z.B." and "3.5" are not sentence ends: a sentence end is
		// followed by a space or the end.
		if r == '.' && i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\n' {
			continue
		}
		if s := strings.TrimSpace(text[start : i+1]); hasWords(s) {
			out = append(out, s)
		}
		start = i + 1
	}
	if s := strings.TrimSpace(text[start:]); hasWords(s) {
		out = append(out, s)
	}
	return out
}

// askCues introduce an indirect question in the middle of a sentence.
var askCues = []string{"wissen,", "wissen ob", "frage mich,", "frage mich ob", "wonder whether", "wonder if",
	"wondering whether", "wondering if", "know whether", "know if", "know,", "wissen:", "know:"}

// askedAfter returns where the indirect question in a sentence starts
// ("… würde gern wissen, welche …"), or 0.
func askedAfter(s string) int {
	lower := strings.ToLower(s)
	for _, c := range askCues {
		if i := strings.Index(lower, c); i > 0 && i+len(c) < len(s) {
			return i + len(c)
		}
	}
	return 0
}

// asks reports whether a sentence asks something.
func asks(s string) bool {
	if strings.HasSuffix(s, "?") {
		return true
	}
	lower := strings.ToLower(s)
	first, _, _ := strings.Cut(strings.TrimLeftFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }), " ")
	if questionStarts[strings.TrimRightFunc(first, func(r rune) bool { return !unicode.IsLetter(r) })] {
		return true
	}
	for _, c := range questionCues {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// backReferences point from a question to what was said before it.
var backReferences = wordSet(`that this it das dies dieses diese damit dafür dazu davon es`)

// refersBack reports whether a short question points back at what was
// said before it.
func refersBack(question string) bool {
	n := 0
	for w := range strings.FieldsFuncSeq(strings.ToLower(question), notLetter) {
		if n++; n > 8 {
			return false
		}
		if backReferences[w] {
			return true
		}
	}
	return false
}

// persona is one kind of person the bot is for, told by cues in their
// self-introduction, with the words that say it in the knowledge base's
// terms.
type persona struct {
	cues   *regexp.Regexp
	de, en string
	// wayDE and wayEN ask how such a person gets in, in the knowledge
	// base's terms: searched when the question is only about getting in.
	wayDE, wayEN string
}

var personas = []persona{
	{regexp.MustCompile(`azubi|auszubildend|fachinformatiker|in (der|meiner) ausbildung|ausbildung zum|ausbildung als|apprentice|trainee`),
		"Ausbildung Fachinformatiker", "apprenticeship",
		"Ist eine IT-Ausbildung wie Fachinformatiker*in ein Weg ins Backend?", "Is an IT apprenticeship a way into backend development?"},
	{regexp.MustCompile(`frontend|front-end|front end`), "vom Frontend ins Backend wechseln", "switch from frontend to backend",
		"Kann ich vom Frontend ins Backend wechseln?", "Can I switch from frontend to backend?"},
	{regexp.MustCompile(`elternzeit|auszeit|pause|kinderpause|wiedereinstieg|parental leave|career break|a break|time off|returning`),
		"Wiedereinstieg nach einer Pause", "returning after a break",
		"Wiedereinstieg ins Backend nach einer Pause", "returning to backend development after a break"},
	{regexp.MustCompile(`freelanc|freiberuf|selbstständig|selbständig|self-employed`), "freiberuflich", "freelance",
		"Kann ich als Backend-Entwickler*in freiberuflich arbeiten?", "Can I work as a freelance backend developer?"},
	{regexp.MustCompile(`schüler|schueler|\bklasse\b|\babi\b|abitur|high school|pupil|\bschool\b`),
		"Studium nach der Schule", "degree after school",
		"Welches Studium passt für die Backend-Entwicklung?", "Which degree is good for backend development?"},
	{regexp.MustCompile(`quereinst|seiteneinst|umschul|komme aus|come from|logisti|gelernte[rn]? |arbeite seit|jahre(n)? als|jahre(n)? in der|years as|worked as|working as|career change|switch(?:ing)? careers?|chang(?:e|ing) careers?|career switch|new career|umorientier|neu orientier|berufswechsel|beruf(?:lich)? (?:zu )?wechseln|branche|\bbin \d\d\b|\bi'?m \d\d\b|\bi am \d\d\b|\d\d years old|\d\d jahre alt`),
		"Quereinsteiger", "career changer",
		"Kann ich als Quereinsteiger*in Backend-Entwickler*in werden?", "Can I become a backend developer as a career changer?"},
}

// personaTerms returns the words for the people a self-introduction
// describes, in lang, or "".
func personaTerms(context string, lang Lang) string {
	lower := strings.ToLower(context)
	var terms []string
	for _, p := range personas {
		if p.cues.MatchString(lower) {
			terms = append(terms, lang.Pick(p.de, p.en))
		}
	}
	return strings.Join(terms, " ")
}

// searchFocused searches a message's question. When that finds no answer
// and the message had an introduction, it also searches the question with
// the person's terms, and the whole message (the introduction may hold
// the topic: "Ich bin eher ein Einzelgänger. Passt Backend zu mir?"),
// and keeps the best.
func (e *Engine) searchFocused(ctx context.Context, question, context string, t *turn) ([]Match, error) {
	if context != "" && aboutEntry(question) {
		// "I work as a frontend developer. How can I switch?": the way in
		// for the person the introduction describes.
		if m, err := e.searchPersona(ctx, context, t); err != nil || len(m) > 0 {
			return m, err
		}
	}
	m, err := e.search(ctx, question, t.search, t.sure)
	if err != nil || context == "" {
		return m, err
	}
	back := refersBack(question)
	if len(m) > 0 && m[0].Confidence >= e.answer && !back {
		return m, nil
	}
	// A question that points back at the introduction ("Does that
	// help?" after "I'm doing an apprenticeship") is about it, even when
	// it matched something on its own.
	variants := []string{context + " " + question}
	if terms := personaTerms(context, t.search); terms != "" {
		variants = append(variants, question+" "+terms)
	}
	var best []Match
	for _, v := range variants {
		m2, err := e.search(ctx, v, t.search, t.sure)
		if err != nil {
			return nil, err
		}
		if len(m2) > 0 && (len(best) == 0 || m2[0].Confidence > best[0].Confidence) {
			best = m2
		}
	}
	// The question alone is not self-contained when it points back: it
	// counts only when the introduction adds nothing that fits.
	switch {
	case len(best) == 0:
		return m, nil
	case len(m) == 0, back && best[0].Confidence >= e.clarify, best[0].Confidence > m[0].Confidence:
		return best, nil
	}
	return m, nil
}

// framing is the polite wrapping around a question ("Guten Tag, könnten
// Sie mir sagen, ob …", "I was wondering whether …"): its words say
// nothing about the topic but weigh in a search as much as the topic's.
var framing = regexp.MustCompile(`(?i)^\s*(?:(?:guten (?:tag|morgen|abend)|hallo|hello|hi|hey|moin|servus|sehr geehrte[^,!.]*|dear [^,!.]*)[,!.]?\s+)?` +
	`(?:bitte\s+|please\s+)?` +
	`(?:(?:könnten|koennten|können|koennen|würden|wuerden) sie mir(?: bitte)? (?:sagen|mitteilen|erklären|erklaeren|verraten|beantworten)` +
	`|(?:könntest|koenntest|kannst|würdest|wuerdest) du mir(?: bitte)? (?:sagen|erklären|erklaeren|verraten)` +
	`|ich (?:wollte|würde|wuerde|möchte|moechte)(?: gerne?)? (?:mal )?(?:fragen|wissen)` +
	`|ich frage mich|mich würde interessieren|mich wuerde interessieren` +
	`|i (?:was|am|'m) wondering|i wonder|i(?:'d| would) like to know|i wanted to ask|i want to know` +
	`|(?:could|can|would) you(?: please)? tell me|please tell me|tell me)` +
	`[,:]?\s+(?:(?:ob|whether|if)\s+)?`)

// framingCues holds a word part of every framing alternative; a question
// with none of them is not framed, and most questions skip the regular
// expression.
var framingCues = []string{"mir", "ich", "wonder", "know", "ask", "tell"}

// mayBeFramed reports whether the start of a question holds a framing cue.
func mayBeFramed(question string) bool {
	head := strings.ToLower(question[:min(len(question), 120)])
	for _, c := range framingCues {
		if strings.Contains(head, c) {
			return true
		}
	}
	return false
}

// unframe cuts the polite wrapping off a question, keeping the question
// when nothing would be left.
func unframe(question string) string {
	if !mayBeFramed(question) {
		return question
	}
	loc := framing.FindStringIndex(question)
	if loc == nil || !hasWords(question[loc[1]:]) {
		return question
	}
	return question[loc[1]:]
}

// entryIntent marks a question about getting in or switching, the one
// kind of question a self-introduction answers on its own ("I work as a
// frontend developer. How can I switch?").
var entryIntent = regexp.MustCompile(`(?i)wechs|umsteig|umstieg|einsteig|einstieg|steige|reinkomm|komme ich|werden|chance|realistisch|möglich|moeglich|reicht|weg ins|` +
	`switch|move (?:in)?to|get (?:in|into|back)|break into|become|transition|way in|chance|realistic|possible|back into|return`)

// topicWords are the words of an entry-intent question that name no topic
// of their own.
var topicWords = wordSet(`backend backend-entwickler backend-entwicklerin backend-entwicklung entwickler entwicklerin developer development dev
	wechseln wechsel umsteigen einsteigen einstieg steige reinkommen werden komme chance chancen realistisch möglich moeglich reicht
	switch move into become transition realistic possible back return später spaeter noch auch wirklich eigentlich überhaupt
	ueberhaupt bereich später job beruf career kann könnte koennte could would eine einen einem einer ausbildung`)

// aboutEntry reports whether a question asks only how to get in or switch,
// naming no other topic.
func aboutEntry(question string) bool {
	if !entryIntent.MatchString(question) {
		return false
	}
	other := 0
	for w := range strings.FieldsFuncSeq(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if len([]rune(w)) >= 5 && !topicWords[w] {
			other++
		}
	}
	return other <= 1
}

// searchPersona searches the way in for the first person a
// self-introduction describes, returning matches only when one is an
// answer.
func (e *Engine) searchPersona(ctx context.Context, context string, t *turn) ([]Match, error) {
	lower := strings.ToLower(context)
	for _, p := range personas {
		if !p.cues.MatchString(lower) {
			continue
		}
		m, err := e.search(ctx, t.search.Pick(p.wayDE, p.wayEN), t.search, t.sure)
		if err != nil || len(m) > 0 && m[0].Confidence >= e.answer {
			return m, err
		}
	}
	return nil, nil
}
