package slack

import (
	"context"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
	"github.com/slack-go/slack/slackevents"
)

// place is where a reply goes: a channel, and a thread in it when
// Thread is set.
type place struct {
	Team    string
	Channel string
	Thread  string
	User    string // who asked, raw: pseudonymised before it reaches the engine
}

// conversation keys the engine's memory of a conversation's language.
func (p place) conversation() string {
	return "slack:" + p.Team + ":" + p.Channel + ":" + p.Thread
}

// commandConversation is the conversation of one person's slash commands
// and the ephemeral answers' buttons in a channel; user is a pseudonym.
func commandConversation(team, channel, user string) string {
	return "slack:" + team + ":" + channel + ":command:" + user
}

// isDM reports whether channel is a direct message with the bot.
func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }

// ignoreMention filters mentions the bot must not answer: from bots
// (itself included), edits, and mentions in a DM, which arrive as
// message.im as well and are answered there.
func (a *Adapter) ignoreMention(e *slackevents.AppMentionEvent) bool {
	return e.BotID != "" || e.User == "" || a.isSelf(e.User) || e.Edited != nil ||
		e.Channel == "" || isDM(e.Channel)
}

// messagePlace decides whether a message event is a question for the bot:
// any message in a DM, and a reply in a channel thread the bot answers in.
// Bot messages, edits, deletions and other subtypes are not.
func (a *Adapter) messagePlace(team string, e *slackevents.MessageEvent) (place, bool) {
	switch e.SubType {
	case "", "thread_broadcast", "file_share":
	default:
		return place{}, false // message_changed, message_deleted, bot_message, joins …
	}
	if e.BotID != "" || e.User == "" || a.isSelf(e.User) || e.Channel == "" {
		return place{}, false
	}
	if e.ChannelType == "im" || isDM(e.Channel) {
		return place{Team: team, Channel: e.Channel, Thread: e.ThreadTimeStamp, User: e.User}, true
	}
	if e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp {
		return place{}, false
	}
	if _, ok := a.threads.Get(e.Channel + ":" + e.ThreadTimeStamp); !ok {
		return place{}, false
	}
	if a.mentionsSelf(e.Text) {
		return place{}, false // the app_mention event answers it
	}
	return place{Team: team, Channel: e.Channel, Thread: e.ThreadTimeStamp, User: e.User}, true
}

func (a *Adapter) isSelf(user string) bool {
	self := a.self.Load()
	return self != nil && user == self.UserID
}

// mentionsSelf reports whether text mentions the bot. Before auth.test the
// bot's id is unknown, and any mention counts, so nothing is answered twice.
func (a *Adapter) mentionsSelf(text string) bool {
	self := a.self.Load()
	if self == nil {
		return strings.Contains(text, "<@")
	}
	return strings.Contains(text, "<@"+self.UserID+">") || strings.Contains(text, "<@"+self.UserID+"|")
}

// answer asks the engine and posts the reply at p. A user over the rate
// limit gets the engine's one notice, then nothing.
func (a *Adapter) answer(ctx context.Context, eventID string, p place, text string) {
	a.log.Debug("slack question", "event_id", eventID, "text", text)
	reply, err := a.cfg.Answerer.Ask(ctx, bot.Request{
		Text:         text,
		Locale:       a.localeIfUnsure(ctx, p.Team, p.User, text),
		Conversation: p.conversation(),
		Platform:     platform,
		User:         a.pseudonym(p.Team, p.User),
	})
	var m message
	switch {
	case err == nil && reply.Kind == bot.KindSilent:
		a.log.Info("slack question not answered: user over the rate limit", "event_id", eventID)
		return
	case err != nil:
		a.log.Error("answer failed", "event_id", eventID, "err", err)
		m = textMessage(sorry(guessLang(text)))
	default:
		reply = a.withCanonicalQuestion(ctx, reply)
		m = render(reply, renderOptions{Feedback: feedbackAsk, Note: lateNote(ctx, reply.Lang)})
	}
	if _, err := a.out.post(ctx, p.Channel, p.Thread, m); err != nil {
		return // logged by the outbox with method and error code
	}
	a.log.Info("slack answer posted", "event_id", eventID, "channel", p.Channel, "kind", reply.Kind,
		"entry", reply.EntryID, "lang", reply.Lang, "confidence", reply.Confidence, "variant", reply.Variant)
}

// withCanonicalQuestion replaces the user's wording of an answered
// question by the entry's own question, shown above the answer so that
// people see what the bot understood.
func (a *Adapter) withCanonicalQuestion(ctx context.Context, r bot.Reply) bot.Reply {
	if !r.Answered() || r.EntryID == "" {
		return r
	}
	if e, err := a.cfg.Answerer.Open(ctx, r.EntryID, r.Lang); err == nil && e.Question != "" {
		r.Question = e.Question
	}
	return r
}

// guessLang is the language of text for the adapter's own short replies.
func guessLang(text string) bot.Lang {
	l, _ := bot.DetectLang(bot.Clean(text))
	return l
}

func sorry(lang bot.Lang) string {
	return lang.Pick("Entschuldige, da ist gerade etwas schiefgelaufen. Bitte versuch es gleich noch einmal.",
		"Sorry, something went wrong on my side. Please try again in a moment.")
}

// lateNote apologises for an answer that waited in the inbox for long,
// after a restart or an outage; "" when it did not.
func lateNote(ctx context.Context, lang bot.Lang) string {
	if !delivery.Late(ctx) {
		return ""
	}
	return lang.Pick("Entschuldige die späte Antwort.", "Sorry for the late answer.")
}
