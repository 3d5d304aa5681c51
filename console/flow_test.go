package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/console"
	"github.com/careerbot/careerbot/knowledge"
)

func TestSaveShowsValidationNextToTheField(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	tests := []struct {
		name  string
		edit  func(url.Values)
		field string
		want  string
	}{
		{"empty answer", func(v url.Values) { v.Set("de_answer", "  ") }, "de_answer", "The answer is missing."},
		{"no phrasing", func(v url.Values) { v.Set("en_questions", "\n \n") }, "en_questions", "Please give at least one phrasing of the question."},
		{"no topic", func(v url.Values) { v.Set("topic", "") }, "topic", "Please choose a topic."},
		{"too long", func(v url.Values) { v.Set("de_answer", strings.Repeat("ä", 2001)) }, "de_answer", "at most 4000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := entryForm(c.form("/console/entries/tomatoes"), "Tomaten brauchen Sonne.")
			tt.edit(v)
			r := c.post("/console/entries/tomatoes", v)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.status)
			}
			i := strings.Index(r.body, `id="`+tt.field+`"`)
			if i < 0 || !strings.Contains(r.body[i:], tt.want) {
				t.Errorf("message %q not shown after field %s", tt.want, tt.field)
			}
			if !strings.Contains(r.body, `<a href="#`+tt.field+`">`) {
				t.Errorf("the summary does not link to field %s", tt.field)
			}
			if !strings.Contains(r.body, "Nothing was saved") {
				t.Error("no summary")
			}
		})
	}
	if d, _ := h.st.Draft(context.Background()); d.Saved {
		t.Error("an invalid entry was saved to the draft")
	}
}

func TestSaveMarksReviewedAndWarnsAboutSharedPhrasing(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	v := entryForm(c.form("/console/entries/tomatoes"), "Tomaten brauchen Sonne.")
	v.Set("de_questions", "Wie pflanze ich Tomaten?\nBrot backen")
	v.Set("mark_reviewed", "1")
	r := c.post("/console/entries/tomatoes", v)
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	d, _ := h.st.Draft(context.Background())
	for _, e := range d.Doc.Entries {
		if e.ID == "tomatoes" && (e.Reviewed == "" || e.Reviewed == "2026-10-01") {
			t.Errorf("reviewed %q, want today", e.Reviewed)
		}
	}
	page := c.get(r.location)
	if !strings.Contains(page.body, "is also a phrasing of the entry “Wie backe ich Brot?”") {
		t.Error("no warning about the phrasing shared with the bread entry")
	}
	if !strings.Contains(page.body, "Saved to the draft") {
		t.Error("no confirmation")
	}
}

func TestNewEntryGetsAnIDFromItsQuestion(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	v := c.form("/console/entries/new")
	v.Set("topic", "kitchen")
	v.Set("de_questions", "Wie koche ich Äpfel ein?")
	v.Set("de_answer", "Mit Zucker und Geduld.")
	r := c.post("/console/entries/new", v)
	if r.status != http.StatusSeeOther || r.location != "/console/entries/wie-koche-ich-aepfel-ein?done=saved" {
		t.Fatalf("status %d, location %q", r.status, r.location)
	}
	// The same id again is a duplicate, said in plain words.
	r = c.post("/console/entries/new", v)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "An entry with this id exists already.") {
		t.Errorf("duplicate: status %d", r.status)
	}
}

