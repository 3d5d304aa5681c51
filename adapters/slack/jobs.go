package slack

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// actionApplyPrefix + index names a posting's apply button. The button
// opens the posting's URL in the browser; the click Slack reports as well
// is ignored.
const actionApplyPrefix = "careerbot.apply."

// urlEscaper keeps a URL from ending a Slack link early.
var urlEscaper = strings.NewReplacer("<", "%3C", ">", "%3E", "|", "%7C")

// jobBlocks renders a job reply as cards: the intro, one section per
// posting (linked title; employer, place, type, date) with an apply
// button, and the closing line. ok is false when the reply lists no
// postings; its text is then rendered as usual.
func jobBlocks(r bot.Reply) (blocks []slack.Block, ok bool) {
	intro, outro, ok := bot.SplitJobsText(r)
	if !ok {
		return nil, false
	}
	if intro != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(mrkdwn.Render(intro)), nil, nil))
	}
	cards, _ := jobCards(r)
	blocks = append(blocks, cards...)
	if outro != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(mrkdwn.Render(outro)), nil, nil))
	}
	return blocks, true
}

// jobCards are one section per posting of r: the linked title, its
// details and an apply button.
func jobCards(r bot.Reply) (blocks []slack.Block, ok bool) {
	for i, j := range r.Jobs {
		title := escape(truncate(j.Title, 200))
		var acc *slack.Accessory
		if j.URL != "" {
			u := urlEscaper.Replace(j.URL)
			title = "<" + u + "|" + title + ">"
			btn := slack.NewButtonBlockElement(actionApplyPrefix+strconv.Itoa(i), truncate(j.ID, 200),
				plainObj(r.Lang.Pick("Bewerben", "Apply")))
			btn.URL = u
			acc = slack.NewAccessory(btn)
		}
		body := "*" + title + "*\n" + escape(bot.JobDetails(j, r.Lang, " · "))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(body), nil, acc))
	}
	return blocks, len(blocks) > 0
}

// actionShareJobPrefix starts the action id of a job card's share button;
// the posting's number on the card follows, its id is the value.
const actionShareJobPrefix = "careerbot.sharejob."

// shareJobButtons are one "Im Channel teilen" button per posting of an
// ephemeral job reply, so a recruiter can post a single posting.
func shareJobButtons(r bot.Reply) []slack.BlockElement {
	var out []slack.BlockElement
	for i, j := range r.Jobs {
		out = append(out, slack.NewButtonBlockElement(actionShareJobPrefix+strconv.Itoa(i), string(r.Lang)+":"+truncate(j.ID, 1900),
			plainObj(truncate(r.Lang.Pick("Teilen: ", "Share: ")+j.Title, maxButtonText))))
	}
	return out
}

// onShareJob posts one posting into the channel of the button, with the
// sharer's attribution, and removes the ephemeral reply.
func (a *Adapter) onShareJob(ctx context.Context, cb slack.InteractionCallback, value string) {
	l, id, _ := strings.Cut(value, ":")
	lang, err := bot.ParseLang(l)
	if err != nil || lang == "" {
		lang = bot.German
	}
	t := interactionTarget(cb)
	j, ok := a.cfg.Jobs.Job(id)
	channel := cmpOr(cb.Channel.ID, cb.Container.ChannelID)
	if !ok || channel == "" {
		a.out.respond(ctx, cb.ResponseURL, textMessage(lang.Pick("Diese Stelle ist nicht mehr ausgeschrieben.",
			"This position is no longer open.")), respondEphemeral)
		return
	}
	who := "<@" + cb.User.ID + ">"
	line := lang.Pick(who+" hat diese Stelle geteilt", "Shared by "+who)
	cards, _ := jobCards(bot.Reply{Kind: bot.KindJobs, Lang: lang, Jobs: []bot.Job{j}})
	m := message{Text: line + ": " + j.Title, Blocks: append([]slack.Block{slack.NewContextBlock(blockShared, mrkdwnObj(line))}, cards...)}
	if _, err := a.out.post(ctx, channel, "", m); err != nil {
		a.tellFailure(ctx, cb.ResponseURL, lang, err)
		return
	}
	a.log.Info("slack job posting shared", "channel", channel, "posting", j.ID)
	if t.ephemeral && cb.ResponseURL != "" {
		a.out.respond(ctx, cb.ResponseURL, message{}, respondDelete)
	}
}
