package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackadapter "github.com/careerbot/careerbot/adapters/slack"
)

// leakSecrets are the secrets of TestNoSecretInAnyLog, by variable.
var leakSecrets = map[string]string{
	"SLACK_BOT_TOKEN":         "xoxb-1111-2222-LeakCheckBotToken",
	"SLACK_APP_TOKEN":         "xapp-1-A1111-2222-LeakCheckAppToken",
	"SLACK_SIGNING_SECRET":    "leakcheck-signing-secret-42",
	"TELEGRAM_BOT_TOKEN":      "987654:LeakCheck-Telegram_Token",
	"TELEGRAM_WEBHOOK_SECRET": "leakcheck-webhook-secret",
	"CAREERBOT_SECRET":        "leakcheck-careerbot-secret-0123456789",
}

// hostileAPI fails every call but the first identity check in turn: an
// error that echoes the whole request (path with the Telegram token,
// Authorization header, form) at 200, 400, 500 and 429, and a dropped
// connection. Whatever a client library puts into its errors then holds
// every secret it sent.
func hostileAPI(t *testing.T) *httptest.Server {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		echo := r.URL.String() + " " + r.Header.Get("Authorization") + " " + string(body)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/auth.test"):
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "team": "Example", "user": "careerbot",
				"team_id": "T061EG9R6", "user_id": "U0LAN0Z89", "bot_id": "B0LAN0Z89"})
			return
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{"id": 4242, "is_bot": true,
				"first_name": "Careerbot", "username": "careerbot_leak_bot"}})
			return
		}
		switch n.Add(1) % 5 {
		case 0:
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
		case 1:
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": echo, "error_code": 400, "description": echo})
		case 2:
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": echo, "error_code": 400, "description": "Bad Request: " + echo})
		case 3:
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, echo)
		case 4:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "ratelimited " + echo, "error_code": 429,
				"description": "Too Many Requests: " + echo, "parameters": map[string]any{"retry_after": 1}})
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestNoSecretInAnyLog runs each adapter at debug level against an API
// that cannot be reached and one that fails in every way, with traffic,
// and scans the whole log for every secret, plain and URL-escaped.
func TestNoSecretInAnyLog(t *testing.T) {
	hostile := hostileAPI(t)
	apis := map[string]string{"unreachable": "http://127.0.0.1:1", "failing": hostile.URL}
	modes := []struct {
		name string
		vars func(api string) map[string]string
		// traffic sends a request to serve, when the mode has an inbound path.
		traffic func(t *testing.T, base string)
	}{
		{"slack http", func(api string) map[string]string {
			return map[string]string{"SLACK_BOT_TOKEN": leakSecrets["SLACK_BOT_TOKEN"],
				"SLACK_SIGNING_SECRET": leakSecrets["SLACK_SIGNING_SECRET"], "SLACK_API_URL": api + "/api/"}
		}, leakSlackEvent},
		{"slack socket mode", func(api string) map[string]string {
			return map[string]string{"SLACK_BOT_TOKEN": leakSecrets["SLACK_BOT_TOKEN"],
				"SLACK_APP_TOKEN": leakSecrets["SLACK_APP_TOKEN"], "SLACK_API_URL": api + "/api/"}
		}, nil},
		{"telegram polling", func(api string) map[string]string {
			return map[string]string{"TELEGRAM_BOT_TOKEN": leakSecrets["TELEGRAM_BOT_TOKEN"],
				"TELEGRAM_API_ENDPOINT": api + "/bot%s/%s"}
		}, nil},
		{"telegram webhook", func(api string) map[string]string {
			return map[string]string{"TELEGRAM_BOT_TOKEN": leakSecrets["TELEGRAM_BOT_TOKEN"],
				"TELEGRAM_API_ENDPOINT": api + "/bot%s/%s", "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook",
				"TELEGRAM_WEBHOOK_SECRET": leakSecrets["TELEGRAM_WEBHOOK_SECRET"]}
		}, leakTelegramUpdate},
	}
	for _, m := range modes {
		for apiName, api := range apis {
			t.Run(m.name+" "+apiName, func(t *testing.T) {
				vars := m.vars(api)
				vars["CAREERBOT_SECRET"] = leakSecrets["CAREERBOT_SECRET"]
				vars["CAREERBOT_LOG_LEVEL"] = "debug"
				s := startServe(t, vars)
				if m.traffic != nil {
					m.traffic(t, s.base)
				}
				waitFor(t, "three failures logged", func() bool {
					n := 0
					for _, r := range logRecords(s.stderr.String()) {
						if r["level"] == "WARN" || r["level"] == "ERROR" {
							n++
						}
					}
					return n >= 3
				})
				s.stop(t)
				log := s.stderr.String()
				for name, secret := range leakSecrets {
					for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret)} {
						if strings.Contains(log, form) {
							t.Errorf("the log holds %s (%q):\n%s", name, form, log)
						}
					}
				}
			})
		}
	}
}

func leakSlackEvent(t *testing.T, base string) {
	for i := 1; i < 4; i++ {
		leakPost(t, base, slackEventBody(i))
	}
	body := slackEventBody(0)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, base+"/slack/events", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(slackadapter.HeaderTimestamp, ts)
	req.Header.Set(slackadapter.HeaderSignature, slackadapter.SignatureVerifier{Secret: []byte(leakSecrets["SLACK_SIGNING_SECRET"])}.Sign(ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// A wrong signature is logged too.
	req.Header.Set(slackadapter.HeaderSignature, "v0="+strings.Repeat("0", 64))
	req.Body = io.NopCloser(bytes.NewReader(body))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

// leakPost posts an Events API request signed with the leak test's secret.
func leakPost(t *testing.T, base string, body []byte) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, base+"/slack/events", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(slackadapter.HeaderTimestamp, ts)
	req.Header.Set(slackadapter.HeaderSignature, slackadapter.SignatureVerifier{Secret: []byte(leakSecrets["SLACK_SIGNING_SECRET"])}.Sign(ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func leakTelegramUpdate(t *testing.T, base string) {
	for i, secret := range []string{leakSecrets["TELEGRAM_WEBHOOK_SECRET"], "wrong-" + leakSecrets["TELEGRAM_WEBHOOK_SECRET"]} {
		req, err := http.NewRequest(http.MethodPost, base+"/telegram/webhook", bytes.NewReader(tgUpdate(i)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
}
