package slack

import (
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
	if outro != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(mrkdwn.Render(outro)), nil, nil))
	}
	return blocks, true
}
