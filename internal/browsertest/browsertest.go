// Package browsertest finds a Chromium for browser tests and starts it
// headless with chromedp.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// candidates are the names Chromium and Chrome go by on Linux and macOS.
var candidates = []string{
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "chrome",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
}

// Chromium returns the path of a Chromium or Chrome binary: $CHROMIUM when
// set, else the first of the usual names on PATH. Without one it fails the
// test when CI=true, so CI cannot pass by skipping, and skips it otherwise.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (install the Debian package chromium, or set CHROMIUM to its path); browser tests must run in CI")
	}
	t.Skip("no Chromium found; install chromium or set CHROMIUM to run the browser tests")
	return ""
}

// NewBrowser starts a headless Chromium for the test and returns its
// chromedp context, with one tab open; the browser ends with the test.
func NewBrowser(t testing.TB, opts ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := Chromium(t)
	all := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	all = append(all,
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests may run as root in containers
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	all = append(all, opts...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), all...)
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

// NewTab opens a tab in browser (from NewBrowser) and returns its context;
// the tab closes with the test. Each tab has its own session storage.
func NewTab(t testing.TB, browser context.Context, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, opts...)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}
