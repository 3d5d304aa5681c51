package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// The words after the slash command that are commands, not questions.
const (
	subPrivacy = "privacy" // the privacy notice
	subForget  = "forget"  // delete everything stored about the user
	subStats   = "stats"   // admins: today's and this week's figures
	subReload  = "reload"  // admins: re-read the knowledge base
)

// subcommand reports whether text is a privacy or admin command rather
// than a question, which one, and the language its word is in ("" when
// the word does not tell).
func subcommand(text string) (string, bot.Lang, bool) {
	switch strings.ToLower(strings.Trim(text, " ?!.")) {
	case "datenschutz":
		return subPrivacy, bot.German, true
	case "privacy":
		return subPrivacy, bot.English, true
	case "vergessen":
		return subForget, bot.German, true
	case "forget":
		return subForget, bot.English, true
	case "stats":
		return subStats, "", true
	case "reload":
		return subReload, "", true
	}
	return "", "", false
}

// rawUser names a Slack user to the Pseudonymizer and the Operator: team
// and user id, "T061EG9R6:U2147483697". CAREERBOT_ADMINS lists Slack
// admins as "slack:" followed by this, and `careerbot forget --platform
// slack --user` takes it too. It is never stored or logged.
func rawUser(team, user string) string { return team + ":" + user }

// pseudonym is the only form in which a Slack user reaches the engine or
// the database.
func (a *Adapter) pseudonym(team, user string) string {
	if user == "" {
		return ""
	}
	return a.cfg.Pseudonyms.Pseudonym(platform, rawUser(team, user))
}

// openerFor is implemented by answerers that show an A/B-tested entry in
// the variant assigned to the user (*bot.Engine does).
type openerFor interface {
	OpenFor(ctx context.Context, entryID string, lang bot.Lang, user string) (bot.Reply, error)
}

// openFor opens an entry in the variant of user, a pseudonym. With a
// conversation it opens it there, where the engine keeps one, so that
// "mehr" or a typed number afterwards goes on from the clicked entry.
func (a *Adapter) openFor(ctx context.Context, id string, lang bot.Lang, user, conversation string) (bot.Reply, error) {
	if o, ok := a.cfg.Answerer.(bot.ConversationOpener); ok && conversation != "" {
		return o.OpenIn(ctx, bot.Request{Lang: lang, Conversation: conversation, Platform: platform, User: user}, id)
	}
	if o, ok := a.cfg.Answerer.(openerFor); ok {
		return o.OpenFor(ctx, id, lang, user)
	}
	return a.cfg.Answerer.Open(ctx, id, lang)
}

// runSubcommand answers `/karriere datenschutz|vergessen|stats|reload`,
// always ephemerally: none of it is for the channel.
func (a *Adapter) runSubcommand(ctx context.Context, cmd slack.SlashCommand, sub string, lang bot.Lang) {
	if lang == "" {
		lang = cmpOr(a.userLang(ctx, cmd.TeamID, cmd.UserID), bot.German)
	}
	var text string
	var err error
	switch sub {
	case subPrivacy:
		text = a.cfg.Operator.Privacy(lang, "`"+a.forgetCommand(lang)+"`")
	case subForget:
		text, err = a.forget(ctx, cmd.TeamID, cmd.UserID, lang)
	case subStats, subReload:
		text, err = a.admin(ctx, cmd.TeamID, cmd.UserID, sub, lang)
	}
	m := markupMessage(text)
	if err != nil {
		m = textMessage(sorry(lang))
	}
	a.out.respond(ctx, cmd.ResponseURL, m, respondEphemeral)
}

// forgetCommand is how the privacy notice names the delete command.
func (a *Adapter) forgetCommand(lang bot.Lang) string {
	return a.cfg.Command + " " + lang.Pick("vergessen", "forget")
}

// forget deletes everything stored about a user and returns the
// confirmation. The locale cached in memory goes too.
func (a *Adapter) forget(ctx context.Context, team, user string, lang bot.Lang) (string, error) {
	msg, err := a.cfg.Operator.Forget(ctx, platform, rawUser(team, user), lang)
	if err != nil {
		a.log.Error("cannot delete a slack user's data", "err", err)
		return "", err
	}
	a.locales.Delete(a.pseudonym(team, user))
	a.log.Info("slack user's data deleted on request")
	return msg, nil
}

// admin runs stats or reload for the admins in CAREERBOT_ADMINS; anyone
// else gets a polite refusal.
func (a *Adapter) admin(ctx context.Context, team, user, sub string, lang bot.Lang) (string, error) {
	if !a.cfg.Operator.IsAdmin(platform, rawUser(team, user)) {
		a.log.Info("slack admin command refused", "command", sub)
		return lang.Pick("Diesen Befehl kann nur das Betriebsteam nutzen.",
			"Only the operators can use this command."), nil
	}
	run := a.cfg.Operator.Stats
	if sub == subReload {
		run = a.cfg.Operator.Reload
	}
	msg, err := run(ctx, lang)
	if err != nil {
		a.log.Error("slack admin command failed", "command", sub, "err", err)
		return "", err
	}
	a.log.Info("slack admin command", "command", sub)
	return msg, nil
}

// onForget deletes the data of the person who pressed "Meine Daten
// löschen" in the App Home and shows the confirmation there.
func (a *Adapter) onForget(ctx context.Context, cb slack.InteractionCallback, value string) {
	team := interactionTeam(cb)
	lang, err := bot.ParseLang(value)
	if err != nil || string(lang) != value {
		lang = cmpOr(a.userLang(ctx, team, cb.User.ID), bot.German)
	}
	msg, err := a.forget(ctx, team, cb.User.ID, lang)
	if err != nil {
		msg = sorry(lang)
	}
	a.publishHomeIn(ctx, team, cb.User.ID, lang, msg)
}

// interactionTeam is the workspace of the person who clicked.
func interactionTeam(cb slack.InteractionCallback) string {
	return cmpOr(cb.Team.ID, cb.User.TeamID)
}