func TestConflictShowsBothVersions(t *testing.T) {
	h := newHarness(t)
	anna := h.login("anna", console.Editor)
	bert := h.login("bert", console.Editor)
	va := anna.form("/console/entries/tomatoes")
	vb := bert.form("/console/entries/tomatoes")
	if r := anna.post("/console/entries/tomatoes", entryForm(va, "Annas Antwort über Tomaten.")); r.status != http.StatusSeeOther {
		t.Fatalf("anna: status %d", r.status)
	}
	r := bert.post("/console/entries/tomatoes", entryForm(vb, "Berts Antwort über Tomaten."))
	if r.status != http.StatusConflict {
		t.Fatalf("bert: status %d, want 409", r.status)
	}
	for _, want := range []string{"Someone else changed this entry", "Annas Antwort über Tomaten.", "Berts Antwort über Tomaten.", "the draft was last saved by anna"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := h.draftAnswer("tomatoes", "de"); got != "Annas Antwort über Tomaten." {
		t.Errorf("draft %q: anna's save was overwritten", got)
	}
	// Saving again from the conflict page replaces anna's on purpose.
	m := baseField.FindStringSubmatch(r.body)
	vb.Set("base", m[1])
	if r := bert.post("/console/entries/tomatoes", entryForm(vb, "Berts Antwort über Tomaten.")); r.status != http.StatusSeeOther {
		t.Fatalf("bert again: status %d", r.status)
	}
	if got := h.draftAnswer("tomatoes", "de"); got != "Berts Antwort über Tomaten." {
		t.Errorf("draft %q", got)
	}
}

func TestTwoEditorsChangingDifferentEntriesKeepBoth(t *testing.T) {
	h := newHarness(t)
	anna := h.login("anna", console.Editor)
	bert := h.login("bert", console.Editor)
	va := anna.form("/console/entries/tomatoes")
	vb := bert.form("/console/entries/bread")
	anna.post("/console/entries/tomatoes", entryForm(va, "Annas Tomaten."))
	vb.Set("topic", "kitchen")
	vb.Set("de_questions", "Wie backe ich Brot?")
	vb.Set("de_answer", "Berts Brot.")
	if r := bert.post("/console/entries/bread", vb); r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	if h.draftAnswer("tomatoes", "de") != "Annas Tomaten." || h.draftAnswer("bread", "de") != "Berts Brot." {
		t.Error("one editor's change was lost")
	}
}

func TestPublishRollbackAndRoles(t *testing.T) {
	h := newHarness(t)
	ed := h.login("erik", console.Editor)
	pub := h.login("paula", console.Publisher)
	ed.post("/console/entries/tomatoes", entryForm(ed.form("/console/entries/tomatoes"), "Neue Tomaten-Antwort."))

	// An editor may not publish.
	r := ed.post("/console/draft/publish", url.Values{"csrf": ed.form("/console/draft")["csrf"], "message": {"try"}})
	if r.status != http.StatusForbidden {
		t.Errorf("editor publish: status %d, want 403", r.status)
	}
	if page := ed.get("/console/draft"); !strings.Contains(page.body, "Your role may not publish") || strings.Contains(page.body, `action="/console/draft/publish"`) {
		t.Error("the draft page offers an editor the publish form")
	}
	// The draft page shows the change per field.
	page := pub.get("/console/draft")
	for _, want := range []string{"Neue Tomaten-Antwort.", "Tomaten brauchen Sonne, Wärme und viel Wasser.", "DE: Answer (du)"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	// A publish needs a message.
	v := pub.form("/console/draft")
	if r := pub.post("/console/draft/publish", v); r.status != http.StatusUnprocessableEntity {
		t.Errorf("publish without message: status %d", r.status)
	}
	v.Set("message", "Tomaten neu")
	if r := pub.post("/console/draft/publish", v); r.status != http.StatusSeeOther {
		t.Fatalf("publish: status %d\n%s", r.status, r.body)
	}
	if got := h.publishedAnswer("tomatoes", "de"); got != "Neue Tomaten-Antwort." {
		t.Errorf("published %q: the live knowledge base was not reloaded", got)
	}
	vs, _ := h.st.Versions(context.Background())
	if len(vs) != 2 || vs[0].Author != "paula" || vs[0].Message != "Tomaten neu" {
		t.Fatalf("versions %+v", vs)
	}
	if d, _ := h.st.Draft(context.Background()); d.Saved {
		t.Error("the draft survived its publish")
	}
	// The diff between the versions names the field.
	diff := pub.get("/console/history/diff?a=1&b=2")
	if !strings.Contains(diff.body, "Neue Tomaten-Antwort.") || !strings.Contains(diff.body, "How do I plant tomatoes?") || strings.Contains(diff.body, "2026-10-01") {
		t.Errorf("the diff does not show the change:\n%s", diff.body)
	}
	// Rolling back is a new version with the old text.
	if r := pub.post("/console/history/1/rollback", pub.form("/console/history")); r.status != http.StatusSeeOther {
		t.Fatalf("rollback: status %d", r.status)
	}
	if got := h.publishedAnswer("tomatoes", "de"); got != "Tomaten brauchen Sonne, Wärme und viel Wasser." {
		t.Errorf("after rollback %q", got)
	}
	vs, _ = h.st.Versions(context.Background())
	if len(vs) != 3 || !strings.Contains(vs[0].Message, "Rolled back to version 1") {
		t.Errorf("versions after rollback %+v", vs)
	}
	if r := ed.post("/console/history/2/rollback", ed.form("/console/history")); r.status != http.StatusForbidden {
		t.Errorf("editor rollback: status %d, want 403", r.status)
	}
}

func TestEditorsMayPublishWhenAllowed(t *testing.T) {
	h := newHarness(t, func(c *console.Config) { c.EditorsPublish = true })
	ed := h.login("erik", console.Editor)
	ed.post("/console/entries/tomatoes", entryForm(ed.form("/console/entries/tomatoes"), "Neue Tomaten-Antwort."))
	v := ed.form("/console/draft")
	v.Set("message", "klein")
	if r := ed.post("/console/draft/publish", v); r.status != http.StatusSeeOther {
		t.Errorf("status %d", r.status)
	}
}

func TestDeleteTakesCareOfLinks(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Publisher)
	page := c.get("/console/entries/tomatoes/delete")
	if !strings.Contains(page.body, "How do I start a compost heap?") || !strings.Contains(page.body, "Garden") {
		t.Error("the confirmation does not list the linking entry and the topic it leads")
	}
	if r := c.post("/console/entries/tomatoes/delete", c.form("/console/entries/tomatoes/delete")); r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	v := c.form("/console/draft")
	v.Set("message", "Tomaten weg")
	if r := c.post("/console/draft/publish", v); r.status != http.StatusSeeOther {
		t.Fatalf("publish: status %d\n%s", r.status, r.body)
	}
	doc, _ := h.st.Export(context.Background())
	for _, e := range doc.Entries {
		if e.ID == "tomatoes" || len(e.Related) > 0 && e.Related[0] == "tomatoes" {
			t.Errorf("entry %s still there or linked", e.ID)
		}
	}
	if doc.Topics[0].Lead != "compost" {
		t.Errorf("garden lead %q, want compost", doc.Topics[0].Lead)
	}
}

func TestPublishKeepsWhatTheCommandLineChangedMeanwhile(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Publisher)
	c.post("/console/entries/tomatoes", entryForm(c.form("/console/entries/tomatoes"), "Aus der Konsole."))
	// Someone imports a change to another entry from the command line.
	ctx := context.Background()
	doc, _ := h.st.Export(ctx)
	bread := doc.Entries[2]
	t1 := bread.Texts["de"]
	t1.Answer = "Von der Kommandozeile."
	bread.Texts["de"] = t1
	if err := h.st.Import(ctx, &knowledge.Document{Version: 1, Entries: []knowledge.Entry{bread}}, knowledge.ImportOptions{Author: "cli", Message: "kb import"}); err != nil {
		t.Fatal(err)
	}
	v := c.form("/console/draft")
	v.Set("message", "Tomaten")
	if r := c.post("/console/draft/publish", v); r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	if h.publishedAnswer("tomatoes", "de") != "Aus der Konsole." || h.publishedAnswer("bread", "de") != "Von der Kommandozeile." {
		t.Errorf("got %q and %q", h.publishedAnswer("tomatoes", "de"), h.publishedAnswer("bread", "de"))
	}
	vs, _ := h.st.Versions(ctx)
	if len(vs) != 3 || vs[1].Author != "cli" {
		t.Errorf("versions %+v, want baseline, cli, anna", vs)
	}
}

