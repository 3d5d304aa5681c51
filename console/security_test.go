package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/console"
)

func TestWithoutSessionRedirectsToLogin(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	for _, path := range []string{"/console/", "/console/entries", "/console/entries/tomatoes", "/console/history", "/console/preview"} {
		t.Run(path, func(t *testing.T) {
			r := c.get(path)
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/console/login?next=") {
				t.Errorf("status %d, location %q; want 303 to the login page", r.status, r.location)
			}
		})
	}
	r := c.post("/console/entries/tomatoes", entryForm(url.Values{"csrf": {"x"}}, "changed"))
	if r.status != http.StatusUnauthorized {
		t.Errorf("POST without session: status %d, want 401", r.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Editor)
	for _, path := range []string{"/console/login", "/console/entries", "/console/entries/tomatoes"} {
		t.Run(path, func(t *testing.T) {
			r := c.get(path)
			csp := r.header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP allows inline code: %q", csp)
			}
			if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " onclick=") || strings.Contains(r.body, " style=") {
				t.Error("page has inline script or style")
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
		})
	}
}

func TestSessionCookie(t *testing.T) {
	h := newHarness(t)
	h.addUser("anna", console.Viewer)
	c := h.client()
	v := c.form("/console/login")
	v.Set("username", "anna")
	v.Set("password", password)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/console/login", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https") // not trusted without TrustProxy
	r := c.do(req)
	var sc *http.Cookie
	for _, ck := range (&http.Response{Header: r.header}).Cookies() {
		if ck.Name == "careerbot_session" && ck.Value != "" {
			sc = ck
		}
	}
	if sc == nil {
		t.Fatal("no session cookie")
	}
	if !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure || sc.MaxAge <= 0 {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure on plain HTTP, with an expiry", sc)
	}
	var n int
	if err := h.st.DB().QueryRow("SELECT count(*) FROM console_sessions WHERE token_hash = ?", sc.Value).Scan(&n); err != nil || n != 0 {
		t.Errorf("the raw session token is stored in the database (n=%d, err=%v)", n, err)
	}
	// Logout ends the session on the server too.
	c.post("/console/logout", c.form("/console/entries"))
	if r := c.get("/console/entries"); r.status != http.StatusSeeOther {
		t.Errorf("after logout: status %d, want a redirect to the login page", r.status)
	}
}

func TestSecureCookieBehindProxy(t *testing.T) {
	h := newHarness(t, func(c *console.Config) { c.SecureCookies = true })
	c := h.client()
	r := c.get("/console/login")
	for _, ck := range (&http.Response{Header: r.header}).Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s not Secure with SecureCookies", ck.Name)
		}
	}
}

func TestPostWithoutCSRFIsRefused(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Admin)
	good := c.form("/console/entries/tomatoes")
	cases := map[string]url.Values{
		"no token":    entryForm(url.Values{"base": good["base"]}, "Geändert"),
		"wrong token": entryForm(url.Values{"base": good["base"], "csrf": {"forged"}}, "Geändert"),
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/console/entries/tomatoes", "/console/draft/publish", "/console/entries/tomatoes/delete", "/console/logout"} {
				if r := c.post(path, v); r.status != http.StatusForbidden {
					t.Errorf("POST %s: status %d, want 403", path, r.status)
				}
			}
			if got := h.draftAnswer("tomatoes", "de"); got == "Geändert" {
				t.Error("the draft changed")
			}
		})
	}
	t.Run("cross-site origin", func(t *testing.T) {
		v := entryForm(c.form("/console/entries/tomatoes"), "Geändert")
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/console/entries/tomatoes", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		if r := c.do(req); r.status != http.StatusForbidden {
			t.Errorf("status %d, want 403", r.status)
		}
	})
	t.Run("login without its token", func(t *testing.T) {
		h.addUser("bert", console.Viewer)
		fresh := h.client()
		r := fresh.post("/console/login", url.Values{"username": {"bert"}, "password": {password}})
		if r.status != http.StatusForbidden {
			t.Errorf("status %d, want 403", r.status)
		}
	})
}

func TestViewerCannotChangeAnything(t *testing.T) {
	h := newHarness(t)
	c := h.login("vera", console.Viewer)
	v := c.form("/console/entries")
	posts := map[string]url.Values{
		"/console/entries/tomatoes":        entryForm(url.Values{"csrf": v["csrf"]}, "Geändert"),
		"/console/entries/new":             entryForm(url.Values{"csrf": v["csrf"], "id": {"x"}}, "Neu"),
		"/console/entries/tomatoes/delete": {"csrf": v["csrf"]},
		"/console/draft/publish":           {"csrf": v["csrf"], "message": {"m"}},
		"/console/draft/discard":           {"csrf": v["csrf"]},
		"/console/history/1/rollback":      {"csrf": v["csrf"]},
	}
	for path, form := range posts {
		t.Run(path, func(t *testing.T) {
			if r := c.post(path, form); r.status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.status)
			}
		})
	}
	for _, path := range []string{"/console/entries/new", "/console/entries/tomatoes/delete", "/console/audit", "/console/settings"} {
		if r := c.get(path); r.status != http.StatusForbidden {
			t.Errorf("GET %s: status %d, want 403", path, r.status)
		}
	}
	if r := c.get("/console/entries/tomatoes"); strings.Contains(r.body, "Save to draft") {
		t.Error("a viewer is offered the save button")
	}
	d, err := h.st.Draft(context.Background())
	if err != nil || d.Saved {
		t.Errorf("a draft was saved (err %v)", err)
	}
	vs, _ := h.st.Versions(context.Background())
	if len(vs) != 1 {
		t.Errorf("%d versions, want only the baseline", len(vs))
	}
}

func TestWrongPasswordsAreThrottled(t *testing.T) {
	t.Run("per account", func(t *testing.T) {
		h := newHarness(t)
		h.addUser("anna", console.Editor)
		c := h.client()
		for i := range 5 {
			if r := c.signIn("anna", "wrong password "+string(rune('a'+i))); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, r.status)
			}
		}
		r := c.signIn("anna", password)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Too many failed attempts") {
			t.Errorf("right password after 5 failures: status %d, want 429 with an explanation", r.status)
		}
	})
	t.Run("per address", func(t *testing.T) {
		h := newHarness(t)
		h.addUser("anna", console.Editor)
		c := h.client()
		for i := range 20 {
			c.signIn("nobody"+string(rune('a'+i)), "wrong password")
		}
		if r := c.signIn("anna", password); r.status != http.StatusTooManyRequests {
			t.Errorf("status %d, want 429 after 20 failures from one address", r.status)
		}
	})
	t.Run("a good login is not throttled", func(t *testing.T) {
		h := newHarness(t)
		h.addUser("anna", console.Editor)
		c := h.client()
		c.signIn("anna", "wrong password")
		if r := c.signIn("anna", password); r.status != http.StatusSeeOther {
			t.Errorf("status %d, want 303", r.status)
		}
	})
}

func TestAuditLog(t *testing.T) {
	h := newHarness(t)
	c := h.login("anna", console.Admin)
	c.post("/console/entries/tomatoes", entryForm(c.form("/console/entries/tomatoes"), "Neue Antwort über Tomaten."))
	evs, err := h.st.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.User+" "+e.Action+" "+e.Target)
	}
	want := []string{"anna edit tomatoes", "anna login anna"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit log %q, want %q", got, want)
	}
	if r := c.get("/console/audit"); !strings.Contains(r.body, "tomatoes") {
		t.Error("the audit page does not show the edit")
	}
}
