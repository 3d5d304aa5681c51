package knowledge

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge/search"
)

var (
	_ bot.Knowledge       = (*Live)(nil)
	_ bot.LanguageGuesser = (*Live)(nil)
)

// snapshot is an immutable, fully loaded knowledge base with its index.
type snapshot struct {
	version int64
	entries map[string]*record
	// menus holds the topics as Topics returns them, per language: built
	// once, since a generated knowledge base may have thousands of topics
	// and every "I don't know" reply lists them.
	menus map[bot.Lang][]bot.Topic
	index *search.Index
}

// record is one loaded entry. Its bot.Entry is made on first use: the
// entry's map of texts costs about 850 bytes, four times the texts it
// points to, and most entries of a large knowledge base are never asked
// for.
type record struct {
	id, topic string
	related   []string
	texts     []langText // a window of one array shared by all records
	entry     atomic.Pointer[bot.Entry]
}

type langText struct {
	lang bot.Lang
	text bot.EntryText
}

// get returns the record's entry, making it the first time. Callers that
// race to make it all get the one that was stored first.
func (r *record) get() bot.Entry {
	if e := r.entry.Load(); e != nil {
		return *e
	}
	e := &bot.Entry{ID: r.id, Topic: r.topic, Related: r.related, Texts: make(map[bot.Lang]bot.EntryText, len(r.texts))}
	for _, t := range r.texts {
		e.Texts[t.lang] = t.text
	}
	r.entry.CompareAndSwap(nil, e)
	return *r.entry.Load()
}

// Live is the knowledge base the engine answers from: an in-memory
// snapshot of the store, swapped atomically when the store changes, also
// when another process (`careerbot kb import`) changed it.
type Live struct {
	store *Store
	cur   atomic.Pointer[snapshot]
}

// NewLive loads the store's current content.
func NewLive(ctx context.Context, s *Store) (*Live, error) {
	l := &Live{store: s}
	if err := l.Reload(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Reload reads the knowledge base again and swaps it in.
func (l *Live) Reload(ctx context.Context) error {
	version, err := l.store.Version(ctx)
	if err != nil {
		return fmt.Errorf("reload knowledge base: %w", err)
	}
	doc, err := l.store.Export(ctx)
	if err != nil {
		return fmt.Errorf("reload knowledge base: %w", err)
	}
	l.cur.Store(buildSnapshot(version, doc))
	return nil
}

// Refresh reloads when the stored version differs from the loaded one and
// reports whether it did.
func (l *Live) Refresh(ctx context.Context) (bool, error) {
	version, err := l.store.Version(ctx)
	if err != nil {
		return false, fmt.Errorf("check knowledge base version: %w", err)
	}
	if version == l.cur.Load().version {
		return false, nil
	}
	return true, l.Reload(ctx)
}

// Watch refreshes every interval until ctx ends, so edits made by another
// process reach a running server without a restart.
func (l *Live) Watch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	watch(ctx, interval, log, "knowledge base", l.Refresh, func() []any { return []any{"version", l.Version()} })
}

// watch calls refresh every interval until ctx ends, logging a failure and
// a reload (with the attributes loaded returns); what names the data in
// the log lines.
func watch(ctx context.Context, interval time.Duration, log *slog.Logger, what string,
	refresh func(context.Context) (bool, error), loaded func() []any) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			changed, err := refresh(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn(what+" refresh failed", "err", err)
			case changed:
				log.Info(what+" reloaded", loaded()...)
			}
		}
	}
}

// Version is the loaded snapshot's knowledge-base version.
func (l *Live) Version() int64 { return l.cur.Load().version }

// Len is the number of loaded entries.
func (l *Live) Len() int { return len(l.cur.Load().entries) }

// Search implements bot.Knowledge.
func (l *Live) Search(_ context.Context, text string, lang bot.Lang, limit int) ([]bot.Match, error) {
	return l.cur.Load().index.Search(text, lang, limit), nil
}

// Entry implements bot.Knowledge.
func (l *Live) Entry(_ context.Context, id string) (bot.Entry, error) {
	r, ok := l.cur.Load().entries[id]
	if !ok {
		return bot.Entry{}, fmt.Errorf("entry %q: %w", id, bot.ErrNotFound)
	}
	return r.get(), nil
}

