// Package browsertest gives a test package one headless Chromium, shared
// by its tests: each tab gets its own browser context (separate cookies).
//
// Without Chromium the tests skip, except under CI=true, where they fail:
// a CI machine must run them (.ci/run installs the Debian package
// chromium).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tabTimeout bounds one test's use of a tab, so a hung page fails the
// test instead of the whole run.
const tabTimeout = 90 * time.Second

var (
	mu      sync.Mutex
	browser context.Context
	stop    func()
)

// Path returns the Chromium executable: `chromium` on PATH, else
// /usr/bin/chromium; "" when there is none.
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// require skips the test without Chromium, or fails it under CI=true.
func require(t testing.TB) string {
	t.Helper()
	p := Path()
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found: install the chromium package (apt-get install -y chromium); browser tests must run under CI")
		}
		t.Skip("Chromium not found; install chromium to run the browser tests")
	}
	return p
}

// start launches the package's browser once.
func start(t testing.TB, path string) context.Context {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if browser != nil {
		return browser
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	browser = bctx
	stop = func() {
		cancelBrowser()
		cancelAlloc()
	}
	return browser
}

// Tab returns a new tab in the shared browser, in a browser context of
// its own (its own cookies: servers on 127.0.0.1 share cookies across
// ports, so tests would otherwise see each other's sessions), closed when
// the test ends. Two tabs in one test are two people signed in at once.
func Tab(t testing.TB) context.Context {
	t.Helper()
	return newTab(t, chromedp.WithNewBrowserContext())
}

func newTab(t testing.TB, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	b := start(t, require(t))
	ctx, cancel := chromedp.NewContext(b, opts...)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	if err := chromedp.Do(ctx); err != nil {
		cancelTimeout()
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	return ctx
}

// Main runs a test package's tests and then stops its browser. Call it
// from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	mu.Lock()
	if stop != nil {
		stop()
	}
	mu.Unlock()
	os.Exit(code)
}
