package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/slackfake"
	"github.com/careerbot/careerbot/jobs"
	"github.com/careerbot/careerbot/knowledge"
)

func TestAppHomeJobAlerts(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	board, err := knowledge.NewJobBoard(ctx, h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.a = h.newAdapter(func(c *Config) { c.JobAlerts = board })
	h.start()
	h.event("app_home_opened.json")
	view := h.fake.WaitCalls("views.publish", 1)[0]
	if !strings.Contains(view.Text(), "*Job-Abos*") || !view.HasBlock(blockAlertInput) {
		t.Fatalf("home lacks the job alert section:\n%s", view.Text())
	}
	add := findButton(t, view, actionAlertAdd)
	press := func(b slackfake.Button, filters string) {
		t.Helper()
		h.interact("block_actions.json", func(p map[string]any) {
			p["user"] = map[string]any{"id": userAsker, "username": "someone", "team_id": slackfake.Team}
			p["container"] = map[string]any{"type": "view", "view_id": "VPASKP233"}
			p["view"] = map[string]any{"id": "VPASKP233", "type": "home", "state": map[string]any{"values": map[string]any{
				blockAlertInput: map[string]any{actionAlertFilters: map[string]any{"type": "plain_text_input", "value": filters}}}}}
			delete(p, "channel")
			delete(p, "response_url")
			p["actions"] = []any{map[string]any{"action_id": b.ActionID, "block_id": b.BlockID, "value": b.Value, "type": "button"}}
		})
	}
	press(add, "bitte schnell")
	if v := h.fake.WaitCalls("views.publish", 2)[1]; !strings.Contains(v.Text(), "keine Filter") {
		t.Errorf("unknown filters:\n%s", v.Text())
	}
	press(add, "hamburg java")
	v := h.fake.WaitCalls("views.publish", 3)[2]
	if !strings.Contains(v.Text(), "1. Hamburg") || !strings.Contains(v.Text(), "Abo gespeichert") {
		t.Errorf("after subscribing:\n%s", v.Text())
	}
	remove := findButton(t, v, actionAlertRemove)

	posting := func(id, title, city string) jobs.Posting {
		return jobs.Posting{ID: id, Title: title, Description: title + ".", Employer: "Beispiel GmbH",
			DatePosted: time.Now().AddDate(0, 0, -1), URL: "https://jobs.example.com/" + id,
			Locations: []jobs.Location{{City: city, Country: "DE"}}, EmploymentTypes: []string{"FULL_TIME"}}
	}
	if _, err := h.st.ImportPostings(ctx, []jobs.Posting{posting("HH-1", "Java Entwickler", "Hamburg"),
		posting("M-1", "Java Entwickler", "München")}, knowledge.JobImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second check finds nothing new
		if err := h.a.queueAlerts(ctx); err != nil {
			t.Fatal(err)
		}
	}
	dm := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.waitInboxEmpty()
	if dm.Field("channel") != userAsker || !strings.Contains(dm.Text(), "Java Entwickler") || !strings.Contains(dm.Text(), "Neue Stelle") {
		t.Errorf("notification to %q:\n%s", dm.Field("channel"), dm.Text())
	}
	press(remove, "")
	v = h.fake.WaitCalls("views.publish", 4)[3]
	h.stop()
	if strings.Contains(v.Text(), "1. Hamburg") || !strings.Contains(v.Text(), "Abo entfernt") {
		t.Errorf("after removing:\n%s", v.Text())
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages, want the one notification", n)
	}
}
