package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

const testOrigin = "https://careers.example.com"

// fakeAnswerer answers every question with one entry and records what it
// was asked.
type fakeAnswerer struct {
	mu   sync.Mutex
	reqs []bot.Request
}

func (f *fakeAnswerer) Ask(_ context.Context, req bot.Request) (bot.Reply, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	return bot.Reply{Kind: bot.KindAnswer, Lang: bot.German, EntryID: "skills-languages", Text: "**PHP** und SQL",
		Suggestions: []bot.Suggestion{{EntryID: "skills-frameworks", Question: "Frameworks?"}}}, nil
}

func (f *fakeAnswerer) Open(ctx context.Context, id string, lang bot.Lang) (bot.Reply, error) {
	return f.OpenFor(ctx, id, lang, "")
}

func (f *fakeAnswerer) OpenFor(_ context.Context, id string, lang bot.Lang, user string) (bot.Reply, error) {
	if id != "skills-frameworks" {
		return bot.Reply{}, bot.ErrNotFound
	}
	return bot.Reply{Kind: bot.KindAnswer, Lang: lang, EntryID: id, Text: "Frameworks", Variant: "B"}, nil
}

func (f *fakeAnswerer) Suggest(context.Context, bot.Request, int) ([]bot.Suggestion, error) {
	return nil, nil
}

func (f *fakeAnswerer) Menu(_ context.Context, lang bot.Lang) (bot.Reply, error) {
	return bot.Reply{Kind: bot.KindHelp, Lang: lang, Text: lang.Pick("Hallo", "Hello"),
		Suggestions: []bot.Suggestion{{EntryID: "skills-frameworks", Question: "Skills"}}}, nil
}

func (f *fakeAnswerer) Topics(context.Context, bot.Lang) ([]bot.Topic, error) { return nil, nil }

// feedbackLog records feedback.
type feedbackLog struct {
	mu  sync.Mutex
	all []bot.Feedback
}

func (l *feedbackLog) RecordFeedback(_ context.Context, f bot.Feedback) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, f)
	return nil
}

// fakeOperator answers the privacy commands.
type fakeOperator struct {
	bot.Operator
	forgot []string
}

func (o *fakeOperator) Privacy(lang bot.Lang, cmd string) string { return "privacy " + cmd }

func (o *fakeOperator) Forget(_ context.Context, platform, user string, lang bot.Lang) (string, error) {
	o.forgot = append(o.forgot, platform+":"+user)
	return "forgotten", nil
}

type testChat struct {
	*httptest.Server
	answerer *fakeAnswerer
	feedback *feedbackLog
	operator *fakeOperator
	adapter  *Adapter
}

func newTestChat(t *testing.T, limits Limits) *testChat {
	t.Helper()
	c := &testChat{answerer: &fakeAnswerer{}, feedback: &feedbackLog{}, operator: &fakeOperator{}}
	a, err := New(Config{
		Answerer:   c.answerer,
		Pseudonyms: bot.NewPseudonymizer([]byte("test-secret-0123456789")),
		Origins:    []string{testOrigin},
		Feedback:   c.feedback,
		Operator:   c.operator,
		Contact:    bot.Contact{Address: "jobs@example.com"},
		Limits:     limits,
	})
	if err != nil {
		t.Fatal(err)
	}
	c.adapter = a
	mux := http.NewServeMux()
	a.Routes(mux)
	c.Server = httptest.NewServer(mux)
	t.Cleanup(c.Close)
	return c
}

// post sends body from origin with token and returns the status and the
// decoded JSON body.
func (c *testChat) post(t *testing.T, path, origin, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.URL+path, strings.NewReader(body))
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want JSON", path, ct)
	}
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: body is not JSON: %v", path, err)
	}
	return resp.StatusCode, out
}

func (c *testChat) session(t *testing.T) string {
	t.Helper()
	code, out := c.post(t, "/web/v1/session", testOrigin, "", `{"lang":"de-DE"}`)
	if code != http.StatusCreated {
		t.Fatalf("open session: %d %v", code, out)
	}
	return out["token"].(string)
}

