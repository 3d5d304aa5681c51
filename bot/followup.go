package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Follow-ups are read against the conversation's last answer: a typed
// number picks from the last menu, "ja" accepts a yes/no question, "mehr"
// goes on to a related entry, and a short elliptical question ("und ohne
// Studium?", "what about Go?") is searched with the last entry's question
// as context.

// pick answers a typed number from the conversation's last menu and a
// yes or no to its yes/no question; ok is false for anything else.
func (e *Engine) pick(ctx context.Context, t *turn) (r Reply, ok bool, err error) {
	st := t.state
	if n, isNum := menuNumber(t.lower); isNum && len(st.menu) > 0 {
		if n == lastPlace { // "die letzte"
			n = len(st.menu)
		}
		if n < 1 || n > len(st.menu) {
			return Reply{Kind: KindClarify, Question: t.text, Lang: t.lang,
				Text: phraseIn(kindNoChoice, t.lang, t.form), Suggestions: st.menu}, true, nil
		}
		r, err = e.openPicked(ctx, t, st.menu[n-1].EntryID)
		return r, true, err
	}
	if st.confirm == "" {
		return Reply{}, false, nil
	}
	switch yesOrNo(t.lower) {
	case yes:
		r, err = e.openPicked(ctx, t, st.confirm)
		return r, true, err
	case no:
		r, err = e.fallback(ctx, kindDeclined, t.text, t.lang, t.form, 0)
		return r, true, err
	}
	return Reply{}, false, nil
}

// openPicked opens an entry the person chose; one removed since is an
// "I don't know" with the topics.
func (e *Engine) openPicked(ctx context.Context, t *turn, id string) (Reply, error) {
	r, err := e.openIn(ctx, id, t.lang, t.user, t.form)
	if errors.Is(err, ErrNotFound) {
		return e.fallback(ctx, KindFallback, t.text, t.lang, t.form, 0)
	}
	return r, err
}

