package slack

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff/slackdesk"
)

func (a *Adapter) runBlockActions(ctx context.Context, cb slack.InteractionCallback) {
	for _, act := range cb.ActionCallback.BlockActions {
		switch {
		case strings.HasPrefix(act.ActionID, actionOpenPrefix):
			a.onOpen(ctx, cb, act.Value)
		case a.cfg.Jobs != nil && strings.HasPrefix(act.ActionID, actionShareJobPrefix):
			a.onShareJob(ctx, cb, act.Value)
		case act.ActionID == actionShare:
			a.onShare(ctx, cb, act.Value)
		case act.ActionID == actionFeedbackUp, act.ActionID == actionFeedbackDown:
			a.onFeedback(ctx, cb, act.Value, act.ActionID == actionFeedbackUp)
		case a.cfg.JobAlerts != nil && (act.ActionID == actionAlertAdd || strings.HasPrefix(act.ActionID, actionAlertRemove)):
			a.onAlertAction(ctx, cb, act)
		case act.ActionID == actionForget:
			a.onForget(ctx, cb, act.Value)
		case a.cfg.Handoff != nil && (act.ActionID == slackdesk.ActionTake || act.ActionID == slackdesk.ActionClose):
			a.onDeskAction(ctx, cb, act.ActionID)
		case a.cfg.Handoff != nil && (act.ActionID == actionHandoffYes || act.ActionID == actionHandoffNo):
			a.onHandoffButton(ctx, cb, act.ActionID)
		default:
			a.log.Debug("ignored slack action", "action_id", act.ActionID)
		}
	}
}

// target is where the answer to a click goes: the same place as the
// message with the button. An ephemeral message is answered ephemerally,
// a button in the App Home in the bot's DM, a channel message in its
// thread.
type target struct {
	ephemeral   bool
	responseURL string
	place
}

func interactionTarget(cb slack.InteractionCallback) target {
	t := target{responseURL: cb.ResponseURL, place: place{Team: interactionTeam(cb), User: cb.User.ID}}
	channel := cmpOr(cb.Channel.ID, cb.Container.ChannelID)
	thread := cmpOr(cb.Container.ThreadTs, cb.Message.ThreadTimestamp)
	switch {
	case cb.Container.Type == "view" || channel == "":
		t.Channel = cb.User.ID // posting to a user id posts in the bot's DM
	case cb.Container.IsEphemeral:
		t.ephemeral = true
		t.Channel = channel
	case isDM(channel):
		t.Channel, t.Thread = channel, thread
	default:
		t.Channel, t.Thread = channel, cmpOr(thread, cmpOr(cb.Container.MessageTs, cb.Message.Timestamp))
	}
	return t
}

// deliver sends m to t. If Slack refuses a post in a channel, the user who
// clicked is told why through the response_url.
func (a *Adapter) deliver(ctx context.Context, t target, m message, lang bot.Lang) error {
	if t.ephemeral {
		return a.out.respond(ctx, t.responseURL, m, respondEphemeral)
	}
	_, err := a.out.post(ctx, t.Channel, t.Thread, m)
	if err != nil {
		a.tellFailure(ctx, t.responseURL, lang, err)
		return err
	}
	if t.Thread != "" && !isDM(t.Channel) {
		a.threads.Put(t.Channel+":"+t.Thread, struct{}{})
	}
	return nil
}

// onOpen answers a follow-up or topic button, in the A/B variant of the
// person who clicked.
func (a *Adapter) onOpen(ctx context.Context, cb slack.InteractionCallback, value string) {
	t := interactionTarget(cb)
	if a.handoffHolds(ctx, t) {
		return
	}
	user := a.pseudonym(t.Team, t.User)
	conversation := t.conversation()
	if t.ephemeral { // the buttons of a slash command's private answer
		conversation = commandConversation(t.Team, t.Channel, user)
	}
	reply, err := a.openRef(ctx, value, user, conversation)
	if err != nil {
		a.log.Error("follow-up failed", "trigger", cb.TriggerID, "err", err)
		a.deliver(ctx, t, textMessage(sorry(bot.German)), bot.German)
		return
	}
	if a.deliver(ctx, t, render(reply, renderOptions{Share: t.ephemeral, ShareJobs: a.cfg.Jobs != nil, Feedback: feedbackAsk}), reply.Lang) == nil {
		a.log.Info("slack follow-up answered", "channel", t.Channel, "entry", reply.EntryID, "lang", reply.Lang, "variant", reply.Variant)
	}
}

