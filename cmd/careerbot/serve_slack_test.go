package main

import (
	"encoding/json"
	"fmt"
	"github.com/careerbot/careerbot/internal/slackfake"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackadapter "github.com/careerbot/careerbot/adapters/slack"
)

const (
	e2eSlackToken   = slackfake.Token
	e2eSlackSecret  = "e2e-signing-secret"
	e2eSlackBotUser = "U0LAN0Z89"
)

func slackEvent(t *testing.T, base string, body []byte) int {
	t.Helper()
	return slackPost(t, base+"/slack/events", "application/json", body)
}

// triggers numbers the slash commands: Slack gives each its own
// trigger_id, and a request repeated with the same one is a replay.
var triggers atomic.Int64

// slackCommand posts a signed slash command as Slack does; the reply goes
// to the fake's response_url.
func slackCommand(t *testing.T, base string, f *slackfake.Server, user, text string) int {
	t.Helper()
	form := url.Values{"team_id": {"T061EG9R6"}, "team_domain": {"example"}, "channel_id": {"C2147483705"},
		"user_id": {user}, "user_name": {"Steve"}, "command": {"/karriere"}, "text": {text},
		"response_url": {f.HooksURL() + "commands/1234/5678"}, "trigger_id": {fmt.Sprintf("13345224609.%d.8088930838d88f008e0", triggers.Add(1))}}
	return slackPost(t, base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
}

func slackPost(t *testing.T, target, contentType string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set(slackadapter.HeaderTimestamp, ts)
	req.Header.Set(slackadapter.HeaderSignature, slackadapter.SignatureVerifier{Secret: []byte(e2eSlackSecret)}.Sign(ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeSlackEndToEnd boots the whole program with Slack configured
// against a fake Web API and drives it over HTTP as Slack would.
func TestServeSlackEndToEnd(t *testing.T) {
	f := slackfake.New(t)
	s := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN":      e2eSlackToken,
		"SLACK_SIGNING_SECRET": e2eSlackSecret,
		"SLACK_API_URL":        f.APIURL(),
		"CAREERBOT_SECRET":     "e2e-secret-0123456789abcdef",
	})
	waitFor(t, "/readyz to report slack ready", func() bool {
		status, _ := call(t, http.MethodGet, s.base+"/readyz", "", "")
		return status == http.StatusOK
	})

	const question = "Kann ich als Quereinsteiger Backend-Entwickler werden?"
	mention, _ := json.Marshal(map[string]any{
		"token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
		"type": "event_callback", "event_id": "Ev0E2E0001", "event_time": 1515449522,
		"event": map[string]any{"type": "app_mention", "user": "U061F7AUR", "text": "<@" + e2eSlackBotUser + "> " + question,
			"ts": "1515449522.000016", "channel": "C0LAN2Q65", "event_ts": "1515449522.000016"},
	})
	if code := slackEvent(t, s.base, mention); code != http.StatusOK {
		t.Fatalf("event: %d, want 200", code)
	}
	if code := slackEvent(t, s.base, []byte(`{"type":"url_verification"}`+" ")); code != http.StatusBadRequest {
		t.Errorf("url_verification without challenge: %d, want 400", code)
	}
	waitFor(t, "the threaded answer", func() bool { return len(f.Calls("chat.postMessage")) > 0 })
	post := f.Calls("chat.postMessage")[0]
	if post.Field("channel") != "C0LAN2Q65" || post.Field("thread_ts") != "1515449522.000016" {
		t.Errorf("answer in %q thread %q, want a thread under the question", post.Field("channel"), post.Field("thread_ts"))
	}
	if !strings.Contains(post.Field("blocks"), "de:entry-career-changer") {
		t.Errorf("answer is not the career-changer entry: %s", post.Field("blocks"))
	}

	// Unsigned requests never reach the adapter.
	req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/events", strings.NewReader(string(mention)))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned event: %v %v, want 401", resp.StatusCode, err)
	}

	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d, want 0:\n%s", code, s.stderr)
	}
	if n := len(f.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d answers, want 1", n)
	}
	log := s.stderr.String()
	if strings.Contains(log, "Quereinsteiger Backend-Entwickler werden") || strings.Contains(log, "U061F7AUR") {
		t.Errorf("the log holds the question or a user id:\n%s", log)
	}
	checkNoStackTrace(t, log)
}