// menuNumber reads a message that picks from a menu by number: "2", "2.",
// "(2)", "#2", "Nr. 2", "option 2", "die zweite", "the first one".
func menuNumber(lower string) (int, bool) {
	s := strings.Trim(lower, " .)(#[]!")
	for _, p := range menuPrefixes {
		s = strings.TrimPrefix(s, p)
	}
	if n, ok := ordinals[strings.TrimSuffix(s, " one")]; ok {
		return n, true
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// menuPrefixes may stand before a menu number.
var menuPrefixes = []string{"nummer ", "number ", "nr. ", "nr ", "no. ", "option ", "frage ", "question ",
	"die ", "den ", "the "}

// ordinals pick a menu entry by its place.
var ordinals = map[string]int{"erste": 1, "ersten": 1, "erstes": 1, "first": 1, "zweite": 2, "zweiten": 2,
	"zweites": 2, "second": 2, "dritte": 3, "dritten": 3, "drittes": 3, "third": 3, "vierte": 4, "fourth": 4,
	"fünfte": 5, "fifth": 5, "letzte": lastPlace, "letzten": lastPlace, "last": lastPlace}

// lastPlace stands for the menu's last entry; no typed number reaches it.
const lastPlace = 1000

type answerYesNo uint8

const (
	neither answerYesNo = iota
	yes
	no
)

var (
	yesWords = wordSet(`ja jaa jo jep jup yes yep yeah yup sure genau richtig gerne gern bitte please correct
		right exactly natürlich natuerlich absolut stimmt y j`)
	noWords = wordSet(`nein nee ne no nope nicht not nö noe n falsch wrong`)
)

// yesOrNo reads a short yes or no ("ja, bitte", "no thanks").
func yesOrNo(lower string) answerYesNo {
	w := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(w) == 0 || len(w) > 4 {
		return neither
	}
	switch {
	case noWords[w[0]]:
		return no
	case yesWords[w[0]]:
		return yes
	}
	return neither
}

// morePhrases ask to go on with the last answer.
var morePhrases = phraseSet(moreSource)

// phraseSet makes a set of "|"-separated phrases, spaces normalised.
func phraseSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(s, "|") {
		m[strings.Join(strings.Fields(p), " ")] = true
	}
	return m
}

const moreSource = `mehr|mehr dazu|mehr bitte|bitte mehr|noch mehr|und|und weiter|und dann|und sonst|
	weiter|erzähl mehr|erzähl mir mehr|erzähl mir mehr darüber|erzähl mehr darüber|mehr darüber|mehr details|
	mehr infos|mehr info|mehr informationen|genauer|ausführlicher|details|was noch|und was noch|sonst noch was|
	more|more please|tell me more|tell me more about it|more about that|more about it|go on|and|and then|
	what else|more details|more info|continue|keep going|elaborate|anything else`

// isMore reports whether a message asks to go on with the last answer.
func isMore(lower string) bool {
	w := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	return len(w) > 0 && len(w) <= 6 && morePhrases[strings.Join(w, " ")]
}

// more answers "mehr" / "more" / "und?" with the last entry's first
// related entry the conversation has not seen yet, or offers the related
// questions when it has seen them all; ok is false for any other message
// or a conversation without an answer yet.
func (e *Engine) more(ctx context.Context, t *turn) (Reply, bool, error) {
	last := t.state.last()
	if last == "" || !isMore(t.lower) {
		return Reply{}, false, nil
	}
	entry, err := e.kb.Entry(ctx, last)
	if errors.Is(err, ErrNotFound) {
		return Reply{}, false, nil
	}
	if err != nil {
		return Reply{}, true, err
	}
	for _, id := range entry.Related {
		if t.state.shown(id) {
			continue
		}
		r, err := e.openIn(ctx, id, t.lang, t.user, t.form)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		r.Question = t.text
		return r, true, err
	}
	return e.noMore(ctx, t, entry)
}

// noMore says there is nothing more on entry and offers its related
// questions (or the topics, when it has none).
func (e *Engine) noMore(ctx context.Context, t *turn, entry Entry) (Reply, bool, error) {
	s, err := e.related(ctx, entry, t.lang, nil)
	if err != nil {
		return Reply{}, true, err
	}
	if len(s) == 0 {
		if s, err = e.menu(ctx, t.lang); err != nil {
			return Reply{}, true, err
		}
	}
	text := fmt.Sprintf(phraseIn(kindNoMore, t.lang, t.form), entry.Question(t.lang))
	return Reply{Kind: KindClarify, Question: t.text, Lang: t.lang, Text: text, Suggestions: s}, true, nil
}

// ellipticalStarts open a question that leans on the previous one.
var ellipticalStarts = []string{"und ", "and ", "aber ", "but ", "auch ", "also ", "oder ", "or ",
	"what about ", "how about ", "what if ", "was ist mit ", "wie ist es mit ", "wie sieht es mit ",
	"wie sieht's mit ", "wie siehts mit ", "was wäre mit ", "what about", "und wenn ", "even ", "selbst ",
	"sowie ", "plus ", "dann ", "then ", "so ", "also "}

// maxEllipticalWords is the length up to which any question may be a
// follow-up; longer ones only when they start like one.
const maxEllipticalWords = 4

// elliptical reports whether a question reads as a follow-up to the last
// answer: short, or opening with "und", "what about" and the like.
func elliptical(lower string) bool {
	n := len(strings.Fields(lower))
	if n == 0 || n > 9 {
		return false
	}
	return n <= maxEllipticalWords || opensFollowUp(lower)
}

// opensFollowUp reports whether a question starts like a follow-up.
func opensFollowUp(lower string) bool {
	for _, s := range ellipticalStarts {
		if strings.HasPrefix(lower, s) {
			return true
		}
	}
	return false
}

// moreLeads open a follow-up about one part of the last answer; the rest of
// the message is what to search ("tell me more about the database part").
var moreLeads = []string{"tell me more about ", "tell me about ", "more about ", "more on ", "and more about ",
	"erzähl mir mehr über ", "erzähl mehr über ", "erzähl mir mehr zu ", "erzähl mehr zu ", "mehr über ",
	"mehr zu ", "mehr zum ", "mehr zur ", "und was ist mit ", "was ist mit ", "and what about ", "what about ",
	"how about ", "wie ist es mit ", "wie sieht es mit ", "wie sieht's mit ", "wie siehts mit ", "und wie ist es mit "}

// stripLead cuts a follow-up's lead-in off a question; lead is false when
// it has none.
func stripLead(question string) (rest string, lead bool) {
	lower := strings.ToLower(question)
	for _, l := range moreLeads {
		if strings.HasPrefix(lower, l) && len(question) > len(l) {
			return question[len(l):], true
		}
	}
	return question, false
}

// functionWords carry no topic of their own.
var functionWords = wordSet(`der die das den dem des ein eine einen einem einer ist sind bin bist war ich du er
	sie es wir ihr mich mir dich dir man und oder aber nicht kein keine auch noch nur schon wie was wer wo wann
	warum wieso weshalb welche welcher welches welchen womit wofür muss müssen kann können soll sollte habe
	hat haben wäre würde mit für von zu zum zur bei im am um auf aus nach über ohne als dann da dafür damit
	dazu denn so mal the a an is are am was were be i you he she it we they me my your and or but not no also
	only just what who where when why how which do does did can could should would will must have has of to
	for with from in on at by about as than any some without one ones that this then there so it's`)

// contentless reports whether a question has no word but function words
// ("und ohne?"), so that only the conversation can say what it is about.
func contentless(lower string) bool {
	for _, w := range strings.FieldsFunc(lower, notLetter) {
		if !functionWords[w] {
			return false
		}
	}
	return true
}

// whyPhrases ask for the reasons behind the last answer.
var whyPhrases = phraseSet(`why|why is that|why so|how so|how come|warum|warum das|warum denn|wieso|wieso das|
	wieso denn|weshalb|wozu|wozu das|inwiefern|wie das|wie kommt das|und warum|and why`)

// whyFillers may stand beside "why?" without changing it: "wieso
// genau?", "but why exactly?".
var whyFillers = wordSet(`eigentlich genau nochmal jetzt denn ok okay hmm aha actually exactly though then again
	but aber ok`)

// asksWhy reports whether a message only asks "why?".
func asksWhy(lower string) bool {
	var w []string
	for _, x := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !whyFillers[x] {
			w = append(w, x)
		}
	}
	return len(w) > 0 && len(w) <= 4 && whyPhrases[strings.Join(w, " ")]
}

