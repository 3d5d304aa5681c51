package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/console"
)

// logAsked puts questions people asked into the log, n times each.
func (h *harness) logAsked(platform string, n int, texts ...string) {
	h.t.Helper()
	for _, text := range texts {
		for i := range n {
			q := bot.Question{At: time.Now().Add(-time.Duration(i+1) * time.Hour), Platform: platform, User: "pseudonym",
				Text: text, Lang: bot.German, Kind: bot.KindFallback, Confidence: 0.1}
			if err := h.st.LogQuestion(context.Background(), q); err != nil {
				h.t.Fatal(err)
			}
		}
	}
}

var groupAction = regexp.MustCompile(`action="/console/inbox/([0-9a-f]+)/accept"`)
var undoAction = regexp.MustCompile(`action="(/console/inbox/actions/\d+/undo)"`)

func TestInboxAcceptAndUndo(t *testing.T) {
	h := newHarness(t)
	h.logAsked("telegram", 3, "Wann pflanze ich Tomaten aus?", "Wann pflanze ich die Tomaten aus?")
	h.logAsked("eval", 5, "Wie viel kostet ein Gewächshaus?")
	c := h.login("anna", console.Editor)
	page := c.get("/console/inbox")
	if !strings.Contains(page.body, "Wann pflanze ich Tomaten aus?") || !strings.Contains(page.body, "asked 6 times") {
		t.Fatalf("inbox lacks the group:\n%s", page.body)
	}
	if strings.Contains(page.body, "Gewächshaus") {
		t.Error("test traffic (eval) shows in the inbox")
	}
	m := groupAction.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no accept form")
	}
	v := c.form("/console/inbox")
	v.Set("entry", "tomatoes")
	if r := c.post("/console/inbox/"+m[1]+"/accept", v); r.status != http.StatusSeeOther {
		t.Fatalf("accept: status %d\n%s", r.status, r.body)
	}
	d, _ := h.st.Draft(context.Background())
	var got []string
	for _, e := range d.Doc.Entries {
		if e.ID == "tomatoes" {
			got = e.Texts["de"].Questions
		}
	}
	if strings.Join(got, "|") != "Wie pflanze ich Tomaten?|Tomaten anbauen|Wann pflanze ich die Tomaten aus?|Wann pflanze ich Tomaten aus?" &&
		strings.Join(got, "|") != "Wie pflanze ich Tomaten?|Tomaten anbauen|Wann pflanze ich Tomaten aus?|Wann pflanze ich die Tomaten aus?" {
		t.Errorf("phrasings %q", got)
	}
	page = c.get("/console/inbox")
	if strings.Contains(page.body, `<h2 id="g-`+m[1]) {
		t.Error("the accepted group is still open")
	}
	// Accepting the same group again finds it handled.
	if r := c.post("/console/inbox/"+m[1]+"/accept", v); r.location != "/console/inbox?done=gone" {
		t.Errorf("second accept: %d %q", r.status, r.location)
	}
	u := undoAction.FindStringSubmatch(page.body)
	if u == nil {
		t.Fatal("no undo")
	}
	if r := c.post(u[1], url.Values{"csrf": v["csrf"]}); r.status != http.StatusSeeOther {
		t.Fatalf("undo: %d", r.status)
	}
	if h.draftQuestions("tomatoes") != "Wie pflanze ich Tomaten?|Tomaten anbauen" {
		t.Errorf("after undo %q", h.draftQuestions("tomatoes"))
	}
	if page := c.get("/console/inbox"); !strings.Contains(page.body, `<h2 id="g-`+m[1]) {
		t.Error("the group did not come back after undo")
	}
}

func TestInboxDismissNewAndViewer(t *testing.T) {
	h := newHarness(t)
	h.logAsked("slack", 2, "Darf ich <script>alert(1)</script> im Garten grillen?")
	c := h.login("anna", console.Editor)
	page := c.get("/console/inbox")
	if strings.Contains(page.body, "<script>alert") {
		t.Fatal("question text not escaped")
	}
	id := groupAction.FindStringSubmatch(page.body)[1]
	r := c.get("/console/inbox/" + id + "/new")
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "/console/entries/new?") {
		t.Fatalf("new: %d %q", r.status, r.location)
	}
	form := c.get(r.location)
	if !strings.Contains(form.body, "Darf ich &lt;script&gt;alert(1)&lt;/script&gt; im Garten grillen?") || !strings.Contains(form.body, `name="inbox_group" value="`+id+`"`) {
		t.Error("the new-entry form is not prefilled with the group")
	}
	v := c.form("/console/inbox")
	if r := c.post("/console/inbox/"+id+"/dismiss", v); r.status != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", r.status)
	}
	if page := c.get("/console/inbox"); !strings.Contains(page.body, "No open questions") {
		t.Error("dismissed group still open")
	}
	viewer := h.login("vera", console.Viewer)
	if r := viewer.post("/console/inbox/"+id+"/dismiss", url.Values{"csrf": viewer.form("/console/inbox")["csrf"]}); r.status != http.StatusForbidden {
		t.Errorf("viewer dismiss: %d", r.status)
	}
}

func (h *harness) draftQuestions(id string) string {
	h.t.Helper()
	d, _ := h.st.Draft(context.Background())
	for _, e := range d.Doc.Entries {
		if e.ID == id {
			return strings.Join(e.Texts["de"].Questions, "|")
		}
	}
	return ""
}