// TestServeSlackPrivacyAndAdmin runs the privacy and admin commands
// through serve's real Operator: the adapter and the Operator must name a
// Slack user the same way (team:user), or forget would find nothing and
// CAREERBOT_ADMINS would match nobody.
func TestServeSlackPrivacyAndAdmin(t *testing.T) {
	const admin, other = "U061F7AUR", "U2147483697"
	f := slackfake.New(t)
	// users.info fails (stats looks up the locale): a platform error.
	for range 20 {
		f.Script("users.info", slackfake.Reply{Body: `{"ok":false,"error":"unknown_method"}`})
	}
	s := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN":      e2eSlackToken,
		"SLACK_SIGNING_SECRET": e2eSlackSecret,
		"SLACK_API_URL":        f.APIURL(),
		"CAREERBOT_SECRET":     "e2e-secret-0123456789abcdef",
		"CAREERBOT_ADMINS":     "slack:T061EG9R6:" + admin,
	})
	waitFor(t, "/readyz to report slack ready", func() bool {
		status, _ := call(t, http.MethodGet, s.base+"/readyz", "", "")
		return status == http.StatusOK
	})
	replies := 0
	command := func(user, text string) string {
		t.Helper()
		if code := slackCommand(t, s.base, f, user, text); code != http.StatusOK {
			t.Fatalf("/karriere %s: %d, want 200", text, code)
		}
		replies++
		waitFor(t, "the reply to /karriere "+text, func() bool { return len(f.Calls("response_url")) >= replies })
		return f.Calls("response_url")[replies-1].Text()
	}

	command(admin, "Kann ich als Quereinsteiger Backend-Entwickler werden?")
	if got := command(admin, "stats"); !strings.Contains(got, "Heute: 1 Fragen, 1 beantwortet, 1 Personen") {
		t.Errorf("stats for an admin: %s", got)
	}
	if got := command(other, "stats"); !strings.Contains(got, "Betriebsteam") {
		t.Errorf("stats for someone else: %s", got)
	}
	if got := command(other, "vergessen"); !strings.Contains(got, "(0 Fragen, 0 Bewertungen)") {
		t.Errorf("forget for someone who asked nothing: %s", got)
	}
	if got := command(admin, "datenschutz"); !strings.Contains(got, "Nach 90 Tagen") || !strings.Contains(got, "`/karriere vergessen`") {
		t.Errorf("privacy notice: %s", got)
	}
	if got := command(admin, "vergessen"); !strings.Contains(got, "(1 Fragen, 0 Bewertungen)") {
		t.Errorf("forget for the admin, who asked once: %s", got)
	}
	if got := command(admin, "stats"); !strings.Contains(got, "Heute: 0 Fragen") {
		t.Errorf("stats after forgetting: %s", got)
	}

	// The failed users.info calls are counted.
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`careerbot_questions_total{adapter="slack",lang="de",outcome="answer"} 1`,
		`careerbot_platform_errors_total{adapter="slack",code="unknown_method",method="users.info"}`,
	} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d, want 0:\n%s", code, s.stderr)
	}
	if log := s.stderr.String(); strings.Contains(log, admin) || strings.Contains(log, other) {
		t.Errorf("the log holds a user id:\n%s", log)
	}
}

func TestSlackConfig(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want []string // one entry per expected problem
	}{
		{"http", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, nil},
		{"socket mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, nil},
		{"all wrong", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": "xoxb-2",
			"SLACK_API_URL": "slack.com/api", "SLACK_COMMAND": "karriere frage"},
			[]string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "SLACK_COMMAND"}},
		{"no signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, []string{"SLACK_SIGNING_SECRET"}},
		{"API URL without slash", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "https://proxy.example.com/api"}, []string{"SLACK_API_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, problems := slackConfig(mapEnv(tt.vars))
			if len(problems) != len(tt.want) {
				t.Fatalf("problems %v, want %d", problems, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(problems[i].Error(), w) {
					t.Errorf("problem %d = %q, want it to name %s", i, problems[i], w)
				}
			}
			if len(tt.want) == 0 && cfg.Command != "/karriere" {
				t.Errorf("default command %q", cfg.Command)
			}
		})
	}
	if !adapterFactories[slackFactory()].Enabled(mapEnv(map[string]string{"SLACK_BOT_TOKEN": " xoxb-1 "})) ||
		adapterFactories[slackFactory()].Enabled(mapEnv(nil)) {
		t.Error("Enabled must follow SLACK_BOT_TOKEN")
	}
}

func slackFactory() int {
	for i, f := range adapterFactories {
		if f.Name == "slack" {
			return i
		}
	}
	return -1
}