// openRef answers the entry a button names, in the variant of user (a
// pseudonym). A stale or forged value gets the topic menu with a note
// instead of an error.
func (a *Adapter) openRef(ctx context.Context, value, user, conversation string) (bot.Reply, error) {
	lang, id, err := decodeRef(value)
	if err != nil {
		a.log.Warn("malformed slack action value", "len", len(value))
		return a.missingEntry(ctx, bot.German)
	}
	reply, err := a.openFor(ctx, id, lang, user, conversation)
	if errors.Is(err, bot.ErrNotFound) {
		a.log.Info("slack button for a removed entry", "entry", id)
		return a.missingEntry(ctx, lang)
	}
	return reply, err
}

// missingEntry is the reply to a button whose entry no longer exists.
func (a *Adapter) missingEntry(ctx context.Context, lang bot.Lang) (bot.Reply, error) {
	r, err := a.cfg.Answerer.Menu(ctx, lang)
	if err != nil {
		return r, err
	}
	r.Text = lang.Pick("Diese Frage gibt es leider nicht mehr. Zu diesen Themen kann ich dir etwas sagen:",
		"Sorry, that question no longer exists. These are the topics I can tell you about:")
	return r, nil
}

// onShare posts an ephemeral answer publicly in its channel, marked as
// shared by the person who pressed the button, and removes the ephemeral.
// The shared answer is the variant that person saw.
func (a *Adapter) onShare(ctx context.Context, cb slack.InteractionCallback, value string) {
	t := interactionTarget(cb)
	if a.handoffHolds(ctx, t) {
		return
	}
	reply, err := a.openRef(ctx, value, a.pseudonym(t.Team, t.User), "")
	if err != nil || !reply.Answered() {
		if err != nil {
			a.log.Error("share failed", "trigger", cb.TriggerID, "err", err)
		}
		a.out.respond(ctx, cb.ResponseURL, a.renderOrSorry(reply, err), respondEphemeral)
		return
	}
	channel := cmpOr(cb.Channel.ID, cb.Container.ChannelID)
	if channel == "" {
		a.out.respond(ctx, cb.ResponseURL, textMessage(sorry(reply.Lang)), respondEphemeral)
		return
	}
	m := render(reply, renderOptions{SharedBy: cb.User.ID})
	if _, err := a.out.post(ctx, channel, "", m); err != nil {
		a.tellFailure(ctx, cb.ResponseURL, reply.Lang, err)
		return
	}
	a.log.Info("slack answer shared", "channel", channel, "entry", reply.EntryID, "lang", reply.Lang)
	if t.ephemeral && cb.ResponseURL != "" {
		a.out.respond(ctx, cb.ResponseURL, message{}, respondDelete)
	}
}

func (a *Adapter) renderOrSorry(r bot.Reply, err error) message {
	if err != nil {
		return textMessage(sorry(bot.German))
	}
	return render(r, renderOptions{})
}

// onFeedback records 👍 or 👎 for the entry on the button and replaces the
// buttons with a thank-you. The user is stored only as a pseudonym.
func (a *Adapter) onFeedback(ctx context.Context, cb slack.InteractionCallback, value string, helpful bool) {
	lang, id, variant, err := decodeFeedbackRef(value)
	if err != nil {
		a.log.Warn("malformed slack feedback value", "len", len(value))
		return
	}
	user := a.pseudonym(interactionTeam(cb), cb.User.ID)
	reply, err := a.openFor(ctx, id, lang, user, "")
	if err != nil {
		a.log.Info("feedback for an unknown entry not recorded", "entry", id, "err", err)
		a.out.respond(ctx, cb.ResponseURL, textMessage(thanks(lang)), respondEphemeral)
		return
	}
	err = a.cfg.Feedback.RecordFeedback(ctx, bot.Feedback{
		EntryID:  id,
		Lang:     lang,
		Helpful:  helpful,
		Platform: platform,
		User:     user,
		At:       a.cfg.Now(),
		Variant:  variant,
	})
	if err != nil {
		a.log.Error("cannot record slack feedback", "entry", id, "err", err)
	} else {
		a.cfg.Observer.ObserveFeedback(platform, helpful)
		a.log.Info("slack feedback recorded", "entry", id, "lang", lang, "helpful", helpful)
	}
	t := interactionTarget(cb)
	m := render(a.withCanonicalQuestion(ctx, reply), renderOptions{Share: t.ephemeral, Feedback: feedbackThanks})
	if orig := cb.Message.Blocks.BlockSet; len(orig) > 0 {
		// Keep the message as it was (a share attribution, a note) and
		// swap only the feedback row.
		m = message{Text: cmpOr(cb.Message.Text, m.Text), Blocks: swapFeedback(orig, lang)}
	}
	switch {
	case cb.ResponseURL != "":
		a.out.respond(ctx, cb.ResponseURL, m, respondReplace)
	case !t.ephemeral && cb.Container.MessageTs != "":
		a.out.update(ctx, t.Channel, cb.Container.MessageTs, m)
	}
}

