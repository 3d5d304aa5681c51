// Package slackdesk is the recruiters' hand-off desk in a Slack channel:
// each hand-off is a card (a message with Take and Close buttons) and its
// thread is the conversation with the person.
package slackdesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/handoff"
)

// The action ids of the card's buttons; the Slack adapter routes clicks on
// them to the Manager.
const (
	ActionTake  = "handoff_take"
	ActionClose = "handoff_close"
)

// api is the part of the Slack Web API the desk uses.
type api interface {
	PostMessageContext(ctx context.Context, channel string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channel, ts string, options ...slack.MsgOption) (string, string, string, error)
}

// Desk posts hand-off cards into one channel, keeping to the shared send
// limit and retry policy of the adapters (package delivery).
type Desk struct {
	api     api
	channel string
	limit   *delivery.Limiter
	retry   delivery.Retrier
}

// send runs one Web API call within the channel's send limit, repeating it
// only when Slack said it did not take it (429).
func (d *Desk) send(ctx context.Context, call func(context.Context) error) error {
	if err := d.limit.Wait(ctx, d.channel); err != nil {
		return err
	}
	return d.retry.Do(ctx, call, func(err error) (time.Duration, bool) {
		if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
			return max(rl.RetryAfter, time.Second), true
		}
		return 0, false
	})
}

var _ handoff.Desk = (*Desk)(nil)

// Config configures a Desk.
type Config struct {
	// BotToken is the bot's xoxb- token; the bot must be a member of
	// Channel.
	BotToken string
	// Channel is the channel id (C…) of the recruiters' desk.
	Channel string
	// APIURL overrides the Web API base URL; it ends with a slash.
	APIURL     string
	HTTPClient *http.Client
}

// New returns a Desk for cfg. It connects to nothing.
func New(cfg Config) (*Desk, error) {
	if cfg.BotToken == "" || cfg.Channel == "" {
		return nil, errors.New("slack desk: a bot token and a channel are required")
	}
	opts := []slack.Option{}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, slack.OptionHTTPClient(cfg.HTTPClient))
	}
	return &Desk{api: slack.New(cfg.BotToken, opts...), channel: cfg.Channel,
		limit: delivery.NewLimiter(1, 3), retry: delivery.Retrier{}}, nil
}

// Channel is the desk's channel id.
func (d *Desk) Channel() string { return d.channel }

// Open implements handoff.Desk: the thread is the card's timestamp.
func (d *Desk) Open(ctx context.Context, c handoff.Card) (string, error) {
	var ts string
	err := d.send(ctx, func(ctx context.Context) (err error) {
		_, ts, err = d.api.PostMessageContext(ctx, d.channel, slack.MsgOptionText(summary(c), false), slack.MsgOptionBlocks(blocks(c)...))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("post hand-off card: %w", err)
	}
	return ts, nil
}

// Update implements handoff.Desk.
func (d *Desk) Update(ctx context.Context, thread string, c handoff.Card) error {
	err := d.send(ctx, func(ctx context.Context) error {
		_, _, _, err := d.api.UpdateMessageContext(ctx, d.channel, thread, slack.MsgOptionText(summary(c), false), slack.MsgOptionBlocks(blocks(c)...))
		return err
	})
	if err != nil {
		return fmt.Errorf("update hand-off card: %w", err)
	}
	return nil
}

// Post implements handoff.Desk: the person's words in the card's thread.
func (d *Desk) Post(ctx context.Context, thread, text string) error {
	err := d.send(ctx, func(ctx context.Context) error {
		_, _, err := d.api.PostMessageContext(ctx, d.channel, slack.MsgOptionTS(thread),
			slack.MsgOptionText("💬 *Person:* "+escape(text), false), slack.MsgOptionDisableLinkUnfurl())
		return err
	})
	if err != nil {
		return fmt.Errorf("post to hand-off thread: %w", err)
	}
	return nil
}

var platformNames = map[string]string{"web": "Web-Chat", "telegram": "Telegram", "slack": "Slack-DM"}

func summary(c handoff.Card) string {
	return fmt.Sprintf("Hand-off #%d (%s): %s", c.ID, cmpOr(platformNames[c.Platform], c.Platform), stateText(c))
}

func stateText(c handoff.Card) string {
	switch c.State {
	case bot.HandoffWaiting:
		return fmt.Sprintf("⏳ *Wartet* seit %s – bitte innerhalb von %d Min. übernehmen.",
			c.Opened.Format("15:04"), int(c.Wait.Minutes()))
	case bot.HandoffTaken:
		if c.Recruiter != "" {
			return "✅ *Übernommen* von " + c.Recruiter + "."
		}
		return "✅ *Übernommen.*"
	case bot.HandoffTimedOut:
		return "⌛ *Zeit abgelaufen:* niemand hat übernommen. Die Person hat den Kontakt des Teams bekommen."
	default:
		return "☑️ *Beendet.* Der Bot antwortet der Person wieder."
	}
}

// blocks renders a card: what happened, the conversation so far and the
// buttons that fit the state.
func blocks(c handoff.Card) []slack.Block {
	title := fmt.Sprintf("Hand-off #%d · %s · %s", c.ID, cmpOr(platformNames[c.Platform], c.Platform), strings.ToUpper(string(c.Lang)))
	out := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, title, false, false)),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, stateText(c), false, false), nil, nil),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, conversation(c), false, false), nil, nil),
	}
	if c.State == bot.HandoffWaiting || c.State == bot.HandoffTaken {
		out = append(out, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"Antworten im Thread gehen an die Person. Nachrichten, die mit `"+handoff.NotePrefix+"` beginnen, bleiben intern.", false, false)))
		var buttons []slack.BlockElement
		id := strconv.FormatInt(c.ID, 10)
		if c.State == bot.HandoffWaiting {
			take := slack.NewButtonBlockElement(ActionTake, id, slack.NewTextBlockObject(slack.PlainTextType, "Übernehmen", false, false))
			take.Style = slack.StylePrimary
			buttons = append(buttons, take)
		}
		buttons = append(buttons, slack.NewButtonBlockElement(ActionClose, id, slack.NewTextBlockObject(slack.PlainTextType, "Schließen", false, false)))
		out = append(out, slack.NewActionBlock("handoff_actions", buttons...))
	}
	return out
}

// maxSectionText stays under Slack's 3000 characters per section.
const maxSectionText = 2900

func conversation(c handoff.Card) string {
	if len(c.Questions) == 0 {
		return "*Bisheriges Gespräch:* keine Fragen vor der Übergabe."
	}
	var b strings.Builder
	b.WriteString("*Bisheriges Gespräch:*")
	for _, q := range c.Questions {
		outcome := "nicht beantwortet"
		if q.Answered {
			outcome = "beantwortet mit `" + q.EntryID + "`"
		}
		line := fmt.Sprintf("\n• %s „%s“ → %s", q.At.Format("15:04"), escape(oneLine(q.Text, 300)), outcome)
		if b.Len()+len(line) > maxSectionText {
			b.WriteString("\n…")
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// escape keeps a person's text from becoming Slack markup (mentions such
// as <!channel>, links).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
