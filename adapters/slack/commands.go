package slack

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// validCommand checks the fields the adapter needs from a slash command.
func (a *Adapter) validCommand(cmd slack.SlashCommand) error {
	switch {
	case cmd.UserID == "" || cmd.ChannelID == "" || cmd.ResponseURL == "":
		return errors.New("missing user_id, channel_id or response_url")
	case !a.out.responseURLOK(cmd.ResponseURL):
		return errors.New("response_url is not a Slack URL")
	}
	return nil
}

// runCommand answers `/karriere …` privately, with a button to share the
// answer in the channel. `/karriere` alone or with "hilfe"/"help" shows
// the topics; a few other words are commands, not questions (subcommand).
func (a *Adapter) runCommand(ctx context.Context, cmd slack.SlashCommand) {
	text := incomingText(cmd.Text)
	if sub, lang, ok := subcommand(text); ok {
		a.runSubcommand(ctx, cmd, sub, lang)
		return
	}
	var reply bot.Reply
	var err error
	if lang, ok := menuWord(text); ok {
		if lang == "" {
			lang = a.userLang(ctx, cmd.TeamID, cmd.UserID)
		}
		reply, err = a.cfg.Answerer.Menu(ctx, lang)
	} else {
		a.log.Debug("slack command", "trigger", cmd.TriggerID, "text", text)
		user := a.pseudonym(cmd.TeamID, cmd.UserID)
		reply, err = a.cfg.Answerer.Ask(ctx, bot.Request{
			Text:         text,
			Locale:       a.localeIfUnsure(ctx, cmd.TeamID, cmd.UserID, text),
			Conversation: commandConversation(cmd.TeamID, cmd.ChannelID, user),
			Platform:     platform,
			User:         user,
		})
	}
	m := textMessage(sorry(guessLang(text)))
	switch {
	case err != nil:
		a.log.Error("slash command failed", "trigger", cmd.TriggerID, "err", err)
	case reply.Kind == bot.KindSilent:
		a.log.Info("slack command not answered: user over the rate limit", "trigger", cmd.TriggerID)
		return
	default:
		reply = a.withCanonicalQuestion(ctx, reply)
		m = render(reply, renderOptions{Share: true, ShareJobs: a.cfg.Jobs != nil, Feedback: feedbackAsk})
	}
	if err := a.out.respond(ctx, cmd.ResponseURL, m, respondEphemeral); err != nil {
		return
	}
	a.log.Info("slack command answered", "channel", cmd.ChannelID, "kind", reply.Kind, "entry", reply.EntryID,
		"lang", reply.Lang, "variant", reply.Variant)
}

// menuWord reports whether text asks for the topic menu, and in which
// language ("" when the word does not tell).
func menuWord(text string) (bot.Lang, bool) {
	switch strings.ToLower(strings.Trim(text, " ?!.")) {
	case "":
		return "", true
	case "hilfe", "themen", "menü":
		return bot.German, true
	case "help", "topics", "menu":
		return bot.English, true
	}
	return "", false
}
