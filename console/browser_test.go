package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/console"
	"github.com/careerbot/careerbot/internal/browsertest"
	"github.com/careerbot/careerbot/knowledge"
)

func TestMain(m *testing.M) {
	console.UseFastHashes()
	browsertest.Main(m)
}

// page drives one signed-in browser tab.
type page struct {
	t   *testing.T
	ctx context.Context
	h   *harness
}

func (h *harness) browser(t *testing.T, ctx context.Context, name string, role console.Role) *page {
	t.Helper()
	h.addUser(name, role)
	p := &page{t: t, ctx: ctx, h: h}
	p.open("/console/")
	p.fill("username", name)
	p.fill("password", password)
	p.click("button[type=submit]")
	if !strings.Contains(p.text("header"), name) {
		p.t.Fatalf("%s is not signed in: %s", name, p.text("main"))
	}
	return p
}

func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) open(path string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.h.srv.URL+path)); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) fill(id, value string) {
	p.t.Helper()
	v, _ := json.Marshal(value)
	got, err := chromedp.Run(p.ctx, chromedp.Evaluate[string]("(document.getElementById("+jsString(id)+").value = "+string(v)+")"))
	if err != nil || got != value {
		p.t.Fatalf("fill %s: %v (value %q)", id, err, got)
	}
}

// click clicks and waits for the page the click leads to.
func (p *page) click(css string) {
	p.t.Helper()
	if _, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("click %s: %v", css, err)
	}
}

func (p *page) text(css string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

func (p *page) has(css string) bool {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int]("document.querySelectorAll("+jsString(css)+").length"))
	if err != nil {
		p.t.Fatal(err)
	}
	return n > 0
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

func (p *page) wantText(css, want string) {
	p.t.Helper()
	if got := p.text(css); !strings.Contains(got, want) {
		p.t.Errorf("%s says %q, want %q", css, got, want)
	}
}

func TestBrowserEditPreviewPublishRollback(t *testing.T) {
	h := newHarness(t)
	p := h.browser(t, browsertest.Tab(t), "paula", console.Publisher)

	// An edit with a mistake: the answer is left empty.
	p.open("/console/entries")
	p.click(`a[href="/console/entries/tomatoes"]`)
	p.fill("de_answer", "")
	p.click("form.editor button[type=submit]")
	p.wantText("#problems", "Nothing was saved")
	p.wantText("#de_answer-err", "The answer is missing.")
	focused, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string]("document.activeElement.id"))
	if focused != "problems" {
		t.Errorf("focus on %q after a failed save, want the list of problems", focused)
	}
	invalid, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string]("document.getElementById('de_answer').getAttribute('aria-invalid')"))
	if invalid != "true" {
		t.Error("the empty answer is not marked aria-invalid")
	}
	if bad, _ := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](unlabelledJS)); len(bad) > 0 {
		t.Errorf("after a failed save: %q", bad)
	}

	// Corrected, saved to the draft.
	p.fill("de_answer", "Tomaten lieben Sonne und einen windgeschützten Platz.")
	p.click("form.editor button[type=submit]")
	p.wantText(".notice", "Saved to the draft")

	// The preview answers from the draft, the bot still from what is published.
	p.open("/console/preview")
	p.fill("q", "Wie pflanze ich Tomaten?")
	p.click("main form button[type=submit]")
	p.wantText(`section[aria-label="Draft"] .bubble`, "windgeschützten Platz")
	p.wantText(`section[aria-label="Published"] .bubble`, "viel Wasser")
	p.wantText(`section[aria-label="Draft"] .candidates`, "How do I plant tomatoes?")
	if !p.has(`[role="log"]`) {
		t.Error("the test chat has no log region")
	}

	// Publish with a message.
	p.open("/console/draft")
	p.wantText("main", "windgeschützten Platz")
	p.fill("message", "Tomaten: Standort")
	p.click(`form[action="/console/draft/publish"] button`)
	p.wantText(".notice", "Published")
	if got := h.publishedAnswer("tomatoes", "de"); !strings.Contains(got, "windgeschützten") {
		t.Errorf("published %q", got)
	}

	// Roll back to the first version.
	p.click(`form[action="/console/history/1/rollback"] button`)
	p.wantText(".notice", "Rolled back")
	p.wantText("tbody tr:first-child", "Rolled back to version 1")
	if got := h.publishedAnswer("tomatoes", "de"); !strings.Contains(got, "viel Wasser") {
		t.Errorf("after rollback %q", got)
	}
}

