package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// scrape is one Prometheus text exposition: each series as exposed,
// `name{label="value",...}`, with its value, and the families with HELP.
type scrape struct {
	samples  map[string]float64
	families map[string]bool
}

func parseScrape(t *testing.T, r io.Reader) scrape {
	t.Helper()
	s := scrape{samples: map[string]float64{}, families: map[string]bool{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "# HELP "); ok {
			s.families[strings.Fields(name)[0]] = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad sample line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad sample line %q: %v", line, err)
		}
		s.samples[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

// getMetrics scrapes GET /metrics.
func getMetrics(t *testing.T, base string) scrape {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return parseScrape(t, resp.Body)
}

// TestServeMetrics asks through the API, one user past a rate limit of
// 2, and reads the figures at /metrics.
func TestServeMetrics(t *testing.T) {
	s := startServeAt(t, map[string]string{"CAREERBOT_RATE_LIMIT": "2"}, tempDB(t))
	const question = "Was macht ein Backend-Entwickler?"
	wantStatus := []int{http.StatusOK, http.StatusOK, http.StatusOK, http.StatusTooManyRequests} // the 3rd gets the notice
	for i, want := range wantStatus {
		status, body := askCall(t, s.base, s.token, askBody(t, map[string]string{"question": question, "user": "bob"}))
		if status != want {
			t.Errorf("question %d: %d %s, want %d", i+1, status, body, want)
		}
	}
	apiAsk(t, s, question, "") // no user: the token counts as the user, not bob

	m := getMetrics(t, s.base)
	for _, f := range []string{"careerbot_questions_total", "careerbot_answer_seconds", "careerbot_rate_limited_total", "go_goroutines"} {
		if !m.families[f] {
			t.Errorf("family %s missing", f)
		}
	}
	tests := []struct {
		series string
		want   float64
	}{
		{`careerbot_questions_total{adapter="api",lang="de",outcome="answer"}`, 3},
		{`careerbot_answer_seconds_count{adapter="api"}`, 3},
		{`careerbot_answer_seconds_bucket{adapter="api",le="+Inf"}`, 3},
		{`careerbot_rate_limited_total{adapter="api"}`, 2},
	}
	for _, tt := range tests {
		if got, ok := m.samples[tt.series]; !ok || got != tt.want {
			t.Errorf("%s = %v (present %v), want %v", tt.series, got, ok, tt.want)
		}
	}
}

// TestMetricsObserver feeds every kind of measurement to the observer and
// reads it back from its handler.
func TestMetricsObserver(t *testing.T) {
	m := newMetrics()
	_ = newMetrics() // a registry per instance: a second one does not clash
	var obs bot.Observer = m
	obs.ObserveAnswer("telegram", bot.English, bot.KindFallback, 3*time.Millisecond)
	obs.ObserveAnswer("telegram", bot.English, bot.KindFallback, 2*time.Second)
	obs.ObserveRateLimited("slack")
	obs.ObserveFeedback("telegram", true)
	obs.ObserveFeedback("telegram", true)
	obs.ObserveFeedback("slack", false)
	obs.ObservePlatformError("slack", "chat.postMessage", "429")
	obs.ObservePlatformError("telegram", "sendMessage", "403")

	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	got := parseScrape(t, rec.Body)
	tests := []struct {
		series string
		want   float64
	}{
		{`careerbot_questions_total{adapter="telegram",lang="en",outcome="fallback"}`, 2},
		{`careerbot_answer_seconds_count{adapter="telegram"}`, 2},
		{`careerbot_answer_seconds_sum{adapter="telegram"}`, 2.003},
		{`careerbot_answer_seconds_bucket{adapter="telegram",le="0.005"}`, 1},
		{`careerbot_answer_seconds_bucket{adapter="telegram",le="+Inf"}`, 2},
		{`careerbot_rate_limited_total{adapter="slack"}`, 1},
		{`careerbot_feedback_total{adapter="telegram",outcome="helpful"}`, 2},
		{`careerbot_feedback_total{adapter="slack",outcome="unhelpful"}`, 1},
		{`careerbot_platform_errors_total{adapter="slack",code="429",method="chat.postMessage"}`, 1},
		{`careerbot_platform_errors_total{adapter="telegram",code="403",method="sendMessage"}`, 1},
	}
	for _, tt := range tests {
		if v, ok := got.samples[tt.series]; !ok || v != tt.want {
			t.Errorf("%s = %v (present %v), want %v", tt.series, v, ok, tt.want)
		}
	}
	for _, f := range []string{"careerbot_questions_total", "careerbot_answer_seconds", "careerbot_feedback_total",
		"careerbot_platform_errors_total", "careerbot_rate_limited_total"} {
		if !got.families[f] {
			t.Errorf("family %s has no HELP", f)
		}
	}
}
