package slack

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/careerbot/careerbot/handoff/slackdesk"
)

// HandoffDesk receives the recruiters' side of hand-offs from the desk
// channel: replies in a card's thread and clicks on its buttons.
// *handoff.Manager implements it. Recruiters are named as Slack mentions
// ("<@U…>"), which the card renders.
type HandoffDesk interface {
	Take(ctx context.Context, thread, recruiter string) error
	Close(ctx context.Context, thread, recruiter string) error
	FromRecruiter(ctx context.Context, thread, recruiter, text string) error
}

// onDeskMessage passes a recruiter's reply in a card's thread to the
// hand-off. Messages outside card threads, from bots and edits are not
// replies.
func (a *Adapter) onDeskMessage(ctx context.Context, eventID string, e *slackevents.MessageEvent) {
	switch e.SubType {
	case "", "thread_broadcast", "file_share":
	default:
		return
	}
	if e.BotID != "" || e.User == "" || a.isSelf(e.User) || e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp {
		return
	}
	if !a.firstSeen(ctx, eventID) {
		return
	}
	if err := a.cfg.Handoff.FromRecruiter(ctx, e.ThreadTimeStamp, "<@"+e.User+">", incomingText(e.Text)); err != nil {
		a.log.Error("hand-off reply not passed on", "event_id", eventID, "err", err)
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
