package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
	"github.com/careerbot/careerbot/console"
	"github.com/careerbot/careerbot/knowledge"
)

// password is every test user's password.
const password = "correct horse battery"

// harness is a console over a small knowledge base in a temporary
// database, served by an httptest server.
type harness struct {
	t    testing.TB
	st   *knowledge.Store
	live *knowledge.Live
	srv  *httptest.Server
	con  *console.Server
}

type harnessOption func(*console.Config)

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	st, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newHarnessOn(t, st, true, opts...)
}

// newHarnessOn serves the console over st, replacing its content with
// the test knowledge base when small is set.
func newHarnessOn(t testing.TB, st *knowledge.Store, small bool, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	if !small {
		return serveHarness(t, st, opts...)
	}
	f, err := os.Open("testdata/kb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := knowledge.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Import(ctx, doc, knowledge.ImportOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	return serveHarness(t, st, opts...)
}

func serveHarness(t testing.TB, st *knowledge.Store, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := eval.Load(ef)
	ef.Close()
	if err != nil {
		t.Fatal(err)
	}
	cfg := console.Config{Store: st, Live: live, EvalCases: cases}
	for _, o := range opts {
		o(&cfg)
	}
	con, err := console.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(console.Prefix, con)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &harness{t: t, st: st, live: live, srv: srv, con: con}
}

func (h *harness) addUser(name string, role console.Role) {
	h.t.Helper()
	hash, err := console.HashPassword(password)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.AddUser(context.Background(), knowledge.User{Name: name, Role: string(role), PasswordHash: hash}); err != nil {
		h.t.Fatal(err)
	}
}

// client is one browser: a cookie jar that does not follow redirects.
type client struct {
	h  *harness
	hc *http.Client
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login signs in as a new user with role and returns their client.
func (h *harness) login(name string, role console.Role) *client {
	h.t.Helper()
	h.addUser(name, role)
	c := h.client()
	if r := c.signIn(name, password); r.status != http.StatusSeeOther {
		h.t.Fatalf("login %s: status %d\n%s", name, r.status, r.body)
	}
	return c
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (c *client) do(req *http.Request) response {
	c.h.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: string(b), location: resp.Header.Get("Location"), header: resp.Header}
}

func (c *client) get(path string) response {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
var baseField = regexp.MustCompile(`name="base" value="([^"]+)"`)

// form reads the page at path and returns its CSRF token and, on an
// editor page, the entry's base fingerprint.
func (c *client) form(path string) url.Values {
	c.h.t.Helper()
	r := c.get(path)
	m := csrfField.FindStringSubmatch(r.body)
	if m == nil {
		c.h.t.Fatalf("no CSRF token on %s (status %d)", path, r.status)
	}
	v := url.Values{"csrf": {m[1]}}
	if b := baseField.FindStringSubmatch(r.body); b != nil {
		v.Set("base", b[1])
	}
	return v
}

func (c *client) signIn(name, pw string) response {
	c.h.t.Helper()
	v := c.form("/console/login")
	v.Set("username", name)
	v.Set("password", pw)
	return c.post("/console/login", v)
}

// entryForm is a complete edit form for the tomatoes entry.
func entryForm(v url.Values, deAnswer string) url.Values {
	v.Set("topic", "garden")
	v.Set("owner", "Mia")
	v.Set("de_questions", "Wie pflanze ich Tomaten?\nTomaten anbauen")
	v.Set("de_answer", deAnswer)
	v.Set("en_questions", "How do I plant tomatoes?")
	v.Set("en_answer", "Tomatoes need sun, warmth and plenty of water.")
	v["related"] = []string{"compost", "bread"}
	return v
}

func (h *harness) draftAnswer(id, lang string) string {
	h.t.Helper()
	d, err := h.st.Draft(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range d.Doc.Entries {
		if e.ID == id {
			return e.Texts[lang].Answer
		}
	}
	return ""
}

func (h *harness) publishedAnswer(id, lang string) string {
	h.t.Helper()
	e, err := h.live.Entry(context.Background(), id)
	if err != nil {
		return ""
	}
	return e.Texts[bot.Lang(lang)].Answer
}
