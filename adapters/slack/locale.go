package slack

import (
	"context"

	"github.com/careerbot/careerbot/bot"
)

// localeIfUnsure returns the user's Slack locale when text is too short
// to tell its language, and "" otherwise: the locale is only the engine's
// tie-breaker, and most questions need no users.info call.
func (a *Adapter) localeIfUnsure(ctx context.Context, team, user, text string) string {
	if _, sure := bot.DetectLang(bot.Clean(text)); sure {
		return ""
	}
	return a.userLocale(ctx, team, user)
}

// userLocale looks up a user's locale with users.info and caches it. The
// cache is keyed by pseudonym, so not even memory holds a list of raw ids.
// Failures are cached too: the locale is a nicety, not worth retrying.
// Concurrent lookups of one user share a single call.
func (a *Adapter) userLocale(ctx context.Context, team, user string) string {
	if user == "" {
		return ""
	}
	key := a.pseudonym(team, user)
	if l, ok := a.locales.Get(key); ok {
		return l
	}
	v, _, _ := a.localeCalls.Do(key, func() (any, error) {
		if l, ok := a.locales.Get(key); ok {
			return l, nil // another call just finished
		}
		l, err := a.out.userLocale(ctx, user)
		if err != nil {
			l = ""
		}
		a.locales.Put(key, l)
		return l, nil
	})
	return v.(string)
}

// userLang is the user's language from their locale, or "" when it is
// neither German nor English.
func (a *Adapter) userLang(ctx context.Context, team, user string) bot.Lang {
	return bot.LangFromLocale(a.userLocale(ctx, team, user))
}
