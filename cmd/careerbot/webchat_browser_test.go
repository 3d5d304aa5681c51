package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/careerbot/careerbot/internal/browsertest"
)

// The browser tests drive the web chat in a headless Chromium against the
// whole program (`run` with `serve`). Set CAREERBOT_SCREENSHOTS to a
// directory to keep screenshots of each step.

// widgetJS is the expression for the widget's shadow root.
const widgetJS = `document.querySelector('[data-careerbot-widget]').shadowRoot`

// requestLog records the URLs a tab requested, from the DevTools network
// events.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

// record collects the tab's requests from the DevTools network events
// until the tab closes. The subscription starts before it returns, so no
// request of a later navigation is missed.
func (l *requestLog) record(ctx context.Context) {
	events := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for e, err := range events {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.Method+" "+e.Request.URL)
			l.mu.Unlock()
		}
	}()
}

// to lists the requests whose URL starts with base.
func (l *requestLog) to(base string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, u := range l.urls {
		if _, rest, _ := strings.Cut(u, " "); strings.HasPrefix(rest, base) {
			out = append(out, u)
		}
	}
	return out
}

// page is one browser tab in a test.
type page struct {
	t    *testing.T
	ctx  context.Context
	reqs *requestLog
}

// newBrowser starts a headless Chromium for one test function, stopped
// when it ends. Without Chromium the test skips, or fails under CI=true.
// (internal/browsertest's shared browser needs a TestMain, which this
// package keeps free for process tests.)
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := browsertest.Path()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found: install the chromium package (apt-get install -y chromium); browser tests must run under CI")
		}
		t.Skip("Chromium not found; install chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return ctx
}

// newPage opens a tab that records its requests; it closes with the test.
func newPage(t *testing.T, browser context.Context) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	reqs := &requestLog{}
	reqs.record(ctx)
	return &page{t: t, ctx: ctx, reqs: reqs}
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute) // a guard against a hang
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// jsValue evaluates a JavaScript expression and decodes its value into T.
func jsValue[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute) // a guard against a hang
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

// waitJS polls a boolean expression until it holds (30 s guard against a
// hang, not a timing check).
func (p *page) waitJS(what, expr string) {
	p.t.Helper()
	waitFor(p.t, what, func() bool {
		return jsValue[bool](p, "(() => { try { return !!("+expr+") } catch (e) { return false } })()")
	})
}

func (p *page) key(keys string, mods ...chromedp.Modifier) {
	p.t.Helper()
	p.do(chromedp.KeyEvent(keys, chromedp.KeyModifiers(mods...)))
}

// focused describes the focused element inside the widget, or
// "outside:<tag>" when the focus is elsewhere on the page.
func (p *page) focused() string {
	return jsValue[string](p, `(() => { const a = `+widgetJS+`.activeElement;
		if (!a || document.activeElement !== document.querySelector('[data-careerbot-widget]')) return 'outside:' + document.activeElement.tagName;
		return (a.getAttribute('class') || a.tagName.toLowerCase()) + '|' + (a.getAttribute('aria-label') || a.textContent.trim()); })()`)
}

// tabTo presses Tab (or Shift+Tab) until the focused element's
// description starts with prefix.
func (p *page) tabTo(prefix string, back bool) {
	p.t.Helper()
	var seen []string
	for range 30 {
		if f := p.focused(); strings.HasPrefix(f, prefix) {
			return
		} else {
			seen = append(seen, f)
		}
		if back {
			p.key(kb.Tab, chromedp.ModifierShift)
		} else {
			p.key(kb.Tab)
		}
	}
	p.t.Fatalf("no %q within 30 tab presses; focus went %q", prefix, seen)
}

// botMessages counts the bot's messages in the log.
func (p *page) botMessages() int {
	return jsValue[int](p, widgetJS+`.querySelectorAll('[role=log] .msg.bot').length`)
}

func (p *page) waitBotMessages(n int) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf("%d bot messages", n), fmt.Sprintf(widgetJS+`.querySelectorAll('[role=log] .msg.bot').length >= %d`, n))
}

