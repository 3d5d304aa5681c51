package insights

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestRenderHTMLInChromium renders the fixture's HTML report in headless
// Chromium and checks the screenshot: the page is drawn, and the day
// chart's answered bars are there in their colour. It skips where
// Chromium is not installed (apt-get install chromium), so CI does not
// need it. To look at the result, keep the screenshot:
//
//	CAREERBOT_SCREENSHOT=/tmp/report.png go test -run Chromium ./knowledge/insights
func TestRenderHTMLInChromium(t *testing.T) {
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no %s: %v", chromium, err)
	}
	if testing.Short() {
		t.Skip("starting a browser is slow; skipped with -short")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	shot := os.Getenv("CAREERBOT_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "report.png")
	}
	r := buildFixture(t)
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(f); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(shot)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1200,1600",
		"file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}

	img := decodePNG(t, shot)
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 1600 {
		t.Errorf("screenshot is %dx%d, want 1200x1600", b.Dx(), b.Dy())
	}
	colours := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}]++
		}
	}
	if len(colours) < 50 {
		t.Errorf("the screenshot has %d colours: the page looks blank", len(colours))
	}
	teal := color.RGBA{0x0e, 0x7c, 0x74, 255} // --teal, the answered bars
	if colours[teal] < 500 {
		t.Errorf("the screenshot has %d teal pixels: the charts did not render", colours[teal])
	}
	t.Logf("screenshot: %s", shot)
}

func decodePNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}