// Language implements bot.LanguageGuesser from the knowledge base's own
// vocabulary.
func (l *Live) Language(text string) (bot.Lang, bool) {
	return l.cur.Load().index.Language(text)
}

// Topics implements bot.Knowledge. The slice is shared by every caller:
// read it, do not change it.
func (l *Live) Topics(_ context.Context, lang bot.Lang) ([]bot.Topic, error) {
	snap := l.cur.Load()
	if m, ok := snap.menus[lang]; ok {
		return m, nil
	}
	// A language the knowledge base has no titles in.
	out := slices.Clone(snap.menus[bot.Langs[0]])
	for i := range out {
		out[i].Title = ""
	}
	return out, nil
}

// buildSnapshot indexes doc. doc is not used once its entries are
// converted, so that the collector can reclaim its maps while the index
// is built: callers should not hold on to it either.
func buildSnapshot(version int64, doc *Document) *snapshot {
	snap, docs := convert(version, doc)
	synonyms := doc.Synonyms
	snap.index = search.New(docs, synonyms)
	return snap
}

// convert makes a snapshot's entries and menus from doc, and the texts to
// index per language. The texts share doc's strings.
func convert(version int64, doc *Document) (*snapshot, map[bot.Lang][]search.Doc) {
	var nTexts, nQuestions int
	for _, e := range doc.Entries {
		nTexts += len(e.Texts)
		for _, t := range e.Texts {
			nQuestions += len(t.Questions)
		}
	}
	// Three arrays for all entries instead of three small ones each.
	records := make([]record, len(doc.Entries))
	texts := make([]langText, 0, nTexts)
	questions := make([]string, 0, nQuestions)
	snap := &snapshot{version: version, entries: make(map[string]*record, len(doc.Entries))}
	docs := map[bot.Lang][]search.Doc{}
	for i, e := range doc.Entries {
		r := &records[i]
		r.id, r.topic, r.related = e.ID, e.Topic, e.Related
		first := len(texts)
		for lang, t := range e.Texts {
			l := bot.Lang(lang)
			from := len(questions)
			questions = append(questions, t.Questions...)
			qs := questions[from:len(questions):len(questions)]
			texts = append(texts, langText{lang: l, text: bot.EntryText{Questions: qs, Answer: t.Answer, Variant: t.Variant,
				AnswerSie: t.AnswerSie, VariantSie: t.VariantSie}})
			docs[l] = append(docs[l], search.Doc{ID: e.ID, Questions: qs, Answer: stripPlaceholders(t.Answer)})
		}
		r.texts = texts[first:len(texts):len(texts)]
		snap.entries[e.ID] = r
	}
	snap.menus = make(map[bot.Lang][]bot.Topic, len(bot.Langs))
	for _, lang := range bot.Langs {
		snap.menus[lang] = menu(doc.Topics, snap.entries, lang)
	}
	return snap, docs
}

// menu lists the topics titled in lang, each with its lead entry if that
// exists.
func menu(topics []Topic, entries map[string]*record, lang bot.Lang) []bot.Topic {
	out := make([]bot.Topic, 0, len(topics))
	for _, t := range topics {
		lead := t.Lead
		if _, ok := entries[lead]; !ok {
			lead = ""
		}
		out = append(out, bot.Topic{ID: t.ID, Title: t.Titles[string(lang)], Lead: lead})
	}
	return out
}

// placeholders blanks the placeholders; a Replacer is safe for concurrent
// use, and building one per text cost more than the replacing.
var placeholders = strings.NewReplacer("{contact}", " ", "{recruiter}", " ")

// stripPlaceholders keeps {contact} and {recruiter} out of the index.
func stripPlaceholders(s string) string {
	return placeholders.Replace(s)
}

// NewStatic returns a Live over doc alone, never refreshed: the console's
// preview answers from a draft with it.
func NewStatic(doc *Document) *Live {
	l := &Live{}
	l.cur.Store(buildSnapshot(0, doc))
	return l
}
