package web

import (
	"context"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// The privacy commands a person can type into the web chat.
const (
	cmdPrivacy = "privacy"
	cmdForget  = "forget"
)

// privacyCommand reports whether text is /datenschutz, /privacy,
// /vergessen or /forget, which one, and the language of its word.
func privacyCommand(text string) (string, bot.Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "/datenschutz":
		return cmdPrivacy, bot.German, true
	case "/privacy":
		return cmdPrivacy, bot.English, true
	case "/vergessen":
		return cmdForget, bot.German, true
	case "/forget":
		return cmdForget, bot.English, true
	}
	return "", "", false
}

// privacy explains what is stored, or deletes everything stored about
// this session.
func (a *Adapter) privacy(ctx context.Context, cmd string, lang bot.Lang, s session) ([]reply, error) {
	if cmd == cmdPrivacy {
		return []reply{textReply("privacy", lang, a.cfg.Operator.Privacy(lang, lang.Pick("/vergessen", "/forget")))}, nil
	}
	text, err := a.cfg.Operator.Forget(ctx, platform, s.id, lang)
	if err != nil {
		return nil, err
	}
	a.log.Info("forgotten")
	return []reply{textReply("forgotten", lang, text)}, nil
}
