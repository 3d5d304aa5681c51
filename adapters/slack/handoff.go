package slack

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
	"github.com/careerbot/careerbot/handoff/slackdesk"
)

// Handoff passes conversations to recruiters; *handoff.Manager implements
// it. The adapter gives it both sides: the recruiters' replies and button
// clicks in the desk channel (recruiters named as Slack mentions, "<@U…>",
// which the card renders), and the messages and consent buttons of people
// in DMs with the bot.
type Handoff interface {
	Take(ctx context.Context, thread, recruiter string) error
	Close(ctx context.Context, thread, recruiter string) error
	FromRecruiter(ctx context.Context, thread, recruiter, text string) error
	HandleText(ctx context.Context, p handoff.Person, text string) ([]handoff.Message, bool, error)
	HandleAction(ctx context.Context, p handoff.Person, action string) ([]handoff.Message, error)
	Hold(ctx context.Context, p handoff.Person) (handoff.Message, bool, error)
	Register(platform string, o handoff.Outlet)
}

// handoffHolds reports whether a button in a DM must not be answered
// because a recruiter is taking over, and tells the person.
func (a *Adapter) handoffHolds(ctx context.Context, t target) bool {
	if a.cfg.Handoff == nil || !isDM(t.Channel) {
		return false
	}
	msg, held, err := a.cfg.Handoff.Hold(ctx, a.handoffPerson(t.Team, t.User, t.Channel, ""))
	if err != nil {
		a.log.Error("hand-off check failed", "err", err)
	}
	if held {
		a.out.post(ctx, t.Channel, "", handoffMessage(msg, msg.Lang))
	}
	return held
}

// The action ids of the consent buttons in a DM.
const (
	actionHandoffYes = "handoff_yes"
	actionHandoffNo  = "handoff_no"
)

var handoffActionIDs = map[string]string{handoff.ActionConsent: actionHandoffYes, handoff.ActionDecline: actionHandoffNo}

// handoffPerson is a DM's person as the hand-off sees them; the DM channel
// is their address while a hand-off is open.
func (a *Adapter) handoffPerson(team, user, channel string, lang bot.Lang) handoff.Person {
	return handoff.Person{Platform: platform, User: a.pseudonym(team, user), Address: channel, Lang: lang}
}

// handoffDM gives a DM to the hand-off first and reports whether it took
// it.
func (a *Adapter) handoffDM(ctx context.Context, p place, text string) bool {
	if a.cfg.Handoff == nil || !isDM(p.Channel) {
		return false
	}
	lang, sure := bot.DetectLang(text)
	if !sure {
		lang = a.userLang(ctx, p.Team, p.User)
	}
	msgs, handled, err := a.cfg.Handoff.HandleText(ctx, a.handoffPerson(p.Team, p.User, p.Channel, lang), text)
	if err != nil {
		a.log.Error("hand-off failed", "err", err)
		a.out.post(ctx, p.Channel, "", textMessage(sorry(lang)))
		return true
	}
	for _, m := range msgs {
		a.out.post(ctx, p.Channel, "", handoffMessage(m, lang))
	}
	return handled
}

// onHandoffButton runs a consent button in a DM.
func (a *Adapter) onHandoffButton(ctx context.Context, cb slack.InteractionCallback, actionID string) {
	channel := cmpOr(cb.Channel.ID, cb.Container.ChannelID)
	if !isDM(channel) {
		return
	}
	act := handoff.ActionDecline
	if actionID == actionHandoffYes {
		act = handoff.ActionConsent
	}
	team := interactionTeam(cb)
	lang := a.userLang(ctx, team, cb.User.ID)
	msgs, err := a.cfg.Handoff.HandleAction(ctx, a.handoffPerson(team, cb.User.ID, channel, lang), act)
	if err != nil {
		a.log.Error("hand-off failed", "err", err)
		a.out.post(ctx, channel, "", textMessage(sorry(lang)))
		return
	}
	for _, m := range msgs {
		a.out.post(ctx, channel, "", handoffMessage(m, lang))
	}
}

// handoffMessage renders a hand-off message: a recruiter's words under the
// team's name, the consent question with its buttons.
func handoffMessage(m handoff.Message, lang bot.Lang) message {
	text := escape(m.Text)
	if m.From == "recruiter" {
		text = "*" + lang.Pick("Recruiting-Team", "Recruiting team") + ":* " + text
	}
	msg := textMessage(text)
	if len(m.Actions) > 0 {
		var buttons []slack.BlockElement
		for _, act := range m.Actions {
			buttons = append(buttons, slack.NewButtonBlockElement(handoffActionIDs[act.ID], act.ID, plainObj(act.Label)))
		}
		msg.Blocks = append(msg.Blocks, slack.NewActionBlock("handoff_consent", buttons...))
	}
	return msg
}

// handoffOutlet delivers the hand-off's messages into DMs.
type handoffOutlet struct{ a *Adapter }

// Deliver implements handoff.Outlet; address is the DM channel.
func (o handoffOutlet) Deliver(ctx context.Context, address string, m handoff.Message) error {
	_, err := o.a.out.post(ctx, address, "", handoffMessage(m, m.Lang))
	return err
}

// acceptDeskMessage stores a recruiter's reply in a card's thread for the
// hand-off. Messages outside card threads, from bots and edits are not
// replies.
func (a *Adapter) acceptDeskMessage(ctx context.Context, eventID, team string, e *slackevents.MessageEvent) error {
	switch e.SubType {
	case "", "thread_broadcast", "file_share":
	default:
		return nil
	}
	if e.BotID != "" || e.User == "" || a.isSelf(e.User) || e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp {
		return nil
	}
	p := place{Team: team, Channel: e.Channel, Thread: e.ThreadTimeStamp, User: e.User}
	return a.accept(ctx, "event:"+eventID, p.conversation(),
		work{Kind: workDesk, ID: eventID, Place: p, Text: incomingText(e.Text)}, eventKeep)
}

// onDeskMessage passes a recruiter's thread reply to the hand-off.
func (a *Adapter) onDeskMessage(ctx context.Context, w work) {
	if a.cfg.Handoff == nil {
		return
	}
	if err := a.cfg.Handoff.FromRecruiter(ctx, w.Place.Thread, "<@"+w.Place.User+">", w.Text); err != nil {
		a.log.Error("hand-off reply not passed on", "event_id", w.ID, "err", err)
	}
}

// onDeskAction runs a click on a card's Take or Close button.
func (a *Adapter) onDeskAction(ctx context.Context, cb slack.InteractionCallback, actionID string) {
	thread := cmpOr(cb.Container.MessageTs, cb.Message.Timestamp)
	recruiter := "<@" + cb.User.ID + ">"
	var err error
	if actionID == slackdesk.ActionTake {
		err = a.cfg.Handoff.Take(ctx, thread, recruiter)
	} else {
		err = a.cfg.Handoff.Close(ctx, thread, recruiter)
	}
	if err != nil {
		a.log.Error("hand-off action failed", "action_id", actionID, "err", err)
	}
}

// isDeskChannel reports whether channel is the hand-off desk.
func (a *Adapter) isDeskChannel(channel string) bool {
	return a.cfg.Handoff != nil && channel != "" && channel == a.cfg.HandoffChannel
}
