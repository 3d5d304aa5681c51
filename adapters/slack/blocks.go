package slack

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// Action and block ids. Incoming interactions are matched on these, so
// they are part of the adapter's protocol with messages it sent earlier:
// change them only together with a migration plan for old messages.
const (
	actionOpenPrefix   = "careerbot.open." // + index: follow-up and topic buttons
	actionShare        = "careerbot.share"
	actionFeedbackUp   = "careerbot.feedback.up"
	actionFeedbackDown = "careerbot.feedback.down"
	actionForget       = "careerbot.forget" // App Home: delete my data

	blockQuestion  = "careerbot.question"
	blockFollowups = "careerbot.followups"
	blockShare     = "careerbot.share"
	blockFeedback  = "careerbot.feedback"
	blockShared    = "careerbot.shared"
	blockPrivacy   = "careerbot.privacy"
	blockShareJobs = "careerbot.sharejobs"

	// shortcutShare is the callback id of the message shortcut "Antwort
	// teilen", as declared in manifest.yaml.
	shortcutShare = "share_answer"
)

const (
	// maxFollowups is how many follow-up buttons an answer offers.
	maxFollowups = bot.MaxSuggestions
	// maxMenuButtons bounds the topic menu; Slack allows 25 per block.
	maxMenuButtons = 10
)

// feedbackState says what an answer shows below it.
type feedbackState int

const (
	feedbackNone   feedbackState = iota
	feedbackAsk                  // 👍 / 👎 buttons
	feedbackThanks               // the buttons were pressed: a thank-you
)

// renderOptions are the parts of a message that depend on where it goes.
type renderOptions struct {
	// Share adds "Im Channel teilen" to an ephemeral answer; with
	// ShareJobs, one share button per posting to an ephemeral job list.
	Share, ShareJobs bool
	// Feedback controls the 👍 / 👎 row of an answer.
	Feedback feedbackState
	// SharedBy is the Slack user id that shared the answer into a channel.
	SharedBy string
	// Note is a line shown above the reply (already mrkdwn).
	Note string
}

// message is a rendered reply: Block Kit plus the plain-text fallback
// Slack shows in notifications and screen readers.
type message struct {
	Text   string
	Blocks []slack.Block
}

// render turns a reply into a Slack message. Only real answers get the
// question heading, the share button and the feedback row: sharing or
// rating "I don't know" helps nobody.
func render(r bot.Reply, o renderOptions) message {
	lang := r.Lang
	var blocks []slack.Block
	var text []string
	if o.SharedBy != "" {
		who := "<@" + o.SharedBy + ">"
		line := lang.Pick(who+" hat diese Antwort geteilt", "Shared by "+who)
		blocks = append(blocks, slack.NewContextBlock(blockShared, mrkdwnObj(line)))
		text = append(text, line)
	}
	if o.Note != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwnObj(o.Note)))
		text = append(text, o.Note)
	}
	if r.Answered() && r.Question != "" {
		q := bold(escape(truncate(r.Question, 500)))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(q), nil, nil, slack.SectionBlockOptionBlockID(blockQuestion)))
		text = append(text, escape(r.Question))
	}
	if cards, ok := jobBlocks(r); ok {
		blocks = append(blocks, cards...)
	} else {
		for _, c := range chunks(mrkdwn.Render(r.Text), maxSectionText) {
			if c != "" {
				blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(c), nil, nil))
			}
		}
	}
	text = append(text, plain.Render(r.Text))
	if b := followups(r); len(b) > 0 {
		if r.Answered() {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwnObj(lang.Pick("Passend dazu:", "Related questions:"))))
		}
		blocks = append(blocks, slack.NewActionBlock(blockFollowups, b...))
	}
	if r.Kind == bot.KindJobs && o.Share && o.ShareJobs && len(r.Jobs) > 0 {
		blocks = append(blocks, slack.NewActionBlock(blockShareJobs, shareJobButtons(r)...))
	}
	if r.Answered() && o.Share {
		btn := slack.NewButtonBlockElement(actionShare, encodeRef(r.Lang, r.EntryID),
			plainObj(lang.Pick("Im Channel teilen", "Share in channel"))).WithStyle(slack.StylePrimary)
		blocks = append(blocks, slack.NewActionBlock(blockShare, btn))
	}
	if r.Answered() {
		switch o.Feedback {
		case feedbackAsk:
			ref := encodeFeedbackRef(r.Lang, r.EntryID, r.Variant)
			blocks = append(blocks, slack.NewActionBlock(blockFeedback,
				slack.NewButtonBlockElement(actionFeedbackUp, ref, plainObj(lang.Pick("👍 Hilfreich", "👍 Helpful"))),
				slack.NewButtonBlockElement(actionFeedbackDown, ref, plainObj(lang.Pick("👎 Nicht hilfreich", "👎 Not helpful"))),
			))
		case feedbackThanks:
			blocks = append(blocks, slack.NewContextBlock(blockFeedback,
				mrkdwnObj(lang.Pick("Danke für dein Feedback! 🙏", "Thanks for your feedback! 🙏"))))
		}
	}
	return message{Text: truncate(strings.Join(text, "\n\n"), maxFallback), Blocks: blocks}
}

