package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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
}

// Engine answers questions from a Knowledge. It is safe for concurrent use.
type Engine struct {
	kb      Knowledge
	contact Contact
	answer  float64
	clarify float64
	defLang Lang

	fillIn map[Lang]*strings.Replacer // the contact placeholders, per language

	mu    sync.Mutex
	convo map[string]Lang
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
	e.fillIn = make(map[Lang]*strings.Replacer, len(Langs))
	for _, l := range Langs {
		name := e.contact.Name
		if name == "" {
			name = l.Pick("unser Recruiting-Team", "our recruiting team")
		}
		contact := name
		if e.contact.Address != "" {
			contact += " (" + e.contact.Address + ")"
		}
		e.fillIn[l] = strings.NewReplacer("{recruiter}", name, "{contact}", contact)
	}
	return e, nil
}

// Ask answers a free-text question.
func (e *Engine) Ask(ctx context.Context, req Request) (Reply, error) {
	text := Clean(req.Text)
	detected, sure := DetectLang(text)
	lang := e.replyLang(req, detected, sure)
	if !hasWords(text) {
		return e.builtin(ctx, KindEmpty, text, lang)
	}
	kind, rest := smalltalk(text)
	if kind != "" {
		return e.builtin(ctx, kind, text, lang)
	}
	// A forced reply language (--lang, /lang) does not change the language
	// the question is written in: search in that one when it is clear.
	searchLang := lang
	if sure {
		searchLang = detected
	}
	matches, err := e.search(ctx, rest, searchLang, sure)
	if err != nil {
		return Reply{}, fmt.Errorf("ask: %w", err)
	}
	var best Match
	if len(matches) > 0 {
		best = matches[0]
	}
	switch {
	case best.Confidence >= e.answer:
		r, err := e.Open(ctx, best.EntryID, lang)
		if err != nil {
			return Reply{}, fmt.Errorf("ask: %w", err)
		}
		r.Question, r.Confidence = text, best.Confidence
		return r, nil
	case best.Confidence >= e.clarify:
		return e.candidates(ctx, KindClarify, text, lang, matches)
	default:
		return e.candidates(ctx, KindFallback, text, lang, matches)
	}
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

// replyLang picks the reply language: a forced language first, then the
// detected one when the text says it clearly, else the conversation's, the
// user's locale, the guess and the default, in that order.
func (e *Engine) replyLang(req Request, detected Lang, sure bool) Lang {
	lang := req.Lang
	switch {
	case lang != "":
	case sure:
		lang = detected
	default:
		lang = e.remembered(req.Conversation)
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

// Open answers one entry directly.
func (e *Engine) Open(ctx context.Context, entryID string, lang Lang) (Reply, error) {
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
		Lang:       lang,
		EntryID:    entry.ID,
		Topic:      entry.Topic,
		Confidence: 1,
		Text:       e.fill(text.Answer, lang),
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