// screenshot saves the tab as name.png in $CAREERBOT_SCREENSHOTS.
func (p *page) screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv("CAREERBOT_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// startWebServe boots serve with the web chat on, allowing origins.
func startWebServe(t *testing.T, origins ...string) *server {
	t.Helper()
	return startServe(t, map[string]string{
		"CAREERBOT_SECRET":            "web-chat-test-secret-0123456789",
		"CAREERBOT_WEB_ORIGINS":       strings.Join(append([]string{"https://careers.example.com"}, origins...), ","),
		"CAREERBOT_RECRUITER_CONTACT": "jobs@example.com",
	})
}

// hostPage is a careers site on another origin that embeds the widget.
func hostPage(t *testing.T, bot func() string, lang string) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="%s"><head><title>Careers</title><link rel="icon" href="data:,"></head>
<body><main><h1>Careers</h1><p>Join us.</p></main>
<script src="%s/widget.js" data-lang="%s" defer></script></body></html>`, lang, bot(), lang)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestWebChatBrowser(t *testing.T) {
	browser := newBrowser(t)
	s := startWebServe(t)

	t.Run("nothing before the click", func(t *testing.T) {
		p := newPage(t, browser)
		p.do(chromedp.Navigate(s.base + "/demo"))
		p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
		p.screenshot("closed")
		got := p.reqs.to(s.base)
		want := []string{"GET " + s.base + "/demo", "GET " + s.base + "/widget.js"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("requests before the click:\n%s\nwant only:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if c := jsValue[string](p, "document.cookie + '|' + sessionStorage.length + '|' + localStorage.length"); c != "|0|0" {
			t.Errorf("cookie|sessionStorage|localStorage before the click = %q, want \"|0|0\"", c)
		}
		if !jsValue[bool](p, widgetJS+`.querySelector('[role=log][aria-live=polite]') !== null`) {
			t.Error("the role=log live region does not exist before the first message")
		}
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('.launcher').click()`))
		p.waitBotMessages(1)
		if got := p.reqs.to(s.base); len(got) != 3 || got[2] != "POST "+s.base+"/web/v1/session" {
			t.Errorf("requests after the click = %q, want the session request next", got)
		}
		if n := jsValue[int](p, "sessionStorage.length"); n != 1 {
			t.Errorf("session storage after the click has %d items, want 1", n)
		}
		if c := jsValue[string](p, "document.cookie + '|' + localStorage.length"); c != "|0" {
			t.Errorf("cookie|localStorage after the click = %q, want none", c)
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		p := newPage(t, browser)
		p.do(chromedp.Navigate(s.base + "/demo"))
		p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
		p.tabTo("launcher|", false)
		p.key(kb.Enter)
		p.waitBotMessages(1)
		if f := p.focused(); !strings.HasPrefix(f, "input|") {
			t.Fatalf("after opening, focus is on %q, want the input", f)
		}
		if !jsValue[bool](p, widgetJS+`.querySelector('.launcher').getAttribute('aria-expanded') === 'true'`) {
			t.Error("the launcher does not say aria-expanded=true when the panel is open")
		}
		p.key("Welche Programmiersprachen brauche ich?" + kb.Enter)
		p.waitBotMessages(2)
		p.screenshot("answer")
		// The new reply is inside the live region, with follow-ups and a vote.
		if !jsValue[bool](p, `(() => { const log = `+widgetJS+`.querySelector('[role=log]'); const m = log.querySelectorAll('.msg.bot')[1];
			return log.contains(m) && m.querySelector('.chip') !== null && m.querySelector('.vote') !== null; })()`) {
			t.Fatalf("the answer is not in the role=log region with follow-ups and a vote:\n%s", jsValue[string](p, widgetJS+`.querySelector('[role=log]').innerHTML`))
		}
		p.tabTo("chip|", true)
		chip := strings.TrimPrefix(p.focused(), "chip|")
		p.key(kb.Enter)
		p.waitBotMessages(3)
		if got := jsValue[string](p, widgetJS+`.querySelectorAll('[role=log] .msg.user')[1].textContent`); !strings.Contains(got, chip) {
			t.Errorf("after picking %q the log shows %q as the person's message", chip, got)
		}
		p.tabTo("button|Ja, hilfreich", true)
		p.key(kb.Enter)
		p.waitJS("the thanks for the vote", widgetJS+`.querySelector('.thanks')`)
		if !jsValue[bool](p, widgetJS+`.querySelector('[aria-pressed=true]') !== null`) {
			t.Error("the vote button is not aria-pressed after voting")
		}
		p.do(chromedp.EmulateViewport(700, 740))
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('[role=log]').scrollTop = 1e6`))
		p.screenshot("webchat") // docs/webchat.png
		p.do(chromedp.EmulateReset())
		p.key(kb.Escape)
		p.waitJS("the panel to close", widgetJS+`.querySelector('.panel').hidden`)
		if f := p.focused(); !strings.HasPrefix(f, "launcher|") {
			t.Errorf("after Escape focus is on %q, want the launcher", f)
		}
		if m := scrapeMetric(t, s.base, `careerbot_feedback_total{adapter="web",outcome="helpful"}`); m != "1" {
			t.Errorf("helpful web feedback counted %q times, want 1", m)
		}
	})

	t.Run("reload keeps the conversation", func(t *testing.T) {
		p := newPage(t, browser)
		p.do(chromedp.Navigate(s.base + "/demo?lang=en"))
		p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('.launcher').click()`))
		p.waitBotMessages(1)
		p.key("Can I switch careers into backend development?" + kb.Enter)
		p.waitBotMessages(2)
		p.do(chromedp.Reload())
		p.waitJS("the restored panel", widgetJS+`.querySelector('.panel').hidden === false`)
		if n := p.botMessages(); n != 2 {
			t.Errorf("after a reload the log has %d bot messages, want 2", n)
		}
		before := len(p.reqs.to(s.base + "/web/v1/session"))
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('#cb-input').focus()`))
		p.key("Which skills matter?" + kb.Enter)
		p.waitBotMessages(3)
		if after := len(p.reqs.to(s.base + "/web/v1/session")); after != before {
			t.Errorf("a reload started a new session (%d session requests, want %d)", after, before)
		}
	})

	t.Run("accessibility", func(t *testing.T) {
		axe, err := os.ReadFile("testdata/axe-core/axe.min.js")
		if err != nil {
			t.Fatal(err)
		}
		p := newPage(t, browser)
		p.do(chromedp.Navigate(s.base + "/demo"))
		p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
		p.do(chromedp.Evaluate[chromedp.Void](string(axe)))
		checkAxe(t, p, "closed")
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('.launcher').click()`))
		p.waitBotMessages(1)
		p.key("Was macht ein Backend-Entwickler?" + kb.Enter)
		p.waitBotMessages(2)
		checkAxe(t, p, "open with an answer")
		p.do(chromedp.EmulateViewport(375, 700))
		p.screenshot("mobile")
		checkAxe(t, p, "small screen")
		if w := jsValue[int](p, widgetJS+`.querySelector('.panel').getBoundingClientRect().width`); w != 375 {
			t.Errorf("on a 375 px screen the panel is %d px wide, want full width", w)
		}
		// Full screen, the panel keeps the focus: Tab never reaches the
		// page hidden behind it.
		p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('#cb-input').focus()`))
		for i := range 12 {
			p.key(kb.Tab)
			if f := p.focused(); strings.HasPrefix(f, "outside:") {
				t.Fatalf("after %d Tabs on a small screen the focus left the panel: %s", i+1, f)
			}
		}
		p.do(chromedp.EmulateReset())
		// axe looks into the widget's shadow root: a button without a
		// name planted there is found.
		planted := jsValue[string](p, `(() => { const b = document.createElement('button'); `+widgetJS+`.querySelector('.foot').appendChild(b);
			return axe.run(document, {runOnly: ['button-name']}).then(r => { b.remove(); return r.violations.map(v => v.id).join(','); }); })()`)
		if planted != "button-name" {
			t.Errorf("axe did not see a nameless button inside the widget (violations %q): the check would miss the widget", planted)
		}
		small := jsValue[string](p, `[...`+widgetJS+`.querySelectorAll('button, a, input')].filter(e => e.offsetParent !== null)
			.map(e => [e.getBoundingClientRect(), e]).filter(([r, e]) => (r.width < 24 || r.height < 24) && !e.closest('.notice'))
			.map(([r, e]) => e.className + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)).join(', ')`)
		if small != "" {
			t.Errorf("targets smaller than 24x24 px: %s", small)
		}

		q := newPage(t, browser)
		q.do(chromedp.Navigate(s.base + "/privacy"))
		q.do(chromedp.Evaluate[chromedp.Void](string(axe)))
		checkAxe(t, q, "privacy page")
		if h := jsValue[string](q, `document.querySelector('h2').textContent`); h != "Privacy" {
			t.Errorf("privacy page heading = %q", h)
		}
	})

	t.Run("another origin", func(t *testing.T) {
		var bot string // set once the server is up
		allowed := hostPage(t, func() string { return bot }, "en")
		refused := hostPage(t, func() string { return bot }, "en")
		bot = startWebServe(t, allowed.URL).base
		for _, tc := range []struct {
			name string
			host *httptest.Server
			ok   bool
		}{
			{"allowed", allowed, true},
			{"refused", refused, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := newPage(t, browser)
				p.do(chromedp.Navigate(tc.host.URL + "/"))
				p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
				p.do(chromedp.Evaluate[chromedp.Void](widgetJS + `.querySelector('.launcher').click()`))
				p.waitBotMessages(1)
				isErr := jsValue[bool](p, widgetJS+`.querySelector('.msg.bot').classList.contains('error')`)
				if isErr == tc.ok {
					t.Errorf("embedded on %s: first message is an error = %v, want %v", tc.host.URL, isErr, !tc.ok)
				}
				if tc.ok {
					p.key("What does a backend developer do?" + kb.Enter)
					p.waitBotMessages(2)
					p.screenshot("embedded")
				}
			})
		}
	})
}

// checkAxe runs axe-core in the page against the WCAG 2.2 A and AA rules
// and fails the test with every violation.
func checkAxe(t *testing.T, p *page, state string) {
	t.Helper()
	res := jsValue[string](p, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))`)
	var violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(res), &violations); err != nil {
		t.Fatalf("axe result %q: %v", res, err)
	}
	for _, v := range violations {
		t.Errorf("%s: axe %s (%s): %s\n  %s", state, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
}

// scrapeMetric returns the value of one series from /metrics, "" when absent.
func scrapeMetric(t *testing.T, base, series string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}

// TestWebChatHandoffBrowser: in the browser, a person asks for a person by
// keyboard, consents with the button, and the recruiter's reply from the
// Slack thread appears in the live region.
func TestWebChatHandoffBrowser(t *testing.T) {
	browser := newBrowser(t)
	s, f, _ := handoffServe(t, nil)
	p := newPage(t, browser)
	p.do(chromedp.Navigate(s.base + "/demo"))
	p.waitJS("the launcher", widgetJS+`.querySelector('.launcher')`)
	p.tabTo("launcher|", false)
	p.key(kb.Enter)
	p.waitBotMessages(1)
	p.tabTo("person|", false)
	p.key(kb.Enter)
	p.waitBotMessages(2)
	p.tabTo("chip|Ja, weitergeben", true)
	p.key(kb.Enter)
	p.waitBotMessages(3)
	waitFor(t, "the card", func() bool { return len(deskPosts(f)) == 1 })
	// The person's words go to the thread; the bot stays silent.
	before := p.botMessages()
	p.tabTo("input|", false)
	p.key("Gibt es Homeoffice?" + kb.Enter)
	waitFor(t, "the person's words in the thread", func() bool { return len(deskPosts(f)) == 2 })
	thread := deskPosts(f)[1].Get("thread_ts") // the card's ts
	recruiterSays(t, s.base, "Ev0BROWSER01", thread, "Hallo! Ich bin Jana aus dem Recruiting. Was möchtest du wissen?")
	p.waitJS("the recruiter's reply", widgetJS+`.querySelector('[role=log] .msg.recruiter')`)
	if got := jsValue[string](p, widgetJS+`.querySelector('[role=log] .msg.recruiter').textContent`); !strings.Contains(got, "Recruiting-Team:Hallo! Ich bin Jana") {
		t.Errorf("recruiter message = %q", got)
	}
	p.screenshot("handoff")
	axe, err := os.ReadFile("testdata/axe-core/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Evaluate[chromedp.Void](string(axe)))
	checkAxe(t, p, "hand-off")

	clickCard(t, s.base, thread, "handoff_close")
	p.waitJS("the close notice", `[...`+widgetJS+`.querySelectorAll('[role=log] .msg.bot')].some(m => m.textContent.includes('beendet'))`)
	// The bot said nothing of its own: the take notice, the recruiter's
	// reply and the close notice are all that came.
	if n := p.botMessages(); n != before+3 {
		t.Errorf("%d new messages during and after the hand-off, want 3 (taken, reply, closed)", n-before)
	}
}
