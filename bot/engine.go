package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
)

// Default confidence thresholds. Above AnswerThreshold the engine answers;
// between ClarifyThreshold and AnswerThreshold it asks "did you mean …?";
// below it admits that it does not know.
const (
	DefaultAnswerThreshold  = 0.5
	DefaultClarifyThreshold = 0.3
	// MaxSuggestions is how many follow-ups or candidates a reply offers.
	MaxSuggestions = 3
)

// Contact is the recruiting team that helps with the job search. It
// replaces the placeholders {recruiter} and {contact} in answers.
type Contact struct {
	Name    string
	Address string
}

// Config configures an Engine. Only Knowledge is required.
type Config struct {
	Knowledge        Knowledge
	Contact          Contact
	AnswerThreshold  float64
	ClarifyThreshold float64
	// DefaultLang answers messages whose language cannot be told and that
	// come with no locale or conversation history. Default German.
	DefaultLang Lang
	// GermanForm is the form of address of German replies until a person's
	// writing tells which one they use. Default FormDu.
	GermanForm Form
	// ConversationIdle is how long a conversation is remembered after its
	// last message (default ConversationIdle).
	ConversationIdle time.Duration
	// Journal, when set, logs every question that carries a Platform.
	Journal Journal
	// Observer, when set, receives answer measurements.
	Observer Observer
	// RateLimit is how many questions a user may ask per RateWindow
	// (defaults 20 and one minute); negative turns the limit off.
	RateLimit  int
	RateWindow time.Duration
	// MaxConcurrent bounds the answers computed at once (default 64).
	MaxConcurrent int
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Logger receives the engine's own problems (default: discarded).
	Logger *slog.Logger
}

// Defaults for the rate limit and the concurrency bound.
const (
	DefaultRateLimit     = 20
	DefaultMaxConcurrent = 64
)

// Engine answers questions from a Knowledge. It is safe for concurrent use.
type Engine struct {
	kb      Knowledge
	contact Contact
	answer  float64
	clarify float64
	defLang Lang
	defForm Form

	filled   atomic.Pointer[contactTexts] // the contact placeholders and the phrases filled in
	journal  Journal
	observer Observer
	limiter  *rateLimiter
	slots    chan struct{} // bounds concurrent answers
	now      func() time.Time
	log      *slog.Logger
	convos   *conversations
	jobs     jobMemory // the last job search per conversation (jobsanswer.go)
}

// NewEngine returns an Engine for cfg.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Knowledge == nil {
		return nil, errors.New("new engine: no knowledge base")
	}
	e := &Engine{
		kb:      cfg.Knowledge,
		contact: cfg.Contact,
		answer:  cfg.AnswerThreshold,
		clarify: cfg.ClarifyThreshold,
		defLang: cfg.DefaultLang,
		defForm: cmp.Or(cfg.GermanForm, FormDu),
	}
	if e.answer <= 0 {
		e.answer = DefaultAnswerThreshold
	}
	if e.clarify <= 0 || e.clarify > e.answer {
		e.clarify = min(DefaultClarifyThreshold, e.answer)
	}
	if e.defLang == "" {
		e.defLang = German
	}
	e.SetContact(e.contact)
	e.journal, e.observer, e.now, e.log = cfg.Journal, cfg.Observer, cfg.Now, cfg.Logger
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	idle := cfg.ConversationIdle
	if idle <= 0 {
		idle = ConversationIdle
	}
	e.convos = newConversations(conversationMemory, idle, e.now)
	limit, window := cfg.RateLimit, cfg.RateWindow
	if limit == 0 {
		limit = DefaultRateLimit
	}
	if window <= 0 {
		window = time.Minute
	}
	e.limiter = newRateLimiter(limit, window, e.now)
	n := cfg.MaxConcurrent
	if n <= 0 {
		n = DefaultMaxConcurrent
	}
	e.slots = make(chan struct{}, n)
	return e, nil
}

