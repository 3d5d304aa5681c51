package telegram

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

const (
	// maxInlineResults is how many answers inline mode offers.
	maxInlineResults = 5
	// inlineCacheSeconds keeps inline results briefly, so edits show soon.
	inlineCacheSeconds = 60
	// snippetRunes is the length of a result's description.
	snippetRunes = 120
)

// onInline answers "@bot <query>" with the best-matching answers as
// articles; the chosen one is sent into the chat as a self-contained
// message with deep links. An empty query lists the topics.
func (a *Adapter) onInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	locale := ""
	if q.From != nil {
		locale = q.From.LanguageCode
	}
	query := strings.TrimSpace(q.Query)
	var results []any
	var err error
	if query == "" {
		results, err = a.topicArticles(ctx, bot.LangFromLocale(locale))
	} else {
		results, err = a.answerArticles(ctx, query, locale)
	}
	if err != nil {
		logFrom(ctx, a.log).Error("inline query failed", "err", err)
	}
	if results == nil {
		results = []any{} // Telegram wants a list, also an empty one
	}
	logFrom(ctx, a.log).Info("inline query", "results", len(results))
	a.do(ctx, "answerInlineQuery", "", false, tgbotapi.InlineConfig{
		InlineQueryID: q.ID,
		Results:       results,
		CacheTime:     inlineCacheSeconds,
		IsPersonal:    true, // the language may follow the user's locale
	})
}

// answerArticles finds the entries for a query: the entry itself when the
// query is an entry id (the Share button sends one), else the engine's
// answer, the other best matches and the answer's follow-ups, or its
// candidates.
func (a *Adapter) answerArticles(ctx context.Context, query, locale string) ([]any, error) {
	lang := bot.LangFromLocale(locale)
	var ids []string
	if validPayload(query) {
		if r, err := a.cfg.Answerer.Open(ctx, query, lang); err == nil {
			ids, lang = append(ids, r.EntryID), r.Lang
			for _, s := range r.Suggestions {
				ids = append(ids, s.EntryID)
			}
		}
	}
	if len(ids) == 0 {
		r, err := a.cfg.Answerer.Ask(ctx, bot.Request{Text: query, Locale: locale})
		if err != nil {
			return nil, err
		}
		lang = r.Lang
		switch r.Kind {
		case bot.KindJobs: // "@bot jobs hamburg java": the postings themselves
			return jobArticles(r), nil
		case bot.KindAnswer, bot.KindClarify, bot.KindFallback:
		default: // a greeting or "help": the topics fit best
			return a.topicArticles(ctx, lang)
		}
		if r.EntryID != "" {
			ids = append(ids, r.EntryID)
		}
		// The other good matches come before the answer's follow-ups.
		more, err := a.cfg.Answerer.Suggest(ctx, bot.Request{Text: query, Locale: locale}, maxInlineResults)
		if err != nil {
			return nil, err
		}
		for _, s := range more {
			ids = append(ids, s.EntryID)
		}
		for _, s := range r.Suggestions {
			ids = append(ids, s.EntryID)
		}
	}
	var out []any
	seen := map[string]bool{}
	for _, id := range ids {
		if len(out) == maxInlineResults || seen[id] {
			continue
		}
		seen[id] = true
		r, err := a.cfg.Answerer.Open(ctx, id, lang)
		if err != nil {
			continue // deleted since the search; offer the others
		}
		out = append(out, a.article(r, r.Question))
	}
	return out, nil
}

// topicArticles lists the topics, each sending its lead entry.
func (a *Adapter) topicArticles(ctx context.Context, lang bot.Lang) ([]any, error) {
	ts, err := a.cfg.Answerer.Topics(ctx, lang)
	if err != nil {
		return nil, err
	}
	var out []any
	seen := map[string]bool{}
	for _, t := range ts {
		if t.Lead == "" || seen[t.Lead] {
			continue
		}
		seen[t.Lead] = true
		r, err := a.cfg.Answerer.Open(ctx, t.Lead, lang)
		if err != nil {
			continue
		}
		out = append(out, a.article(r, t.Title))
	}
	return out, nil
}

// article is an inline result for an entry: its title, a snippet of the
// answer and, as the message, the whole answer with deep links. An answer
// too long for one message ends with a link to read on in the bot.
func (a *Adapter) article(r bot.Reply, title string) tgbotapi.InlineQueryResultArticle {
	name := a.botName()
	text := postHTML(r, name)
	if parts := splitHTML(text, maxMessageLen-200); len(parts) > 1 {
		text = parts[0] + "\n\n" + link(deepLink(name, r.EntryID), txtMore.in(r.Lang)) + " →"
	}
	art := tgbotapi.NewInlineQueryResultArticleHTML(resultID(r.EntryID), title, text)
	art.Description = snippet(r.Text, snippetRunes)
	art.InputMessageContent = tgbotapi.InputTextMessageContent{Text: text, ParseMode: tgbotapi.ModeHTML, DisableWebPagePreview: true}
	return art
}

// resultID is an inline result's id: 1–64 bytes, unique per answer.
func resultID(entryID string) string {
	if len(entryID) > 64 {
		return entryID[:64]
	}
	return entryID
}
