package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/delivery"
)

// How long delivery keys are remembered after the answer: Slack retries
// an event for about an hour; a signed command or click is accepted for
// five minutes, so a replay within them is recognised.
const (
	eventKeep       = time.Hour
	interactionKeep = 10 * time.Minute
)

// Kinds of work the adapter stores in its inbox.
const (
	workAsk         = "ask"         // a question in a channel, thread or DM
	workHome        = "home"        // the App Home tab was opened
	workCommand     = "command"     // a slash command
	workInteraction = "interaction" // a button click or a message shortcut
	workDesk        = "desk"        // a recruiter's reply in a hand-off card's thread
)

// work is the body of an inbox message: what is needed to answer and
// where. It holds raw Slack ids (the reply address) and is deleted from
// the inbox once answered.
type work struct {
	Kind        string              `json:"kind"`
	ID          string              `json:"id,omitempty"` // event or trigger id, for logs
	Place       place               `json:"place,omitzero"`
	Text        string              `json:"text,omitempty"`
	Command     *slack.SlashCommand `json:"command,omitempty"`
	Interaction json.RawMessage     `json:"interaction,omitempty"`
}

// accept stores w in the inbox under key. Only after it returned nil may
// Slack be told the request arrived; an error means Slack must deliver it
// again. A redelivery of a stored key is accepted and not stored again.
func (a *Adapter) accept(ctx context.Context, key, conversation string, w work, keep time.Duration) error {
	body, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("encode %s: %w", w.Kind, err)
	}
	fresh, err := a.rt.Accept(ctx, delivery.Message{
		Key:          key,
		Conversation: a.cfg.Pseudonyms.Pseudonym(platform+"-conversation", conversation),
		Body:         body,
	}, keep)
	if err != nil {
		a.log.Error("cannot store a slack request; not acknowledging it", "kind", w.Kind, "id", w.ID, "err", err)
		return err
	}
	if !fresh {
		a.log.Info("duplicate slack request ignored", "kind", w.Kind, "id", w.ID)
	}
	return nil
}

// acceptEvent decides whether an event needs an answer and stores it.
// Filters come first, so that the flood of channel messages the bot only
// reads costs no database write.
func (a *Adapter) acceptEvent(ctx context.Context, eventID, team string, inner slackevents.EventsAPIInnerEvent) error {
	switch e := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		if a.ignoreMention(e) {
			return nil
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		p := place{Team: team, Channel: e.Channel, Thread: thread, User: e.User}
		a.threads.Put(e.Channel+":"+thread, struct{}{})
		return a.accept(ctx, "event:"+eventID, p.conversation(),
			work{Kind: workAsk, ID: eventID, Place: p, Text: incomingText(e.Text)}, eventKeep)
	case *slackevents.MessageEvent:
		if a.isDeskChannel(e.Channel) {
			return a.acceptDeskMessage(ctx, eventID, team, e)
		}
		p, ok := a.messagePlace(team, e)
		if !ok {
			return nil
		}
		return a.accept(ctx, "event:"+eventID, p.conversation(),
			work{Kind: workAsk, ID: eventID, Place: p, Text: incomingText(e.Text)}, eventKeep)
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "home" || e.User == "" {
			return nil
		}
		p := place{Team: team, User: e.User}
		return a.accept(ctx, "event:"+eventID, "home:"+team+":"+e.User, work{Kind: workHome, ID: eventID, Place: p}, eventKeep)
	default:
		a.log.Debug("ignored slack event", "event_id", eventID, "type", inner.Type)
		return nil
	}
}

// acceptCommand stores a slash command under delivery, its request's
// signature (HTTP: a replay within Slack's five minutes has the same) or
// its envelope id (Socket Mode: a redelivery has the same).
func (a *Adapter) acceptCommand(ctx context.Context, cmd slack.SlashCommand, delivery string) error {
	key := "command:" + cmpOr(delivery, cmd.TriggerID)
	return a.accept(ctx, key, "slack:"+cmd.TeamID+":"+cmd.ChannelID+":command:"+cmd.UserID,
		work{Kind: workCommand, ID: cmd.TriggerID, Command: &cmd}, interactionKeep)
}

// acceptInteraction stores a button click or a message shortcut, keyed
// like a command; other interactions are acknowledged and ignored. raw is
// Slack's payload.
func (a *Adapter) acceptInteraction(ctx context.Context, cb slack.InteractionCallback, raw []byte, delivery string) error {
	switch {
	case cb.Type == slack.InteractionTypeBlockActions && len(cb.ActionCallback.BlockActions) > 0:
	case cb.Type == slack.InteractionTypeMessageAction && cb.CallbackID == shortcutShare:
	default:
		a.log.Debug("ignored slack interaction", "type", cb.Type, "callback_id", cb.CallbackID)
		return nil
	}
	if len(raw) == 0 {
		var err error
		if raw, err = json.Marshal(cb); err != nil {
			return fmt.Errorf("encode interaction: %w", err)
		}
	}
	key := "interaction:" + cmpOr(delivery, cb.TriggerID)
	t := interactionTarget(cb)
	return a.accept(ctx, key, t.conversation(),
		work{Kind: workInteraction, ID: cb.TriggerID, Interaction: raw}, interactionKeep)
}

// handle answers one message from the inbox.
func (a *Adapter) handle(ctx context.Context, m delivery.Message) {
	var w work
	if err := json.Unmarshal(m.Body, &w); err != nil {
		a.log.Error("unreadable slack inbox message", "inbox_id", m.ID, "err", err)
		return
	}
	switch w.Kind {
	case workAsk:
		if a.handoffDM(ctx, w.Place, w.Text) {
			return
		}
		a.answer(ctx, w.ID, w.Place, w.Text)
	case workDesk:
		a.onDeskMessage(ctx, w)
	case workHome:
		a.publishHome(ctx, w.Place.Team, w.Place.User)
	case workCommand:
		if w.Command != nil {
			a.runCommand(ctx, *w.Command)
		}
	case workInteraction:
		var cb slack.InteractionCallback
		if err := json.Unmarshal(w.Interaction, &cb); err != nil {
			a.log.Error("unreadable slack interaction in the inbox", "inbox_id", m.ID, "err", err)
			return
		}
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			a.runBlockActions(ctx, cb)
		case slack.InteractionTypeMessageAction:
			a.runShortcut(ctx, cb)
		}
	default:
		a.log.Error("unknown slack inbox message", "inbox_id", m.ID, "kind", w.Kind)
	}
}