// contactReplacers fills {recruiter} and {contact} per language. Without a
// configured name the team is "unser Recruiting-Team" / "our recruiting
// team". "… ask {recruiter}: {contact}" and "{recruiter} ({contact})" must
// name the team once: the trailing ": {contact}" and "({contact})" become
// the address alone, or are dropped when there is no address. The
// replacer tries the patterns in this order, longest first.
func contactReplacers(c Contact) map[Lang]*strings.Replacer {
	out := make(map[Lang]*strings.Replacer, len(Langs))
	for _, l := range Langs {
		name := cmp.Or(c.Name, l.Pick("unser Recruiting-Team", "our recruiting team"))
		if c.Address == "" {
			out[l] = strings.NewReplacer("{recruiter}", name, " ({contact})", "", "({contact})", "",
				": {contact}.", ".", ": {contact}", ".", "{contact}", name)
			continue
		}
		out[l] = strings.NewReplacer("{recruiter}", name, "({contact})", "("+c.Address+")",
			": {contact}", ": "+c.Address, "{contact}", name+" ("+c.Address+")")
	}
	return out
}

// Ask answers a free-text question. A user over the rate limit gets one
// KindLimited notice, then KindSilent replies that adapters do not send.
// Questions that carry a Platform are logged to the Journal.
func (e *Engine) Ask(ctx context.Context, req Request) (Reply, error) {
	start := e.now()
	switch e.limiter.check(req.User) {
	case notify:
		e.observeLimited(req.Platform)
		text := Clean(req.Text)
		detected, sure := DetectLang(text)
		st := e.convos.load(conversationKey(req))
		lang := e.chooseLang(req, text, detected, sure, st.lang)
		form := cmp.Or(st.form, e.defForm)
		return Reply{Kind: KindLimited, Lang: lang, Text: e.text(KindLimited, lang, form)}, nil
	case silence:
		e.observeLimited(req.Platform)
		return Reply{Kind: KindSilent}, nil
	}
	select {
	case e.slots <- struct{}{}:
		defer func() { <-e.slots }()
	case <-ctx.Done():
		return Reply{}, fmt.Errorf("ask: %w", ctx.Err())
	}
	r, best, err := e.respond(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if e.observer != nil && req.Platform != "" {
		e.observer.ObserveAnswer(req.Platform, r.Lang, r.Kind, e.now().Sub(start))
	}
	if e.journal != nil && req.Platform != "" && r.Question != "" {
		q := Question{At: start, Platform: req.Platform, User: req.User, Text: r.Question, Lang: r.Lang,
			Kind: r.Kind, EntryID: best.EntryID, Confidence: best.Confidence, Answered: r.Answered() || r.Kind == KindJobs && len(r.Jobs) > 0, Variant: r.Variant}
		if err := e.journal.LogQuestion(ctx, q); err != nil {
			// The answer matters more than its log line: reply anyway.
			e.log.Warn("question not logged", "platform", req.Platform, "err", err)
		}
	}
	return r, nil
}

func (e *Engine) observeLimited(platform string) {
	if e.observer != nil {
		e.observer.ObserveRateLimited(platform)
	}
}

// smalltalkSwitch is the language evidence from which small talk of more
// than one word switches a conversation's language.
const smalltalkSwitch = 2

// turn is one message being answered, in its conversation.
type turn struct {
	text  string // cleaned
	lower string
	lang  Lang // the reply language
	// search is the language the text is written in, when sure tells it;
	// else the reply language.
	search Lang
	sure   bool
	form   Form
	user   string
	conv   string // the named conversation, "" for a message standing alone
	state  *convState
	// confirm is set when the reply asks a yes/no question about an entry.
	confirm string
	// repeated is the entry the previous reply pointed back at, or "".
	repeated string
	// again is true when the message is the conversation's last one
	// sent again: it is pointed back at its answer each time, not led on
	// to related entries.
	again bool
}

// respond computes the reply and the best match behind it, reading the
// message in its conversation and remembering the reply there.
func (e *Engine) respond(ctx context.Context, req Request) (Reply, Match, error) {
	text := Clean(req.Text)
	lower := strings.ToLower(text)
	key := conversationKey(req)
	st := e.convos.load(key)
	if req.Conversation == "" {
		// A user's messages that name no conversation (an API client's)
		// share only the language and form of address: each stands
		// alone otherwise.
		st = convState{lang: st.lang, form: st.form}
	}
	detected, margin := detectMargin(lower)
	sure := margin >= 1
	kind, rest := smalltalkLower(text, lower)
	langSure := sure
	if kind != "" && st.lang != "" && (margin < smalltalkSwitch || !strings.Contains(text, " ")) {
		// "hi" or "bye" does not switch a conversation's language;
		// "are you a real person?" does.
		langSure = false
	}
	lang := e.chooseLang(req, text, detected, langSure, st.lang)
	prev := st.lang
	st.lang = lang
	if lang == German || detected == German {
		st.form = formOf(text, lower, st.form)
	}
	t := &turn{text: text, lower: lower, lang: lang, search: lang, sure: sure, user: req.User, conv: req.Conversation, state: &st,
		form: cmp.Or(st.form, e.defForm), repeated: st.repeated}
	st.repeated = ""
	if key != "" {
		asked := hashText(lower)
		t.again = asked == st.asked
		st.asked = asked
	}
	if prev != lang {
		// The last answer was in another language: asking again is no
		// repeat, and "mehr" has nothing to go on.
		st.answered = nil
	}
	if sure {
		// A forced reply language (--lang, /lang) does not change the
		// language the question is written in.
		t.search = detected
	}
	r, best, err := e.reply(ctx, t, kind, rest)
	if err != nil {
		return Reply{}, Match{}, fmt.Errorf("ask: %w", err)
	}
	if req.Conversation != "" {
		st.record(r, t.confirm)
	}
	e.convos.store(key, st)
	return r, best, nil
}

// reply answers one turn: an empty message, a pick from the last menu, small
// talk, "more", or a question searched in the knowledge base.
func (e *Engine) reply(ctx context.Context, t *turn, kind Kind, rest string) (Reply, Match, error) {
	if !hasWords(t.text) {
		r, err := e.builtinIn(ctx, KindEmpty, t.text, t.lang, t.form)
		return r, Match{}, err
	}
	if r, ok, err := e.pick(ctx, t); ok || err != nil {
		e.noteJobs(t.conv, r)
		return r, Match{Confidence: r.Confidence, EntryID: r.EntryID}, err
	}
	if kind != "" {
		r, err := e.builtinIn(ctx, kind, t.text, t.lang, t.form)
		return r, Match{}, err
	}
	if r, ok, err := e.answerJobs(ctx, t.conv, t.text, t.lower, t.lang); ok || err != nil {
		return r, Match{}, err
	}
	if r, ok, err := e.more(ctx, t); ok || err != nil {
		return r, Match{Confidence: r.Confidence, EntryID: r.EntryID}, err
	}
	if asksForCode(t.lower) {
		return e.fallbackReply(ctx, t)
	}
	question, context := focus(rest)
	question = unframe(question)
	if rest != t.text {
		// Small talk was cut out of a short message, and its punctuation
		// with it: "ok back to topic: how much would I earn?".
		if q, c := focus(t.text); c != "" || q != t.text {
			question, context = unframe(q), c
		}
	}
	matches, err := e.searchFocused(ctx, question, context, t)
	if err != nil {
		return Reply{}, Match{}, err
	}
	matches, err = e.followUp(ctx, t, question, matches)
	if err != nil {
		return Reply{}, Match{}, err
	}
	var best Match
	if len(matches) > 0 {
		best = matches[0]
	}
	r, err := e.decide(ctx, t, matches)
	e.offerJobs(&r, t.text)
	return r, best, err
}

// fallbackReply is the "I don't know" for a turn, with no match.
func (e *Engine) fallbackReply(ctx context.Context, t *turn) (Reply, Match, error) {
	r, err := e.fallback(ctx, KindFallback, t.text, t.lang, t.form, 0)
	return r, Match{}, err
}

// decide turns the ranked matches into an answer, a "did you mean" or an
// "I don't know".
func (e *Engine) decide(ctx context.Context, t *turn, matches []Match) (Reply, error) {
	var best Match
	if len(matches) > 0 {
		best = matches[0]
	}
	switch {
	case best.Confidence >= e.answer && best.EntryID == t.state.last():
		return e.repeat(ctx, t, best)
	case best.Confidence >= e.answer:
		r, err := e.openIn(ctx, best.EntryID, t.lang, t.user, t.form)
		r.Question, r.Confidence = t.text, best.Confidence
		return r, err
	case best.Confidence >= e.clarify:
		return e.clarifyReply(ctx, t, matches)
	}
	return e.fallback(ctx, KindFallback, t.text, t.lang, t.form, best.Confidence)
}

// search looks in the reply language; when the language was a guess and
// that search found no answer, it also tries the other one and keeps
// whichever matched better.
func (e *Engine) search(ctx context.Context, text string, lang Lang, sure bool) ([]Match, error) {
	return e.searchN(ctx, text, lang, sure, MaxSuggestions)
}

// searchN is search for up to n matches.
func (e *Engine) searchN(ctx context.Context, text string, lang Lang, sure bool, n int) ([]Match, error) {
	m, err := e.kb.Search(ctx, text, lang, n)
	if err != nil || sure || len(m) > 0 && m[0].Confidence >= e.answer {
		return m, err
	}
	other := English
	if lang == English {
		other = German
	}
	m2, err := e.kb.Search(ctx, text, other, n)
	if err != nil {
		return nil, err
	}
	if len(m2) > 0 && (len(m) == 0 || m2[0].Confidence > m[0].Confidence) {
		return m2, nil
	}
	return m, nil
}

// replyLang picks the reply language for a request outside the
// conversation flow (the rate-limit notice, Suggest).
func (e *Engine) replyLang(req Request, text string, detected Lang, sure bool) Lang {
	return e.chooseLang(req, text, detected, sure, e.convos.load(conversationKey(req)).lang)
}

// chooseLang picks the reply language for the cleaned text: a forced
// language first, then the detected one when the text says it clearly,
// else the conversation's, the knowledge base's vocabulary, the user's
// locale and the default, in that order.
func (e *Engine) chooseLang(req Request, text string, detected Lang, sure bool, had Lang) Lang {
	switch {
	case req.Lang != "":
		return req.Lang
	case sure:
		return detected
	case had != "":
		return had
	}
	return cmp.Or(e.vocabularyLang(text), LangFromLocale(req.Locale), greetingLang(text), e.defLang)
}

// englishGreetings are greetings that German speakers rarely open a chat
// with; "hallo", "moin", "servus" and "hi" (common in German chats) are
// not among them.
var englishGreetings = wordSet(`hey hello howdy hiya heya there good morning afternoon evening`)

// greetingLang is the weakest language cue: a message of nothing but an
// English greeting ("hey", "hello there") opens in English when neither the
// conversation nor the user's locale says otherwise. "" otherwise.
func greetingLang(text string) Lang {
	n := 0
	for w := range strings.FieldsFuncSeq(strings.ToLower(text), notLetter) {
		if !englishGreetings[w] {
			return ""
		}
		n++
	}
	if n == 0 {
		return ""
	}
	return English
}

// vocabularyLang asks the knowledge base which language's texts know the
// words of the cleaned text, or "" when it cannot tell.
func (e *Engine) vocabularyLang(text string) Lang {
	g, ok := e.kb.(LanguageGuesser)
	if !ok {
		return ""
	}
	if l, sure := g.Language(text); sure {
		return l
	}
	return ""
}

// Open answers one entry directly, in its A variant.
func (e *Engine) Open(ctx context.Context, entryID string, lang Lang) (Reply, error) {
	return e.OpenFor(ctx, entryID, lang, "")
}

// OpenFor answers one entry directly for a user: a user assigned to B
// (VariantFor) sees the entry's B answer where it has one. German answers
// use the configured form of address.
func (e *Engine) OpenFor(ctx context.Context, entryID string, lang Lang, user string) (Reply, error) {
	return e.openIn(ctx, entryID, lang, user, e.defForm)
}

// OpenIn answers one entry directly within req's conversation, as when
// someone clicks a suggestion button: the reply takes the conversation's
// language (req.Lang first, then the conversation's, the locale, the
// default) and form of address, and the conversation records it, so that
// "mehr" or "und ohne Studium?" afterwards goes on from this entry and a
// typed number picks from its suggestions. req.Text is not read.
func (e *Engine) OpenIn(ctx context.Context, req Request, entryID string) (Reply, error) {
	key := conversationKey(req)
	st := e.convos.load(key)
	lang := cmp.Or(req.Lang, st.lang, LangFromLocale(req.Locale), e.defLang)
	r, err := e.openIn(ctx, entryID, lang, req.User, cmp.Or(st.form, e.defForm))
	if err != nil {
		return Reply{}, err
	}
	if req.Conversation == "" {
		return r, nil // no conversation to continue, as in Ask
	}
	e.noteJobs(req.Conversation, r)
	if st.lang != r.Lang {
		st.answered = nil // "mehr" follows answers in the reply's language only
	}
	st.lang = r.Lang
	st.asked, st.repeated = 0, ""
	st.record(r, "")
	e.convos.store(key, st)
	return r, nil
}

// openIn is OpenFor in a form of address: a formal German reply uses the
// entry's "Sie" answer where it has one.
func (e *Engine) openIn(ctx context.Context, entryID string, lang Lang, user string, form Form) (Reply, error) {
	if q, ok := ParseJobsEntryID(entryID); ok {
		return e.openJobs(ctx, q, lang)
	}
	if lang == "" {
		lang = e.defLang
	}
	entry, err := e.kb.Entry(ctx, entryID)
	if err != nil {
		return Reply{}, fmt.Errorf("open entry %q: %w", entryID, err)
	}
	text, ok := entry.Texts[lang]
	if !ok || text.Answer == "" {
		for _, l := range Langs { // an entry written in one language only
			if t := entry.Texts[l]; t.Answer != "" {
				text, lang = t, l
				break
			}
		}
	}
	answer, variant := text.Answer, text.Variant
	if lang == German && form == FormSie {
		answer, variant = cmp.Or(text.AnswerSie, answer), cmp.Or(text.VariantSie, variant)
	}
	r := Reply{
		Kind:       KindAnswer,
		Question:   entry.Question(lang),
		Title:      entry.Question(lang),
		Lang:       lang,
		EntryID:    entry.ID,
		Topic:      entry.Topic,
		Confidence: 1,
		Text:       e.fill(answer, lang),
	}
	if text.Variant != "" { // under A/B test in this language
		r.Variant = VariantFor(user)
		if r.Variant == "B" {
			r.Text = e.fill(variant, lang)
		}
	}
	r.Suggestions, err = e.related(ctx, entry, lang, nil)
	if err != nil {
		return Reply{}, fmt.Errorf("open entry %q: %w", entryID, err)
	}
	return r, nil
}

// related lists up to MaxSuggestions of entry's related entries as
// suggestions, leaving out those skip reports.
func (e *Engine) related(ctx context.Context, entry Entry, lang Lang, skip func(id string) bool) ([]Suggestion, error) {
	var out []Suggestion
	for _, id := range entry.Related {
		if len(out) == MaxSuggestions {
			break
		}
		if skip != nil && skip(id) {
			continue
		}
		rel, err := e.kb.Entry(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue // an editor removed it since; skip the dangling link
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Suggestion{EntryID: rel.ID, Question: rel.Question(lang)})
	}
	return out, nil
}

// Menu is the help reply with the topic menu.
func (e *Engine) Menu(ctx context.Context, lang Lang) (Reply, error) {
	if lang == "" {
		lang = e.defLang
	}
	return e.builtin(ctx, KindHelp, "", lang)
}

// Topics lists the topics in menu order.
func (e *Engine) Topics(ctx context.Context, lang Lang) ([]Topic, error) {
	if lang == "" {
		lang = e.defLang
	}
	t, err := e.kb.Topics(ctx, lang)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	return t, nil
}

func (e *Engine) builtin(ctx context.Context, kind Kind, question string, lang Lang) (Reply, error) {
	return e.builtinIn(ctx, kind, question, lang, e.defForm)
}

// builtinIn is a built-in reply in a form of address, with the topic menu.
func (e *Engine) builtinIn(ctx context.Context, kind Kind, question string, lang Lang, form Form) (Reply, error) {
	menu, err := e.menu(ctx, lang)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Kind:        kind,
		Question:    question,
		Lang:        lang,
		Text:        e.text(kind, lang, form),
		Suggestions: menu,
	}, nil
}