func TestPreviewAnswersFromTheDraft(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	v := entryForm(c.form("/console/entries/bread"), "")
	v.Set("topic", "kitchen")
	v.Set("de_questions", "Wie backe ich Brot?\nBrot backen")
	v.Set("de_answer", "Sauerteig und viel Zeit.")
	v.Set("en_questions", "")
	v.Set("en_answer", "")
	v.Del("related")
	if r := c.post("/console/entries/bread", v); r.status != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	r := c.get("/console/preview?q=" + url.QueryEscape("Wie backe ich Brot?"))
	for _, want := range []string{"Sauerteig und viel Zeit.", "Mehl, Wasser, Salz und Hefe", "The draft answers differently", "Entries weighed", `role="log"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	ev := c.get("/console/preview/eval")
	if !strings.Contains(ev.body, "3 test questions: 3 right when published, 2 right with the draft.") {
		t.Errorf("eval summary missing:\n%s", ev.body)
	}
	if !strings.Contains(ev.body, "Wie backe ich ein Brot?") {
		t.Error("the changed eval question is not listed")
	}
	// Test questions are not logged as traffic.
	var n int
	h.st.DB().QueryRow("SELECT count(*) FROM questions").Scan(&n)
	if n != 0 {
		t.Errorf("%d preview questions logged", n)
	}
}

func TestTypedTextIsEscapedEverywhere(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Admin)
	evil := []string{`<script>alert(1)</script>`, `<img src=x onerror=alert(2)>`, `javascript:alert(3)`}
	v := entryForm(c.form("/console/entries/tomatoes"), "Antwort "+evil[0]+" "+evil[1])
	v.Set("de_questions", "Wie pflanze ich Tomaten?\n"+strings.Join(evil, "\n"))
	v.Set("owner", evil[1])
	if r := c.post("/console/entries/tomatoes", v); r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	pages := []string{
		"/console/entries", "/console/entries?q=" + url.QueryEscape(evil[0]), "/console/entries/tomatoes", "/console/draft",
		"/console/preview?q=" + url.QueryEscape(evil[0]+evil[1]), "/console/entries/compost", "/console/audit",
		"/console/login?next=" + url.QueryEscape("javascript:alert(3)"),
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			body := c.get(p).body
			for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`, "onerror=alert(2)>"} {
				if strings.Contains(body, bad) {
					t.Errorf("page contains %q unescaped", bad)
				}
			}
		})
	}
	r := c.get("/console/login?next=" + url.QueryEscape("javascript:alert(3)"))
	if r.status == http.StatusSeeOther && r.location != "/console/" {
		t.Errorf("login redirect to %q", r.location)
	}
}