// endPronouns end a short question about something said before: "wie komme
// ich an die?", "where do I get them?".
var endPronouns = wordSet(`die den das dem es sie ihn ihnen them it that those one ones these`)

// impersonal reports whether a question ends on an impersonal "es" or
// "it" that points at nothing said before ("wie spät ist es?", "is it
// raining?") rather than on a pronoun for the last answer's subject.
func impersonal(lower string) bool {
	w := strings.FieldsFunc(lower, notLetter)
	return len(w) > 0 && (w[len(w)-1] == "es" || w[len(w)-1] == "it")
}

// endsOnPronoun reports whether a short question ends on a pronoun.
func endsOnPronoun(lower string) bool {
	var n int
	var lastWord string
	for w := range strings.FieldsFuncSeq(lower, notLetter) {
		n++
		lastWord = w
	}
	return n > 1 && n <= 7 && endPronouns[lastWord]
}

// Follow-up scoring: a candidate's confidence mixes its own match and its
// match with the last entry's question as context, plus a bonus when the
// last entry lists it as related.
const (
	followUpPool    = 8
	contextShare    = 0.4
	relatedBonus    = 0.1
	followUpNothing = 0.05 // below this the question alone matched nothing
	followUpLead    = 0.5  // a runner-up below this share of the best leaves one clear candidate
)

