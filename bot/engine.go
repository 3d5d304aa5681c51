package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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
	// conversationMemory bounds how many conversations' languages are kept.
	conversationMemory = 10000
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

	fillIn   map[Lang]*strings.Replacer // the contact placeholders, per language
	journal  Journal
	observer Observer
	limiter  *rateLimiter
	slots    chan struct{} // bounds concurrent answers
	now      func() time.Time
	log      *slog.Logger

	mu    sync.Mutex
	convo map[string]Lang
	jobs  jobMemory // the last job search per conversation (jobsanswer.go)
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
		convo:   make(map[string]Lang),
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
	e.fillIn = contactReplacers(e.contact)
	e.journal, e.observer, e.now, e.log = cfg.Journal, cfg.Observer, cfg.Now, cfg.Logger
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
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
		lang := e.replyLang(req, text, detected, sure)
		return Reply{Kind: KindLimited, Lang: lang, Text: e.fill(phrase(KindLimited, lang), lang)}, nil
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

// respond computes the reply and the best match behind it.
func (e *Engine) respond(ctx context.Context, req Request) (Reply, Match, error) {
	text := Clean(req.Text)
	lower := strings.ToLower(text)
	detected, sure := detectLower(lower)
	lang := e.replyLang(req, text, detected, sure)
	if !hasWords(text) {
		r, err := e.builtin(ctx, KindEmpty, text, lang)
		return r, Match{}, err
	}
	kind, rest := smalltalkLower(text, lower)
	if kind != "" {
		r, err := e.builtin(ctx, kind, text, lang)
		return r, Match{}, err
	}
	if r, ok, err := e.answerJobs(ctx, req, text, lang); ok || err != nil {
		return r, Match{}, err
	}
	// A forced reply language (--lang, /lang) does not change the language
	// the question is written in: search in that one when it is clear.
	searchLang := lang
	if sure {
		searchLang = detected
	}
	matches, err := e.search(ctx, rest, searchLang, sure)
	if err != nil {
		return Reply{}, Match{}, fmt.Errorf("ask: %w", err)
	}
	var best Match
	if len(matches) > 0 {
		best = matches[0]
	}
	var r Reply
	switch {
	case best.Confidence >= e.answer:
		r, err = e.OpenFor(ctx, best.EntryID, lang, req.User)
		r.Question, r.Confidence = text, best.Confidence
	case best.Confidence >= e.clarify:
		r, err = e.candidates(ctx, KindClarify, text, lang, matches)
	default:
		r, err = e.candidates(ctx, KindFallback, text, lang, matches)
	}
	if err != nil {
		return Reply{}, Match{}, fmt.Errorf("ask: %w", err)
	}
	e.offerJobs(&r, text)
	return r, best, nil
}

// search looks in the reply language; when the language was a guess and
// that search found no answer, it also tries the other one and keeps
// whichever matched better.
func (e *Engine) search(ctx context.Context, text string, lang Lang, sure bool) ([]Match, error) {
	m, err := e.kb.Search(ctx, text, lang, MaxSuggestions)
	if err != nil || sure || len(m) > 0 && m[0].Confidence >= e.answer {
		return m, err
	}
	other := English
	if lang == English {
		other = German
	}
	m2, err := e.kb.Search(ctx, text, other, MaxSuggestions)
	if err != nil {
		return nil, err
	}
	if len(m2) > 0 && (len(m) == 0 || m2[0].Confidence > m[0].Confidence) {
		return m2, nil
	}
	return m, nil
}