func TestDraftFollowsTheCommandLineAndConflictsWithIt(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	// A draft exists (another entry changed), then bread is opened.
	c.post("/console/entries/tomatoes", entryForm(c.form("/console/entries/tomatoes"), "Aus der Konsole."))
	v := c.form("/console/entries/bread")
	// Meanwhile bread is changed from the command line.
	ctx := context.Background()
	doc, _ := h.st.Export(ctx)
	bread := *doc.Find("bread")
	tx := bread.Texts["de"]
	tx.Answer = "Von der Kommandozeile."
	bread.Texts["de"] = tx
	if err := h.st.Import(ctx, &knowledge.Document{Version: 1, Entries: []knowledge.Entry{bread}}, knowledge.ImportOptions{Author: "cli"}); err != nil {
		t.Fatal(err)
	}
	if got := h.draftAnswer("bread", "de"); got != "Von der Kommandozeile." {
		t.Errorf("the draft shows %q, not what is published now", got)
	}
	v.Set("topic", "kitchen")
	v.Set("de_questions", "Wie backe ich Brot?")
	v.Set("de_answer", "Alte Fassung überschrieben?")
	if r := c.post("/console/entries/bread", v); r.status != http.StatusConflict || !strings.Contains(r.body, "Von der Kommandozeile.") {
		t.Errorf("status %d: a save over a command-line change must show both versions", r.status)
	}
}