// followUp re-ranks the matches of an elliptical question in the light of
// the conversation's last answer. It prefers an entry other than the last
// one: "und Java?" after the languages answer is not a request to hear it
// again.
func (e *Engine) followUp(ctx context.Context, t *turn, question string, matches []Match) ([]Match, error) {
	last := t.state.last()
	question, lead := stripLead(question)
	lower := strings.ToLower(question)
	pointer := endsOnPronoun(lower)
	if last == "" {
		return matches, nil
	}
	if !lead && !pointer && !elliptical(lower) {
		return e.inContext(ctx, t, question, matches)
	}
	if asksWhy(lower) {
		// "warum?": the reasons are in the last answer.
		return []Match{{EntryID: last, Confidence: e.answer}}, nil
	}
	if len(matches) > 0 && matches[0].Confidence >= e.answer && matches[0].EntryID != last {
		return matches, nil // a question of its own, told by the whole message
	}
	// Only a question that opens like a follow-up ("und …", "what about
	// …") leans on the last answer when it has nothing of its own: "Wie
	// wird das Wetter?" is a question of its own, and not about careers.
	opener := lead || pointer && !impersonal(lower) || opensFollowUp(lower)
	lastEntry, err := e.kb.Entry(ctx, last)
	if errors.Is(err, ErrNotFound) {
		return matches, nil
	}
	if err != nil {
		return nil, err
	}
	if opener && contentless(lower) {
		// Nothing of its own to search for ("und ohne?"): go on to a
		// related entry, as for "mehr".
		if r := e.nextRelated(ctx, t, lastEntry); r != "" {
			return []Match{{EntryID: r, Confidence: e.answer}}, nil
		}
		return matches, nil
	}
	// What is left after the lead ("Go?", "Node.js") is often a name in
	// no language: it is searched in both unless it says its language.
	_, margin := detectMargin(lower)
	own, err := e.searchN(ctx, question, t.search, t.sure && (!lead || margin >= 1), followUpPool)
	if err != nil {
		return nil, err
	}
	switch {
	case len(own) == 0 || own[0].Confidence < followUpNothing:
		if !opener {
			return matches, nil
		}
		// A word the knowledge base lacks ("und KI?") is about the last
		// answer: it says so, and which related questions it can answer.
		return []Match{{EntryID: last, Confidence: e.answer}}, nil
	case own[0].Confidence >= e.answer:
		// A question of its own ("und Cybersecurity?"), or about the
		// last answer again, which then gets its short form.
		return own, nil
	}
	best, err := e.contextBest(ctx, t, question, own, lastEntry)
	if err != nil {
		return nil, err
	}
	if best.Confidence >= e.answer {
		return append([]Match{best}, matches...), nil
	}
	lastLeads := own[0].EntryID == last && own[0].Confidence >= e.clarify ||
		len(matches) > 0 && matches[0].EntryID == last && matches[0].Confidence >= e.clarify
	if lastLeads {
		// The question's own search leads back to the last answer.
		return []Match{{EntryID: last, Confidence: e.answer}}, nil
	}
	if !pointer && own[0].Confidence >= e.clarify && (len(matches) == 0 || matches[0].Confidence < own[0].Confidence) {
		// "what about Go?" after another topic: without its lead-in the
		// question matches better than with it, and one clear candidate
		// is its answer.
		if len(own) == 1 || own[1].Confidence < own[0].Confidence*followUpLead {
			return []Match{{EntryID: own[0].EntryID, Confidence: e.answer}}, nil
		}
		return own, nil
	}
	if opener {
		// "und wo bekomme ich die?": it points at the last answer, and
		// nothing else fits.
		return []Match{{EntryID: last, Confidence: e.answer}}, nil
	}
	return matches, nil
}

// contextBest ranks a question's own matches in the light of the last
// entry: each mixes its own confidence with its match when the last
// entry's question is searched along, plus a bonus when the last entry
// lists it as related. The last entry itself is left out.
func (e *Engine) contextBest(ctx context.Context, t *turn, question string, own []Match, lastEntry Entry) (Match, error) {
	wide, err := e.searchN(ctx, question+" "+lastEntry.Question(t.search), t.search, t.sure, followUpPool)
	if err != nil {
		return Match{}, err
	}
	score := map[string]float64{}
	for _, m := range own {
		score[m.EntryID] = (1 - contextShare) * m.Confidence
	}
	for _, m := range wide {
		if _, mine := score[m.EntryID]; mine {
			score[m.EntryID] += contextShare * m.Confidence
		}
	}
	for _, id := range lastEntry.Related {
		if _, ok := score[id]; ok {
			score[id] += relatedBonus
		}
	}
	best := Match{}
	for id, c := range score {
		if id != lastEntry.ID && (c > best.Confidence || c == best.Confidence && id < best.EntryID) {
			best = Match{EntryID: id, Confidence: min(1, c)}
		}
	}
	return best, nil
}