// MaxMenu bounds the topics a reply lists. The default content has five;
// a generated knowledge base may give every entry a topic of its own, and
// a reply listing ten thousand topics is no menu (and took 0.3 MB and a
// scan of all of them per "I don't know").
const MaxMenu = 10

func (e *Engine) menu(ctx context.Context, lang Lang) ([]Suggestion, error) {
	topics, err := e.Topics(ctx, lang)
	if err != nil {
		return nil, err
	}
	s := make([]Suggestion, 0, min(len(topics), MaxMenu))
	for _, t := range topics {
		if len(s) == MaxMenu {
			break
		}
		if t.Lead != "" {
			s = append(s, Suggestion{EntryID: t.Lead, Question: t.Title})
		}
	}
	return s, nil
}

// clarifyReply asks "did you mean …?" with the candidates that are at
// least plausible. A single clear candidate gets a yes/no question; no
// plausible candidate at all makes it an "I don't know".
func (e *Engine) clarifyReply(ctx context.Context, t *turn, matches []Match) (Reply, error) {
	var cands []Suggestion
	for _, m := range matches {
		if m.Confidence < e.clarify/2 || len(cands) == MaxSuggestions {
			break
		}
		entry, err := e.kb.Entry(ctx, m.EntryID)
		if err != nil {
			continue
		}
		cands = append(cands, Suggestion{EntryID: entry.ID, Question: entry.Question(t.lang)})
	}
	best := matches[0].Confidence
	switch {
	case len(cands) == 0:
		return e.fallback(ctx, KindFallback, t.text, t.lang, t.form, best)
	case len(cands) == 1 || best-matches[1].Confidence >= clearLead:
		t.confirm = cands[0].EntryID
		text := fmt.Sprintf(phraseIn(kindConfirm, t.lang, t.form), cands[0].Question)
		return Reply{Kind: KindClarify, Question: t.text, Lang: t.lang, Confidence: best, Text: text,
			Suggestions: cands[:1]}, nil
	}
	return Reply{Kind: KindClarify, Question: t.text, Lang: t.lang, Confidence: best,
		Text: e.text(KindClarify, t.lang, t.form), Suggestions: cands}, nil
}