// replyLang picks the reply language for the cleaned text: a forced
// language first, then the detected one when the text says it clearly,
// else the conversation's, the knowledge base's vocabulary, the user's
// locale and the default, in that order.
func (e *Engine) replyLang(req Request, text string, detected Lang, sure bool) Lang {
	if req.Conversation == "" && req.Platform != "" && req.User != "" {
		req.Conversation = req.Platform + ":" + req.User
	}
	lang := req.Lang
	switch {
	case lang != "":
	case sure:
		lang = detected
	default:
		lang = e.remembered(req.Conversation)
		if lang == "" {
			lang = e.vocabularyLang(text)
		}
		if lang == "" {
			lang = LangFromLocale(req.Locale)
		}
		if lang == "" {
			lang = e.defLang
		}
	}
	e.remember(req.Conversation, lang)
	return lang
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

func (e *Engine) remembered(conversation string) Lang {
	if conversation == "" {
		return ""
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.convo[conversation]
}

func (e *Engine) remember(conversation string, lang Lang) {
	if conversation == "" {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.convo[conversation]; !ok && len(e.convo) >= conversationMemory {
		for k := range e.convo { // evict an arbitrary conversation
			delete(e.convo, k)
			break
		}
	}
	e.convo[conversation] = lang
}

// Open answers one entry directly, in its A variant.
func (e *Engine) Open(ctx context.Context, entryID string, lang Lang) (Reply, error) {
	return e.OpenFor(ctx, entryID, lang, "")
}

// OpenFor answers one entry directly for a user: a user assigned to B
// (VariantFor) sees the entry's B answer where it has one.
func (e *Engine) OpenFor(ctx context.Context, entryID string, lang Lang, user string) (Reply, error) {
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
	r := Reply{
		Kind:       KindAnswer,
		Question:   entry.Question(lang),
		Title:      entry.Question(lang),
		Lang:       lang,
		EntryID:    entry.ID,
		Topic:      entry.Topic,
		Confidence: 1,
		Text:       e.fill(text.Answer, lang),
	}
	if text.Variant != "" { // under A/B test in this language
		r.Variant = VariantFor(user)
		if r.Variant == "B" {
			r.Text = e.fill(text.Variant, lang)
		}
	}
	for _, id := range entry.Related {
		if len(r.Suggestions) == MaxSuggestions {
			break
		}
		rel, err := e.kb.Entry(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue // an editor removed it since; skip the dangling link
		}
		if err != nil {
			return Reply{}, fmt.Errorf("open entry %q: %w", entryID, err)
		}
		r.Suggestions = append(r.Suggestions, Suggestion{EntryID: rel.ID, Question: rel.Question(lang)})
	}
	return r, nil
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
	menu, err := e.menu(ctx, lang)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Kind:        kind,
		Question:    question,
		Lang:        lang,
		Text:        e.fill(phrase(kind, lang), lang),
		Suggestions: menu,
	}, nil
}

func (e *Engine) menu(ctx context.Context, lang Lang) ([]Suggestion, error) {
	topics, err := e.Topics(ctx, lang)
	if err != nil {
		return nil, err
	}
	s := make([]Suggestion, 0, len(topics))
	for _, t := range topics {
		if t.Lead != "" {
			s = append(s, Suggestion{EntryID: t.Lead, Question: t.Title})
		}
	}
	return s, nil
}

// candidates builds the "did you mean" and "I don't know" replies. Weak
// matches are only offered when they are at least plausible; otherwise the
// topic menu is more useful than three unrelated questions.
func (e *Engine) candidates(ctx context.Context, kind Kind, question string, lang Lang, matches []Match) (Reply, error) {
	r := Reply{Kind: kind, Question: question, Lang: lang, Text: e.fill(phrase(kind, lang), lang)}
	if len(matches) > 0 {
		r.EntryID, r.Confidence = "", matches[0].Confidence
	}
	for _, m := range matches {
		if m.Confidence < e.clarify/2 || len(r.Suggestions) == MaxSuggestions {
			break
		}
		entry, err := e.kb.Entry(ctx, m.EntryID)
		if err != nil {
			continue
		}
		r.Suggestions = append(r.Suggestions, Suggestion{EntryID: entry.ID, Question: entry.Question(lang)})
	}
	if len(r.Suggestions) == 0 {
		menu, err := e.menu(ctx, lang)
		if err != nil {
			return Reply{}, err
		}
		r.Suggestions = menu[:min(len(menu), MaxSuggestions)]
	}
	return r, nil
}

// fill replaces the contact placeholders in a text in lang.
func (e *Engine) fill(s string, lang Lang) string {
	if !strings.Contains(s, "{") {
		return s
	}
	r, ok := e.fillIn[lang]
	if !ok {
		r = e.fillIn[e.defLang]
	}
	return r.Replace(s)
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