func TestParseOrigins(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"https://careers.example.com", []string{"https://careers.example.com"}, false},
		{"https://A.example.com/, http://localhost:8080", []string{"https://a.example.com", "http://localhost:8080"}, false},
		{"careers.example.com", nil, true},
		{"https://example.com/jobs", nil, true},
		{"ftp://example.com", nil, true},
		{" , ", nil, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseOrigins(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseOrigins(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if !tc.wantErr && strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("ParseOrigins(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSessionTokens(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	s := sessions{keys: bot.NewPseudonymizer([]byte("k-0123456789abcdef")), ttl: time.Hour, now: func() time.Time { return now }}
	id, token := s.issue()
	other := sessions{keys: bot.NewPseudonymizer([]byte("another-key-0123456")), ttl: time.Hour, now: s.now}
	for _, tc := range []struct {
		name   string
		token  string
		s      sessions
		wantOK bool
	}{
		{"valid", token, s, true},
		{"other key", token, other, false},
		{"tampered id", "x" + token[1:], s, false},
		{"empty", "", s, false},
		{"garbage", "a.b.c", s, false},
		{"huge", strings.Repeat("a", 500), s, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.s.check(tc.token)
			if (err == nil) != tc.wantOK || (tc.wantOK && got != id) {
				t.Errorf("check = %q, %v; want ok %v", got, err, tc.wantOK)
			}
		})
	}
	t.Run("expired", func(t *testing.T) {
		later := s
		later.now = func() time.Time { return now.Add(time.Hour) }
		if _, err := later.check(token); err == nil {
			t.Error("an expired token was accepted")
		}
	})
}

func TestEndpoint(t *testing.T) {
	c := newTestChat(t, Limits{})
	token := c.session(t)
	for _, tc := range []struct {
		name, path, origin, body string
		auth                     bool
		want                     int
		wantText                 string
	}{
		{"no origin", "/web/v1/session", "", `{}`, false, 403, "CAREERBOT_WEB_ORIGINS"},
		{"other origin", "/web/v1/session", "https://evil.example", `{}`, false, 403, "CAREERBOT_WEB_ORIGINS"},
		{"own host", "/web/v1/session", "SELF", `{"lang":"en"}`, false, 201, ""},
		{"bad JSON", "/web/v1/session", testOrigin, `{`, false, 400, "JSON"},
		{"two objects", "/web/v1/session", testOrigin, `{}{}`, false, 400, "JSON"},
		{"no token", "/web/v1/message", testOrigin, `{"text":"hi"}`, false, 401, "expired"},
		{"question", "/web/v1/message", testOrigin, `{"text":"Welche Sprachen?","lang":"de"}`, true, 200, "PHP"},
		{"follow-up", "/web/v1/message", testOrigin, `{"entry_id":"skills-frameworks","lang":"en"}`, true, 200, "Frameworks"},
		{"unknown entry", "/web/v1/message", testOrigin, `{"entry_id":"nope","lang":"en"}`, true, 404, "no longer exists"},
		{"hostile entry", "/web/v1/message", testOrigin, `{"entry_id":"../../etc","lang":"en"}`, true, 404, ""},
		{"person button", "/web/v1/message", testOrigin, `{"action":"person","lang":"en"}`, true, 200, "jobs@example.com"},
		{"person words", "/web/v1/message", testOrigin, `{"text":"Kann ich mit einer Person sprechen?","lang":"de"}`, true, 200, "jobs@example.com"},
		{"privacy", "/web/v1/message", testOrigin, `{"text":"/datenschutz"}`, true, 200, "privacy /vergessen"},
		{"forget", "/web/v1/message", testOrigin, `{"text":"/forget"}`, true, 200, "forgotten"},
		{"unknown action", "/web/v1/message", testOrigin, `{"action":"rm"}`, true, 400, "action"},
		{"empty", "/web/v1/message", testOrigin, `{"text":"  "}`, true, 400, "text"},
		{"bad lang", "/web/v1/message", testOrigin, `{"text":"hi","lang":"fr"}`, true, 400, "lang"},
		{"too big", "/web/v1/message", testOrigin, `{"text":"` + strings.Repeat("a", maxBody) + `"}`, true, 413, "too large"},
		{"feedback", "/web/v1/feedback", testOrigin, `{"entry_id":"skills-languages","lang":"de","helpful":true,"variant":"B"}`, true, 200, "Danke"},
		{"feedback without vote", "/web/v1/feedback", testOrigin, `{"entry_id":"skills-languages","lang":"de"}`, true, 400, "helpful"},
		{"feedback bad variant", "/web/v1/feedback", testOrigin, `{"entry_id":"x","helpful":true,"variant":"Z"}`, true, 400, ""},
		{"unknown path", "/web/v1/nothing", testOrigin, `{}`, false, 404, "no such"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			origin := tc.origin
			if origin == "SELF" {
				origin = c.URL
			}
			tok := ""
			if tc.auth {
				tok = token
			}
			code, out := c.post(t, tc.path, origin, tok, tc.body)
			raw, _ := json.Marshal(out)
			if code != tc.want || !strings.Contains(string(raw), tc.wantText) {
				t.Errorf("%s %s: %d %s; want %d with %q", tc.path, tc.body[:min(len(tc.body), 60)], code, raw, tc.want, tc.wantText)
			}
			if strings.Contains(string(raw), "goroutine") || strings.Contains(string(raw), ".go:") {
				t.Errorf("the reply leaks internals: %s", raw)
			}
		})
	}
	t.Run("what the engine and the store saw", func(t *testing.T) {
		for _, r := range c.answerer.reqs {
			if r.Platform != platform || len(r.User) != 64 || !strings.HasPrefix(r.Conversation, "web:") || strings.Contains(token, r.User) {
				t.Errorf("request platform %q user %q conversation %q: want web, a pseudonym, the session", r.Platform, r.User, r.Conversation)
			}
		}
		if len(c.feedback.all) != 1 || c.feedback.all[0].Platform != platform || len(c.feedback.all[0].User) != 64 || c.feedback.all[0].Variant != "B" {
			t.Errorf("feedback stored = %+v", c.feedback.all)
		}
		if len(c.operator.forgot) != 1 || !strings.HasPrefix(c.operator.forgot[0], "web:") || !strings.HasPrefix(token, strings.TrimPrefix(c.operator.forgot[0], "web:")+".") {
			t.Errorf("forget asked for %q, want the session id", c.operator.forgot)
		}
	})
}

func TestPreflight(t *testing.T) {
	c := newTestChat(t, Limits{})
	for _, tc := range []struct {
		origin string
		want   int
	}{
		{testOrigin, http.StatusNoContent},
		{"https://evil.example", http.StatusForbidden},
	} {
		t.Run(tc.origin, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodOptions, c.URL+"/web/v1/message", nil)
			req.Header.Set("Origin", tc.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			allow := resp.Header.Get("Access-Control-Allow-Origin")
			if resp.StatusCode != tc.want || (tc.want == http.StatusNoContent) != (allow == tc.origin) {
				t.Errorf("preflight from %s: %d, Allow-Origin %q", tc.origin, resp.StatusCode, allow)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	c := newTestChat(t, Limits{SessionPerMinute: 3, AddressPerMinute: 100, SessionsPerHour: 2})
	token := c.session(t)
	for i := range 3 {
		if code, out := c.post(t, "/web/v1/message", testOrigin, token, `{"text":"Frage"}`); code != 200 {
			t.Fatalf("message %d: %d %v", i+1, code, out)
		}
	}
	if code, _ := c.post(t, "/web/v1/message", testOrigin, token, `{"text":"Frage"}`); code != http.StatusTooManyRequests {
		t.Errorf("message over the session limit: %d, want 429", code)
	}
	c.session(t) // the second session of this address
	if code, _ := c.post(t, "/web/v1/session", testOrigin, "", `{}`); code != http.StatusTooManyRequests {
		t.Errorf("session over the address limit: %d, want 429", code)
	}

	a := newTestChat(t, Limits{AddressPerMinute: 2})
	a.session(t)
	a.session(t)
	if code, _ := a.post(t, "/web/v1/session", testOrigin, "", `{}`); code != http.StatusTooManyRequests {
		t.Errorf("request over the address limit: %d, want 429", code)
	}
}

func TestPages(t *testing.T) {
	c := newTestChat(t, Limits{})
	for _, tc := range []struct {
		path, contentType string
		want              []string
		headers           map[string]string
	}{
		{"/widget.js", "text/javascript", []string{":host", "--careerbot-accent", `role: "log"`}, map[string]string{"Cross-Origin-Resource-Policy": "cross-origin"}},
		{"/demo", "text/html", []string{`<html lang="de">`, `<script src="widget.js" data-lang="de" defer>`}, map[string]string{"Content-Security-Policy": "frame-ancestors 'self' " + testOrigin}},
		{"/demo?lang=en", "text/html", []string{`data-lang="en"`}, nil},
		{"/privacy", "text/html", []string{"<h2>Privacy</h2>", "<strong>Web chat.</strong>", "<code>CAREERBOT_RETENTION</code>"}, map[string]string{"X-Content-Type-Options": "nosniff"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := http.Get(c.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.contentType) {
				t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			for _, w := range tc.want {
				if !bytes.Contains(body, []byte(w)) {
					t.Errorf("body lacks %q", w)
				}
			}
			if bytes.Contains(body, []byte("/*CSS*/")) {
				t.Error("the styles were not put into the widget")
			}
			for k, v := range tc.headers {
				if got := resp.Header.Get(k); !strings.Contains(got, v) {
					t.Errorf("%s = %q, want it to contain %q", k, got, v)
				}
			}
		})
	}
}

// TestPrivacyPageIsREADMESection keeps the served privacy notice equal to
// the README's privacy section.
func TestPrivacyPageIsREADMESection(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Privacy\n")
	if !ok {
		t.Fatal("README has no ## Privacy section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	page, err := assets.ReadFile("assets/privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(string(page)), "## Privacy\n"+strings.TrimRight(section, "\n"); got != want {
		t.Errorf("adapters/web/assets/privacy.md differs from the README's privacy section; copy it over:\n" +
			"awk '/^## Privacy/{f=1} /^## /&&!/Privacy/{f=0} f' README.md > adapters/web/assets/privacy.md")
	}
}

func TestMarkdownHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"## Title", "<h2>Title</h2>\n"},
		{"a\nb", "<p>a b</p>\n"},
		{"- **x** `y`\n  z\n- [l](https://e.com)", "<ul>\n<li><strong>x</strong> <code>y</code> z</li>\n<li><a href=\"https://e.com\">l</a></li>\n</ul>\n"},
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"[x](javascript:void)", "<p>x</p>\n"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := string(markdownHTML(tc.in)); got != tc.want {
				t.Errorf("markdownHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