// clearLead is how far the best candidate must lead the second for a
// "did you mean" to offer it alone.
const clearLead = 0.15

// fallback is the "I don't know" reply (or another reply of that kind),
// offering every topic and the contact.
func (e *Engine) fallback(ctx context.Context, kind Kind, question string, lang Lang, form Form, conf float64) (Reply, error) {
	r, err := e.builtinIn(ctx, kind, question, lang, form)
	r.Kind, r.Confidence = KindFallback, conf
	return r, err
}

// textKey names a built-in phrase in a language and form of address.
type textKey struct {
	kind Kind
	lang Lang
	form Form
}

// contactTexts is what depends on the recruiting team's contact: the
// placeholder replacers and the built-in phrases filled in with them.
type contactTexts struct {
	fillIn  map[Lang]*strings.Replacer
	texts   map[textKey]string
	defLang Lang
}

// text is the built-in phrase for kind, with the contact filled in.
func (e *Engine) text(kind Kind, lang Lang, form Form) string {
	c := e.filled.Load()
	if t, ok := c.texts[textKey{kind, lang, form}]; ok {
		return t
	}
	return c.fill(phraseIn(kind, lang, form), lang)
}

// fill replaces the contact placeholders in a text in lang.
func (e *Engine) fill(s string, lang Lang) string { return e.filled.Load().fill(s, lang) }

