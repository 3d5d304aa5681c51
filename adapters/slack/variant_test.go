package slack

import (
	"testing"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// A feedback button carries the A/B variant its message shows, so a vote
// by someone else in a channel counts for what they saw.
func TestFeedbackRefCarriesVariant(t *testing.T) {
	tests := []struct {
		value       string
		lang        bot.Lang
		id, variant string
		bad         bool
	}{
		{value: encodeFeedbackRef(bot.German, "entry-degree", "B"), lang: bot.German, id: "entry-degree", variant: "B"},
		{value: encodeFeedbackRef(bot.English, "entry-degree", "A"), lang: bot.English, id: "entry-degree", variant: "A"},
		{value: encodeFeedbackRef(bot.German, "entry-degree", ""), lang: bot.German, id: "entry-degree"},
		{value: "de:entry-degree", lang: bot.German, id: "entry-degree"}, // a message from before variants
		{value: "de:entry-degree|C", bad: true},
		{value: "de:entry-degree|", lang: bot.German, id: "entry-degree"},
		{value: "xx:entry-degree|B", bad: true},
		{value: "|B", bad: true},
	}
	for _, tt := range tests {
		lang, id, variant, err := decodeFeedbackRef(tt.value)
		if tt.bad {
			if err == nil {
				t.Errorf("decodeFeedbackRef(%q) accepted a bad value", tt.value)
			}
			continue
		}
		if err != nil || lang != tt.lang || id != tt.id || variant != tt.variant {
			t.Errorf("decodeFeedbackRef(%q) = %q, %q, %q, %v; want %q, %q, %q", tt.value, lang, id, variant, err, tt.lang, tt.id, tt.variant)
		}
	}
	r := bot.Reply{Kind: bot.KindAnswer, Lang: bot.German, EntryID: "entry-degree", Variant: "B", Text: "x"}
	var values []string
	for _, b := range render(r, renderOptions{Feedback: feedbackAsk}).Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok && blockID(b) == blockFeedback {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					values = append(values, btn.Value)
				}
			}
		}
	}
	if len(values) != 2 || values[0] != "de:entry-degree|B" || values[1] != "de:entry-degree|B" {
		t.Errorf("feedback button values %q, want both de:entry-degree|B", values)
	}
}