// followups are the reply's suggestions as buttons: follow-up questions
// after an answer, candidates after "did you mean", or the topic menu.
func followups(r bot.Reply) []slack.BlockElement {
	limit := maxFollowups
	switch r.Kind {
	case bot.KindHelp, bot.KindGreeting, bot.KindEmpty:
		limit = maxMenuButtons
	}
	var out []slack.BlockElement
	for i, s := range r.Suggestions {
		if i == limit {
			break
		}
		if s.EntryID == "" || s.Question == "" {
			continue
		}
		out = append(out, slack.NewButtonBlockElement(actionOpenPrefix+strconv.Itoa(i),
			encodeRef(r.Lang, s.EntryID), plainObj(truncate(s.Question, maxButtonText))))
	}
	return out
}

// markupMessage is a text in the knowledge base's markup, such as the
// privacy notice or the admin figures, as a message of its own.
func markupMessage(s string) message {
	var blocks []slack.Block
	for _, c := range chunks(mrkdwn.Render(s), maxSectionText) {
		if c != "" {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(c), nil, nil))
		}
	}
	return message{Text: truncate(plain.Render(s), maxFallback), Blocks: blocks}
}

// textMessage is a short reply without an entry: an error or a hint.
func textMessage(s string) message {
	return message{
		Text:   s,
		Blocks: []slack.Block{slack.NewSectionBlock(mrkdwnObj(s), nil, nil)},
	}
}

func mrkdwnObj(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plainObj(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

// errBadRef is returned for a button value this adapter did not write.
var errBadRef = errors.New("malformed action value")

// entryIDPattern is the knowledge base's id syntax (see knowledge.Validate).
var entryIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// encodeRef is a button's value: the entry and the reply language,
// "de:quereinstieg". It is short because Slack caps values at 2000
// characters and sends them back with every click.
func encodeRef(lang bot.Lang, entryID string) string {
	return string(lang) + ":" + entryID
}

// encodeFeedbackRef is a feedback button's value: the entry's ref and the
// A/B variant the message shows, so a vote by someone else in a channel
// is counted for what they saw.
func encodeFeedbackRef(lang bot.Lang, entryID, variant string) string {
	if variant == "" {
		return encodeRef(lang, entryID)
	}
	return encodeRef(lang, entryID) + "|" + variant
}

// decodeFeedbackRef reads a feedback button's value; variant is "" for
// buttons without one (entries not under test, older messages).
func decodeFeedbackRef(v string) (lang bot.Lang, id, variant string, err error) {
	ref, variant, _ := strings.Cut(v, "|")
	if variant != "" && variant != "A" && variant != "B" {
		return "", "", "", errBadRef
	}
	lang, id, err = decodeRef(ref)
	return lang, id, variant, err
}

// decodeRef reads a button value. Values come back from Slack and could
// have been crafted, so they are validated like user input.
func decodeRef(v string) (bot.Lang, string, error) {
	l, id, ok := strings.Cut(v, ":")
	if !ok || l == "" || !entryIDPattern.MatchString(id) {
		return "", "", errBadRef
	}
	lang, err := bot.ParseLang(l)
	if err != nil || string(lang) != l {
		return "", "", errBadRef
	}
	return lang, id, nil
}
