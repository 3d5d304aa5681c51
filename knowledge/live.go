package knowledge

import (
	"context"
	"fmt"
	"log/slog"
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
	entries map[string]bot.Entry
	topics  []Topic
	index   *search.Index
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
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			changed, err := l.Refresh(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn("knowledge base refresh failed", "err", err)
			case changed:
				log.Info("knowledge base reloaded", "version", l.Version())
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
	e, ok := l.cur.Load().entries[id]
	if !ok {
		return bot.Entry{}, fmt.Errorf("entry %q: %w", id, bot.ErrNotFound)
	}
	return e, nil
}

// Language implements bot.LanguageGuesser from the knowledge base's own
// vocabulary.
func (l *Live) Language(text string) (bot.Lang, bool) {
	return l.cur.Load().index.Language(text)
}

// Topics implements bot.Knowledge.
func (l *Live) Topics(_ context.Context, lang bot.Lang) ([]bot.Topic, error) {
	snap := l.cur.Load()
	out := make([]bot.Topic, 0, len(snap.topics))
	for _, t := range snap.topics {
		lead := t.Lead
		if _, ok := snap.entries[lead]; !ok {
			lead = ""
		}
		out = append(out, bot.Topic{ID: t.ID, Title: t.Titles[string(lang)], Lead: lead})
	}
	return out, nil
}

func buildSnapshot(version int64, doc *Document) *snapshot {
	snap := &snapshot{version: version, entries: map[string]bot.Entry{}, topics: doc.Topics}
	docs := map[bot.Lang][]search.Doc{}
	for _, e := range doc.Entries {
		be := bot.Entry{ID: e.ID, Topic: e.Topic, Related: e.Related, Texts: map[bot.Lang]bot.EntryText{}}
		for lang, t := range e.Texts {
			l := bot.Lang(lang)
			be.Texts[l] = bot.EntryText{Questions: t.Questions, Answer: t.Answer, Variant: t.Variant,
				AnswerSie: t.AnswerSie, VariantSie: t.VariantSie}
			docs[l] = append(docs[l], search.Doc{ID: e.ID, Questions: t.Questions, Answer: stripPlaceholders(t.Answer)})
		}
		snap.entries[e.ID] = be
	}
	snap.index = search.New(docs, doc.Synonyms)
	return snap
}

// stripPlaceholders keeps {contact} and {recruiter} out of the index.
func stripPlaceholders(s string) string {
	return strings.NewReplacer("{contact}", " ", "{recruiter}", " ").Replace(s)
}
