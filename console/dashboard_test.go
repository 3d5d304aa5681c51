package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/console"
)

// logAnswered logs an answered question and a vote by the same person.
func (h *harness) logAnswered(platform, user, text, entry string, helpful bool, variant string) {
	h.t.Helper()
	ctx := context.Background()
	at := time.Now().Add(-2 * time.Hour)
	q := bot.Question{At: at, Platform: platform, User: user, Text: text, Lang: bot.German, Kind: bot.KindAnswer,
		EntryID: entry, Confidence: 0.9, Answered: true, Variant: variant}
	if err := h.st.LogQuestion(ctx, q); err != nil {
		h.t.Fatal(err)
	}
	f := bot.Feedback{EntryID: entry, Lang: bot.German, Helpful: helpful, Platform: platform, User: user, At: at.Add(time.Minute), Variant: variant}
	if err := h.st.RecordFeedback(ctx, f); err != nil {
		h.t.Fatal(err)
	}
}

func TestDashboardFeedbackAndCSV(t *testing.T) {
	h := newHarness(t)
	h.logAnswered("slack", "pseudo-user-1", "Tomaten <img src=x onerror=alert(2)> pflanzen?", "tomatoes", false, "")
	h.logAnswered("telegram", "pseudo-user-2", "Wie pflanze ich Tomaten?", "tomatoes", true, "")
	h.logAnswered("slack", "pseudo-user-3", "Brot backen", "bread", true, "")
	h.logAnswered("eval", "pseudo-user-4", "Wie backe ich ein Brot?", "bread", false, "")
	h.logAnswered("cli", "pseudo-user-5", "=HYPERLINK(\"x\")", "bread", false, "")
	c := h.login("anna", console.Viewer)

	page := c.get("/console/dashboard")
	if page.status != http.StatusOK {
		t.Fatalf("status %d", page.status)
	}
	for _, want := range []string{">3</span> Questions", "helpful (2 of 3 votes)", "How do I plant tomatoes?", "Wie backe ich Brot?"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Worst first: tomatoes (50 %) before bread (100 %).
	if i, j := strings.Index(page.body, "Weakest answers first"), strings.LastIndex(page.body, "Wie backe ich Brot?"); i < 0 || strings.Index(page.body[i:], "How do I plant tomatoes?") > j-i {
		t.Error("helpfulness is not sorted worst first")
	}
	if strings.Contains(page.body, "eval:") || strings.Contains(page.body, "cli:") {
		t.Error("test traffic counted")
	}

	list := c.get("/console/entries?unhelpful=1")
	if !strings.Contains(list.body, "1× not helpful") || strings.Contains(list.body, "Wie backe ich Brot?") {
		t.Error("the helpfulness filter does not keep only the entries with unhelpful votes")
	}

	fb := c.get("/console/feedback")
	if !strings.Contains(fb.body, "Tomaten &lt;img src=x onerror=alert(2)&gt; pflanzen?") || strings.Contains(fb.body, "<img src=x") {
		t.Error("the 👎 question is missing or not escaped")
	}
	if strings.Contains(fb.body, "Wie backe ich ein Brot?") || strings.Contains(fb.body, "pseudo-user") {
		t.Error("feedback page shows test traffic or a pseudonym")
	}

	csv := c.get("/console/dashboard.csv?days=7")
	if ct := csv.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	for _, want := range []string{"total,questions,Questions,3", "most_asked,tomatoes,How do I plant tomatoes?,2", "total,unhelpful,not helpful,1"} {
		if !strings.Contains(csv.body, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv.body)
		}
	}

	// German by the browser's language, switchable.
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/console/dashboard", nil)
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
	if r := c.do(req); !strings.Contains(r.body, "Fragen pro Tag") {
		t.Error("the dashboard does not follow Accept-Language")
	}
	de := c.get("/console/lang/de")
	if de.status != http.StatusSeeOther {
		t.Fatalf("lang switch: %d", de.status)
	}
	if page := c.get("/console/dashboard"); !strings.Contains(page.body, "Fragen pro Tag") || !strings.Contains(page.body, `lang="de"`) {
		t.Error("the dashboard is not in German after switching")
	}
}

func TestPromoteKeepsTheLoserInHistory(t *testing.T) {
	h := newHarness(t)
	c := h.login("paula", console.Publisher)
	v := entryForm(c.form("/console/entries/tomatoes"), "Antwort A.")
	v.Set("de_variant", "Antwort B.")
	c.post("/console/entries/tomatoes", v)
	pv := c.form("/console/draft")
	pv.Set("message", "A/B")
	c.post("/console/draft/publish", pv)
	page := c.get("/console/dashboard")
	if !strings.Contains(page.body, `action="/console/abtests/tomatoes/promote"`) {
		t.Fatal("no promote form for the entry under test")
	}
	r := c.post("/console/abtests/tomatoes/promote", url.Values{"csrf": pv["csrf"], "variant": {"B"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("promote: %d", r.status)
	}
	if got := h.publishedAnswer("tomatoes", "de"); got != "Antwort B." {
		t.Errorf("published %q", got)
	}
	vs, _ := h.st.Versions(context.Background())
	doc, _, err := h.st.VersionDocument(context.Background(), vs[1].ID)
	if err != nil || doc.Entries[0].Texts["de"].Answer != "Antwort A." {
		t.Errorf("the losing answer is not in the previous version")
	}
}