func TestBrowserConflictBetweenTwoEditors(t *testing.T) {
	h := newHarness(t)
	anna := h.browser(t, browsertest.Tab(t), "anna", console.Editor)
	bert := h.browser(t, browsertest.Tab(t), "bert", console.Editor)
	anna.open("/console/entries/compost")
	bert.open("/console/entries/compost")

	anna.fill("de_answer", "Annas Kompost: Laub und Rasenschnitt.")
	anna.click("form.editor button[type=submit]")
	anna.wantText(".notice", "Saved to the draft")

	bert.fill("de_answer", "Berts Kompost: Küchenabfälle.")
	bert.click("form.editor button[type=submit]")
	bert.wantText(".conflict h2", "Someone else changed this entry")
	bert.wantText(".conflict .theirs", "Annas Kompost")
	if v, _ := chromedp.Run(bert.ctx, chromedp.Value(chromedp.ID("de_answer"))); v != "Berts Kompost: Küchenabfälle." {
		t.Errorf("bert's own text in the form is %q", v)
	}
	if got := h.draftAnswer("compost", "de"); !strings.Contains(got, "Annas") {
		t.Errorf("draft %q: anna's change was overwritten", got)
	}
}

func TestBrowserEditorMayNotPublish(t *testing.T) {
	h := newHarness(t)
	p := h.browser(t, browsertest.Tab(t), "erik", console.Editor)
	p.open("/console/entries/bread")
	p.fill("de_answer", "Mehl, Wasser und Geduld.")
	p.click("form.editor button[type=submit]")
	p.open("/console/draft")
	p.wantText("main", "Your role may not publish")
	if p.has(`form[action="/console/draft/publish"]`) {
		t.Error("an editor is offered the publish button")
	}
	p.open("/console/history")
	if p.has(`form[action$="/rollback"]`) {
		t.Error("an editor is offered rollback")
	}
}

func TestBrowserLayoutAt400px(t *testing.T) {
	h := newHarness(t)
	h.logAsked("slack", 3, "Wann ernte ich Tomaten?", "Darf ich im Garten grillen?")
	h.logAnswered("slack", "pseudo-1", "Wie pflanze ich Tomaten am besten?", "tomatoes", false, "")
	h.logAnswered("telegram", "pseudo-2", "Tomaten pflanzen", "tomatoes", true, "")
	h.logAnswered("slack", "pseudo-3", "Wie backe ich ein Brot?", "bread", true, "")
	p := h.browser(t, browsertest.Tab(t), "anna", console.Admin)
	p.do(chromedp.EmulateViewport(400, 800))
	pages := []string{"/console/entries", "/console/entries/tomatoes", "/console/draft", "/console/history",
		"/console/preview?q=" + "Wie+pflanze+ich+Tomaten%3F", "/console/preview/eval", "/console/audit",
		"/console/dashboard", "/console/feedback", "/console/inbox", "/console/entries/new", "/console/settings", "/console/topics"}
	var paths []string
	for _, lang := range []string{"en", "de"} { // German words are longer
		for _, path := range pages {
			paths = append(paths, lang+":"+path)
		}
	}
	for _, lp := range paths {
		lang, path, _ := strings.Cut(lp, ":")
		t.Run(lp, func(t *testing.T) {
			p.open("/console/lang/" + lang)
			p.open(path)
			over, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth > window.innerWidth + 1"))
			if err != nil {
				t.Fatal(err)
			}
			if over {
				t.Error("the page scrolls sideways at 400 px")
			}
			bad, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](unlabelledJS))
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Errorf("fields without a label or with a broken description: %q", bad)
			}
		})
	}
	// Keyboard: the skip link is the first stop and shows a focus outline.
	p.open("/console/entries")
	p.do(chromedp.KeyEvent("\t"))
	id, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string]("document.activeElement.className + ':' + getComputedStyle(document.activeElement).outlineStyle"))
	if id != "skip:solid" {
		t.Errorf("first tab stop %q, want the skip link with a visible outline", id)
	}
	if dir := os.Getenv("CAREERBOT_SCREENSHOTS"); dir != "" {
		for name, path := range map[string]string{"entries-400": "/console/entries", "preview-400": "/console/preview?q=Tomaten",
			"dashboard-400": "/console/dashboard", "inbox-400": "/console/inbox", "feedback-400": "/console/feedback"} {
			p.open(path)
			shot(t, p, filepath.Join(dir, "console-"+name+".png"))
		}
	}
}

// TestBrowserScreenshots writes the README's pictures, of the default
// knowledge base, to $CAREERBOT_SCREENSHOTS.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("CAREERBOT_SCREENSHOTS")
	if dir == "" {
		t.Skip("set CAREERBOT_SCREENSHOTS to a directory to write the screenshots")
	}
	st, err := knowledge.Open(context.Background(), filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := newHarnessOn(t, st, false)
	p := h.browser(t, browsertest.Tab(t), "anna", console.Publisher)
	p.do(chromedp.EmulateViewport(1000, 860)) // the viewport only, to keep them small
	p.open("/console/entries/tasks-overview")
	p.fill("de_answer", "")
	p.click("form.editor button[type=submit]")
	viewShot(t, p, filepath.Join(dir, "console-editor.png"))
	h.logDefaultDays(14)
	p.open("/console/dashboard?days=14")
	viewShot(t, p, filepath.Join(dir, "console-dashboard.png"))
}

