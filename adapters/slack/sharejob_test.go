package slack

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
	"github.com/careerbot/careerbot/internal/slackfake"
)

// jobLookup is a fixed set of current postings.
type jobLookup map[string]bot.Job

func (l jobLookup) Job(id string) (bot.Job, bool) { j, ok := l[id]; return j, ok }

func TestShareJobPosting(t *testing.T) {
	r := enginetest.JobsReply(bot.German)
	m := render(r, renderOptions{Share: true, ShareJobs: true})
	var share *slack.ActionBlock
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok && ab.BlockID == blockShareJobs {
			share = ab
		}
	}
	if share == nil || len(share.Elements.ElementSet) != 2 {
		t.Fatalf("no share button per posting in %+v", m.Blocks)
	}
	btn := share.Elements.ElementSet[0].(*slack.ButtonBlockElement)
	if btn.Value != "de:HH-JAVA-01" || !strings.HasPrefix(btn.Text.Text, "Teilen: Senior Java") {
		t.Errorf("share button %+v", btn)
	}
	if m := render(r, renderOptions{Share: false, ShareJobs: true}); strings.Contains(slackfakeText(m), blockShareJobs) {
		t.Error("a job list in a channel got share buttons")
	}

	h := newHarness(t, func(c *Config) { c.Jobs = jobLookup{r.Jobs[0].ID: r.Jobs[0]} })
	h.start()
	press := func(value string) {
		h.clickAs(userSteve, slackfake.Button{ActionID: btn.ActionID, BlockID: blockShareJobs, Value: value, Text: btn.Text.Text},
			"C0SHARE01", "1548426417.000100", true, nil)
	}
	press(btn.Value)
	post := h.fake.WaitCalls("chat.postMessage", 1)[0]
	press("de:GONE-1")
	h.waitInboxEmpty()
	h.stop()
	if post.Field("channel") != "C0SHARE01" || !strings.Contains(post.Text(), "<@"+userSteve+"> hat diese Stelle geteilt") ||
		!strings.Contains(post.Text(), "Senior Java Backend Developer") {
		t.Errorf("shared post to %q:\n%s", post.Field("channel"), post.Text())
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts, want 1: an unknown posting is not shared", n)
	}
}

// slackfakeText is the block ids of m, for a quick check.
func slackfakeText(m message) string {
	var ids []string
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok {
			ids = append(ids, ab.BlockID)
		}
	}
	return strings.Join(ids, " ")
}
