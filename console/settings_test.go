package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/console"
)

func TestSettingsContactAndUsers(t *testing.T) {
	var told bot.Contact
	h := newHarness(t, func(c *console.Config) { c.ContactChanged = func(ct bot.Contact) { told = ct } })
	admin := h.login("ada", console.Admin)
	page := admin.get("/console/settings")
	if !strings.Contains(page.body, "No contact is set") {
		t.Error("no warning about the missing contact")
	}
	v := admin.form("/console/settings")
	v.Set("recruiter_name", "Team Talente")
	v.Set("recruiter_contact", "jobs@example.com")
	if r := admin.post("/console/settings", v); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.status)
	}
	if told != (bot.Contact{Name: "Team Talente", Address: "jobs@example.com"}) {
		t.Errorf("the running bot was told %+v", told)
	}
	if page := admin.get("/console/settings"); strings.Contains(page.body, "No contact is set") || !strings.Contains(page.body, "jobs@example.com") {
		t.Error("contact not saved")
	}
	// Placeholders are filled with the new contact in the test chat at once.
	ed := admin.form("/console/entries/bread")
	ed.Set("topic", "kitchen")
	ed.Set("de_questions", "Wie backe ich Brot?")
	ed.Set("de_answer", "Frag {recruiter}: {contact}")
	if r := admin.post("/console/entries/bread", ed); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.status)
	}
	if r := admin.get("/console/preview?q=" + url.QueryEscape("Wie backe ich Brot?")); !strings.Contains(r.body, "Frag Team Talente: jobs@example.com") {
		t.Error("the preview does not use the contact setting")
	}

	// Add a user, change the role, remove; not oneself.
	u := admin.form("/console/settings")
	u.Set("name", "neu")
	u.Set("role", "viewer")
	u.Set("password", "short")
	u.Set("password2", "short")
	if r := admin.post("/console/settings/users", u); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "at least 10 characters") {
		t.Errorf("weak password: %d", r.status)
	}
	u.Set("password", password)
	u.Set("password2", password)
	if r := admin.post("/console/settings/users", u); r.status != http.StatusSeeOther {
		t.Fatalf("add user: %d", r.status)
	}
	neu := h.client()
	if r := neu.signIn("neu", password); r.status != http.StatusSeeOther {
		t.Fatalf("new user cannot sign in: %d", r.status)
	}
	if r := admin.post("/console/settings/users/neu", url.Values{"csrf": u["csrf"], "role": {"editor"}}); r.status != http.StatusSeeOther {
		t.Fatalf("role: %d", r.status)
	}
	if r := neu.get("/console/entries"); r.status != http.StatusSeeOther {
		t.Error("a role change did not end the user's session")
	}
	if r := admin.post("/console/settings/users/ada", url.Values{"csrf": u["csrf"], "remove": {"1"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("removing oneself: %d", r.status)
	}
	if r := admin.post("/console/settings/users/neu", url.Values{"csrf": u["csrf"], "remove": {"1"}}); r.status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.status)
	}
	// Only admins see settings.
	pub := h.login("paula", console.Publisher)
	if r := pub.get("/console/settings"); r.status != http.StatusForbidden {
		t.Errorf("publisher settings: %d", r.status)
	}
	if r := pub.post("/console/settings", url.Values{"csrf": pub.form("/console/entries")["csrf"], "recruiter_name": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("publisher save settings: %d", r.status)
	}
}
