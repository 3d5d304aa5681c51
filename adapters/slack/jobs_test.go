package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
)

func TestRenderJobCards(t *testing.T) {
	r := enginetest.JobsReply(bot.German)
	m := render(r, renderOptions{Feedback: feedbackAsk, Share: true})
	b, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	blocks := string(b)
	for _, want := range []string{
		`"url":"https://karriere.example.de/jobs/hh-java-01?a=1\u0026b=2"`, // the apply button
		`\u003chttps://karriere.example.de/jobs/remote-go-3|Go Developer \u0026lt;Remote\u0026gt; \u0026amp; more\u003e`,
		"für einen Kunden", "Bewerben", "remote", actionApplyPrefix + "1", "Weitere Stellen (3)",
	} {
		if !strings.Contains(blocks, want) && !strings.Contains(blocks, strings.ReplaceAll(want, "für einen Kunden", "f\\u00fcr einen Kunden")) {
			t.Errorf("blocks lack %s:\n%s", want, blocks)
		}
	}
	if strings.Contains(blocks, actionFeedbackUp) || strings.Contains(blocks, actionShare) {
		t.Error("a job list got feedback or share buttons")
	}
	if !strings.Contains(m.Text, "Senior Java Backend Developer") {
		t.Errorf("the fallback text lacks the postings: %s", m.Text)
	}
}