// contextOwn is the least confidence a complete question's own match
// needs before the conversation may lift it: below it the question
// shares no meaningful term with the entry ("wer gewinnt die Liga?"),
// and context must never carry an off-topic question.
const contextOwn = 0.2

// inContext reads a complete question that matched only weakly on its
// own against the conversation's last answer: a question about the
// reasons firms bring in freelancers, asked after the freelancing answer. The
// contextual match is taken only when it clears the answer threshold, is
// not the last answer again, and the question's own words matched it.
func (e *Engine) inContext(ctx context.Context, t *turn, question string, matches []Match) ([]Match, error) {
	if len(matches) > 0 && matches[0].Confidence >= e.answer || asksForCode(t.lower) {
		return matches, nil
	}
	lastEntry, err := e.kb.Entry(ctx, t.state.last())
	if errors.Is(err, ErrNotFound) {
		return matches, nil
	}
	if err != nil {
		return nil, err
	}
	own, err := e.searchN(ctx, question, t.search, t.sure, followUpPool)
	if err != nil || len(own) == 0 {
		return matches, err
	}
	sure := own[:0:0]
	for _, m := range own {
		if m.Confidence >= contextOwn {
			sure = append(sure, m)
		}
	}
	best, err := e.contextBest(ctx, t, question, sure, lastEntry)
	if err != nil {
		return nil, err
	}
	if best.Confidence >= e.answer {
		return append([]Match{best}, matches...), nil
	}
	if id := e.clearBesideLast(sure, lastEntry); id != "" {
		return []Match{{EntryID: id, Confidence: e.answer}}, nil
	}
	return matches, nil
}

// clearBesideLast is the one clear candidate of a "did you mean" that
// offered the last answer beside it or that the last entry lists as
// related, or "": the person has just read the last answer, so what they
// ask is the other one, or where the last answer leads.
func (e *Engine) clearBesideLast(own []Match, last Entry) string {
	var others []Match
	lastCompetes := false
	for _, m := range own {
		if m.EntryID == last.ID {
			lastCompetes = m.Confidence >= e.clarify
			continue
		}
		others = append(others, m)
	}
	if len(others) == 0 || others[0].Confidence < e.clarify ||
		!lastCompetes && !slices.Contains(last.Related, others[0].EntryID) {
		return ""
	}
	if len(others) > 1 && others[1].Confidence >= others[0].Confidence*followUpLead {
		return ""
	}
	return others[0].EntryID
}

// nextRelated is the last entry's first related entry the conversation
// has not seen, or "".
func (e *Engine) nextRelated(ctx context.Context, t *turn, last Entry) string {
	for _, id := range last.Related {
		if t.state.shown(id) {
			continue
		}
		if _, err := e.kb.Entry(ctx, id); err == nil {
			return id
		}
	}
	return ""
}

// repeat answers a question whose best entry is the one just answered:
// not the same text again, but its first paragraph in short and the
// related questions not seen yet.
func (e *Engine) repeat(ctx context.Context, t *turn, best Match) (Reply, error) {
	entry, err := e.kb.Entry(ctx, best.EntryID)
	if err != nil {
		return Reply{}, err
	}
	if t.repeated == best.EntryID && !t.again {
		// Pointed back at it already: go on instead of saying it again.
		if id := e.nextRelated(ctx, t, entry); id != "" {
			return e.openIn(ctx, id, t.lang, t.user, t.form)
		}
		r, _, err := e.noMore(ctx, t, entry)
		return r, err
	}
	t.state.repeated = best.EntryID
	r, err := e.openIn(ctx, best.EntryID, t.lang, t.user, t.form)
	if err != nil {
		return Reply{}, err
	}
	s, err := e.related(ctx, entry, t.lang, t.state.shown)
	if err != nil {
		return Reply{}, err
	}
	if len(s) > 0 {
		r.Suggestions = s
	}
	first, _, _ := strings.Cut(r.Text, "\n\n")
	r.Text = phraseIn(kindRepeat, t.lang, t.form) + " " + first
	r.Question, r.Confidence = t.text, best.Confidence
	return r, nil
}