func (c *contactTexts) fill(s string, lang Lang) string {
	if !strings.Contains(s, "{") {
		return s
	}
	r, ok := c.fillIn[lang]
	if !ok {
		r = c.fillIn[c.defLang]
	}
	return r.Replace(s)
}

// SetContact changes the recruiting team that answers name, from the next
// answer on: the web console's settings apply without a restart.
func (e *Engine) SetContact(contact Contact) {
	c := &contactTexts{fillIn: contactReplacers(contact), texts: map[textKey]string{}, defLang: e.defLang}
	for kind, p := range phrases {
		for _, l := range Langs {
			for _, f := range []Form{FormDu, FormSie} {
				c.texts[textKey{kind, l, f}] = c.fill(p.in(l, f), l)
			}
		}
	}
	e.filled.Store(c)
}

// Suggest lists up to n entries that match text best, without deciding
// whether any of them answers it: for inline search boxes and editors'
// tools. Matches below half the clarify threshold are left out.
func (e *Engine) Suggest(ctx context.Context, req Request, n int) ([]Suggestion, error) {
	text := Clean(req.Text)
	detected, sure := DetectLang(text)
	lang := e.replyLang(req, text, detected, sure)
	if !hasWords(text) || n <= 0 {
		return nil, nil
	}
	searchLang := lang
	if sure {
		searchLang = detected
	}
	matches, err := e.kb.Search(ctx, text, searchLang, n)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	var out []Suggestion
	for _, m := range matches {
		if m.Confidence < e.clarify/2 {
			break
		}
		entry, err := e.kb.Entry(ctx, m.EntryID)
		if err != nil {
			continue
		}
		out = append(out, Suggestion{EntryID: entry.ID, Question: entry.Question(lang)})
	}
	return out, nil
}