// swapFeedback replaces the feedback buttons in blocks by a thank-you.
func swapFeedback(blocks []slack.Block, lang bot.Lang) []slack.Block {
	out := make([]slack.Block, 0, len(blocks))
	for _, b := range blocks {
		if blockID(b) == blockFeedback {
			b = slack.NewContextBlock(blockFeedback, mrkdwnObj(thanks(lang)))
		}
		out = append(out, b)
	}
	return out
}

func blockID(b slack.Block) string {
	switch b := b.(type) {
	case *slack.ActionBlock:
		return b.BlockID
	case *slack.ContextBlock:
		return b.BlockID
	case *slack.SectionBlock:
		return b.BlockID
	}
	return ""
}

func thanks(lang bot.Lang) string {
	return lang.Pick("Danke für dein Feedback! 🙏", "Thanks for your feedback! 🙏")
}

// runShortcut answers the message the shortcut "Antwort teilen" was used
// on, in its thread. When the bot has no real answer, only the person who
// used the shortcut sees the reply: a public "I don't know" helps nobody.
func (a *Adapter) runShortcut(ctx context.Context, cb slack.InteractionCallback) {
	text := incomingText(cb.Message.Text)
	channel := cb.Channel.ID
	thread := cmpOr(cb.Message.ThreadTimestamp, cmpOr(cb.Message.Timestamp, cb.MessageTs))
	asker := cmpOr(cb.Message.User, cb.User.ID)
	if text == "" || channel == "" {
		lang := cmpOr(a.userLang(ctx, interactionTeam(cb), cb.User.ID), bot.German)
		a.out.respond(ctx, cb.ResponseURL, textMessage(lang.Pick(
			"In dieser Nachricht finde ich keine Frage, die ich beantworten könnte.",
			"I can't find a question in that message.")), respondEphemeral)
		return
	}
	p := place{Team: interactionTeam(cb), Channel: channel, Thread: thread, User: asker}
	// The question is the asker's, so it is logged (and rate-limited)
	// under the asker's pseudonym: their `vergessen` deletes it.
	reply, err := a.cfg.Answerer.Ask(ctx, bot.Request{
		Text:         text,
		Locale:       a.localeIfUnsure(ctx, p.Team, asker, text),
		Conversation: p.conversation(),
		Platform:     platform,
		User:         a.pseudonym(p.Team, asker),
	})
	switch {
	case err != nil:
		a.log.Error("shortcut answer failed", "trigger", cb.TriggerID, "err", err)
		a.out.respond(ctx, cb.ResponseURL, textMessage(sorry(guessLang(text))), respondEphemeral)
		return
	case reply.Kind == bot.KindSilent:
		a.log.Info("slack shortcut not answered: asker over the rate limit", "trigger", cb.TriggerID)
		return
	case reply.Kind == bot.KindLimited:
		a.out.respond(ctx, cb.ResponseURL, render(reply, renderOptions{}), respondEphemeral)
		return
	}
	if !reply.Answered() {
		note := reply.Lang.Pick("Auf diese Nachricht habe ich keine sichere Antwort, deshalb siehst nur du das hier.",
			"I have no reliable answer to that message, so only you can see this.")
		a.out.respond(ctx, cb.ResponseURL, render(reply, renderOptions{Note: note}), respondEphemeral)
		return
	}
	reply = a.withCanonicalQuestion(ctx, reply)
	m := render(reply, renderOptions{SharedBy: cb.User.ID, Feedback: feedbackAsk})
	if _, err := a.out.post(ctx, channel, thread, m); err != nil {
		a.tellFailure(ctx, cb.ResponseURL, reply.Lang, err)
		return
	}
	a.threads.Put(channel+":"+thread, struct{}{})
	a.log.Info("slack shortcut answered", "channel", channel, "entry", reply.EntryID, "lang", reply.Lang, "variant", reply.Variant)
}

// tellFailure explains to the person who clicked why the bot could not
// post, when Slack left a way to reach them.
func (a *Adapter) tellFailure(ctx context.Context, responseURL string, lang bot.Lang, err error) {
	if responseURL == "" {
		return
	}
	var text string
	switch errorCode(err) {
	case "not_in_channel", "channel_not_found":
		name := "careerbot"
		if self := a.self.Load(); self != nil && self.Name != "" {
			name = self.Name
		}
		text = lang.Pick(
			"Ich bin kein Mitglied dieses Channels und kann hier nichts posten. Lade mich mit `/invite @"+name+"` ein und versuch es noch einmal.",
			"I'm not a member of this channel and can't post here. Invite me with `/invite @"+name+"` and try again.")
	default:
		text = lang.Pick("Das hat leider nicht geklappt. Bitte versuch es später noch einmal.",
			"Sorry, that didn't work. Please try again later.")
	}
	a.out.respond(ctx, responseURL, textMessage(text), respondEphemeral)
}