func TestFormalAnswerIsAskedForInPlainWords(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	v := entryForm(c.form("/console/entries/tomatoes"), "Du brauchst Sonne für deine Tomaten.")
	r := c.post("/console/entries/tomatoes", v)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422 for a du answer without its Sie form", r.status)
	}
	i := strings.Index(r.body, `id="de_answer_sie"`)
	if i < 0 || !strings.Contains(r.body[i:], "please add the same text in the formal “Sie” form") {
		t.Errorf("the missing Sie form is not explained next to its field: %s", r.body[strings.Index(r.body, `id="problems"`):][:600])
	}
	v.Set("de_answer_sie", "Sie brauchen Sonne für Ihre Tomaten.")
	if r := c.post("/console/entries/tomatoes", v); r.status != http.StatusSeeOther {
		t.Fatalf("with the Sie form: status %d", r.status)
	}
	d, _ := h.st.Draft(context.Background())
	if got := d.Doc.Find("tomatoes").Texts["de"].AnswerSie; got != "Sie brauchen Sonne für Ihre Tomaten." {
		t.Errorf("answer_sie %q", got)
	}
	if page := c.get("/console/entries/tomatoes"); !strings.Contains(page.body, "Sie brauchen Sonne für Ihre Tomaten.") {
		t.Error("the editor does not show the Sie form")
	}
}

// TestUnchangedSaveChangesNothing saves every entry of the default
// knowledge base through the form as it is shown: the form must carry
// every field, so nothing shows up as changed.
func TestUnchangedSaveChangesNothing(t *testing.T) {
	st, err := knowledge.Open(context.Background(), filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := newHarnessOn(t, st, false)
	c := h.login("anna", console.Editor)
	doc, _ := st.Export(context.Background())
	for _, e := range doc.Entries {
		page := c.get("/console/entries/" + e.ID)
		v := formValues(t, page.body)
		for k, vals := range v { // as browsers send text areas
			for i := range vals {
				vals[i] = strings.ReplaceAll(vals[i], "\n", "\r\n")
			}
			v[k] = vals
		}
		if r := c.post("/console/entries/"+e.ID, v); r.status != http.StatusSeeOther {
			t.Fatalf("%s: status %d\n%s", e.ID, r.status, r.body)
		}
	}
	if page := c.get("/console/draft"); !strings.Contains(page.body, "does not differ") {
		t.Errorf("saving unchanged entries changed the draft:\n%s", page.body)
	}
}

var (
	inputField    = regexp.MustCompile(`<input (?:type="hidden" )?(?:id="[^"]*" )?name="([a-z_]+)" value="([^"]*)"`)
	checkedField  = regexp.MustCompile(`<input type="checkbox" id="[^"]*" name="(related)" value="([^"]*)" checked>`)
	textareaField = regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([a-z_]+)"[^>]*>(.*?)</textarea>`)
	selectedTopic = regexp.MustCompile(`(?s)<select id="topic" name="topic".*?<option value="([^"]*)" selected>`)
)

// formValues reads the editor form's fields as a browser would send them.
func formValues(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range inputField.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range checkedField.FindAllStringSubmatch(body, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaField.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	if m := selectedTopic.FindStringSubmatch(body); m != nil {
		v.Set("topic", m[1])
	}
	return v
}

func TestTopics(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Publisher)
	v := c.form("/console/topics")
	v.Set("title_de", "Balkon")
	v.Set("title_en", "Balcony")
	if r := c.post("/console/topics/new", v); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	if r := c.post("/console/topics/new", v); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "exists already") {
		t.Errorf("add twice: %d", r.status)
	}
	e := c.form("/console/entries/new")
	e.Set("topic", "balkon")
	e.Set("de_questions", "Welche Kräuter wachsen auf dem Balkon?")
	e.Set("de_answer", "Basilikum, Thymian und Minze.")
	if r := c.post("/console/entries/new", e); r.status != http.StatusSeeOther {
		t.Fatalf("entry in the new topic: %d\n%s", r.status, r.body)
	}
	if r := c.post("/console/topics/balkon/delete", v); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "still has entries") {
		t.Errorf("delete a topic with entries: %d", r.status)
	}
	p := c.form("/console/draft")
	p.Set("message", "Balkon")
	if r := c.post("/console/draft/publish", p); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	topics, _ := h.live.Topics(context.Background(), "en")
	if len(topics) != 3 || topics[2].Title != "Balcony" {
		t.Errorf("topics %+v", topics)
	}
	viewer := h.login("vera", console.Viewer)
	if r := viewer.post("/console/topics/balkon", url.Values{"csrf": viewer.form("/console/topics")["csrf"], "title_de": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("viewer: %d", r.status)
	}
}