func viewShot(t *testing.T, p *page, path string) {
	t.Helper()
	b, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func shot(t *testing.T, p *page, path string) {
	t.Helper()
	b, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserInboxAcceptAndUndo(t *testing.T) {
	h := newHarness(t)
	h.logAsked("slack", 2, "Wann ernte ich Tomaten?")
	p := h.browser(t, browsertest.Tab(t), "anna", console.Editor)
	p.open("/console/inbox")
	p.wantText("section.group h2", "Wann ernte ich Tomaten?")
	p.do(chromedp.SetValue(chromedp.CSS("section.group select"), "tomatoes"))
	p.click("section.group form.accept button[type=submit]")
	p.wantText(".notice", "Added to the draft")
	if !strings.Contains(h.draftQuestions("tomatoes"), "Wann ernte ich Tomaten?") {
		t.Fatalf("draft phrasings %q", h.draftQuestions("tomatoes"))
	}
	if p.has("section.group") {
		t.Error("the accepted group is still open")
	}
	p.click(`.actions-log form button`)
	p.wantText(".notice", "Undone")
	p.wantText("section.group h2", "Wann ernte ich Tomaten?")
	if strings.Contains(h.draftQuestions("tomatoes"), "ernte") {
		t.Error("undo left the phrasing in the draft")
	}
}

// logDefaultDays logs a plausible fortnight of questions and votes on
// the default knowledge base, for the screenshot.
func (h *harness) logDefaultDays(days int) {
	h.t.Helper()
	ctx := context.Background()
	entries := []string{"tasks-overview", "jobsearch-salary", "entry-career-changer", "skills-languages", "tasks-what-is-backend"}
	n := 0
	for d := range days {
		for i := range 4 + (d*7)%11 {
			n++
			at := time.Now().AddDate(0, 0, -d).Add(-time.Duration(i) * time.Minute)
			user := fmt.Sprintf("pseudo-%d", n)
			q := bot.Question{At: at, Platform: []string{"slack", "telegram", "api"}[i%3], User: user, Text: "Frage",
				Lang: []bot.Lang{bot.German, bot.German, bot.English}[i%3], Kind: bot.KindAnswer, EntryID: entries[(i+d)%len(entries)],
				Confidence: 0.8, Answered: i%5 != 0}
			if !q.Answered {
				q.Kind, q.EntryID, q.Text = bot.KindFallback, "", "Gibt es Jobs im Homeoffice?"
			}
			if err := h.st.LogQuestion(ctx, q); err != nil {
				h.t.Fatal(err)
			}
			if q.Answered && i%2 == 0 {
				f := bot.Feedback{EntryID: q.EntryID, Lang: q.Lang, Helpful: (i+d)%3 != 0, Platform: q.Platform, User: user, At: at.Add(time.Minute)}
				if err := h.st.RecordFeedback(ctx, f); err != nil {
					h.t.Fatal(err)
				}
			}
		}
	}
}

// unlabelledJS lists the form fields without a label and the
// aria-describedby references that point nowhere.
const unlabelledJS = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (el.labels.length === 0 && !el.getAttribute("aria-label")) bad.push("no label: " + (el.id || el.name));
  }
  for (const el of document.querySelectorAll("[aria-describedby]")) {
    for (const id of el.getAttribute("aria-describedby").split(/\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) bad.push("no #" + id + " for " + (el.id || el.name));
    }
  }
  return bad;
})()`

func TestBrowserChecksAsYouType(t *testing.T) {
	h := newHarness(t)
	p := h.browser(t, browsertest.Tab(t), "anna", console.Editor)
	p.open("/console/entries/tomatoes")
	p.do(chromedp.Clear(chromedp.ID("de_answer")), chromedp.SendKeys(chromedp.ID("de_answer"), "Du brauchst Sonne."))
	p.do(chromedp.WaitVisible(chromedp.CSS("#de_answer_sie-live .field-error")))
	p.wantText("#de_answer_sie-live", "formal “Sie” form")
	p.do(chromedp.SendKeys(chromedp.ID("de_answer_sie"), "Sie brauchen Sonne."))
	p.do(chromedp.WaitNotPresent(chromedp.CSS("#de_answer_sie-live .field-error")))
	if d, _ := h.st.Draft(context.Background()); d.Saved {
		t.Error("checking saved the draft")
	}
}
