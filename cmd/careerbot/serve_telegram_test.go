package main

import (
	"encoding/json"
	"fmt"
	"github.com/careerbot/careerbot/internal/telegramfake"
	"net/http"
	"strings"
	"testing"
)

const (
	tgToken  = "123456:E2E-token"
	tgSecret = "e2e_webhook-Secret-42"
	tgUser   = 7654321
)

// tgMessage is a private message update as Telegram documents it.
func tgMessage(updateID int, text string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"update_id": updateID,
		"message": map[string]any{
			"message_id": 1365, "date": 1441645532, "text": text,
			"chat": map[string]any{"id": tgUser, "type": "private", "first_name": "Test Firstname", "username": "Testusername"},
			"from": map[string]any{"id": tgUser, "is_bot": false, "first_name": "Test Firstname", "username": "Testusername", "language_code": "de"},
		},
	})
	return b
}

func tgVars(f *telegramfake.Server) map[string]string {
	return map[string]string{
		"TELEGRAM_BOT_TOKEN":    tgToken,
		"TELEGRAM_API_ENDPOINT": f.Endpoint(),
		"TELEGRAM_ADMINS":       "1111111",
		"CAREERBOT_SECRET":      "e2e-secret-0123456789abcdef",
	}
}

func TestServeTelegramPolling(t *testing.T) {
	f := telegramfake.New(t, tgToken)
	f.AddUpdates(tgMessage(100, "Kann ich als Quereinsteiger Backend-Entwickler werden?"))
	s := startServe(t, tgVars(f))

	waitFor(t, "the answer", func() bool { return len(f.CallsTo("sendMessage")) > 0 })
	m := f.CallsTo("sendMessage")[0].Params
	if m.Get("chat_id") != fmt.Sprint(tgUser) || m.Get("parse_mode") != "HTML" || !strings.Contains(m.Get("text"), "Quereinsteiger") {
		t.Errorf("sendMessage %v, want the career-changer answer in HTML", m)
	}
	if !strings.Contains(m.Get("reply_markup"), "callback_data") {
		t.Errorf("answer without buttons: %q", m.Get("reply_markup"))
	}
	waitFor(t, "the update confirmed", func() bool {
		calls := f.CallsTo("getUpdates")
		return calls[len(calls)-1].Params.Get("offset") == "101"
	})
	status, body := call(t, http.MethodGet, s.base+"/readyz", "", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"telegram":"ok"`) {
		t.Errorf("/readyz: %d %s", status, body)
	}
	if n := len(f.CallsTo("setMyCommands")); n != 3 {
		t.Errorf("%d setMyCommands calls, want 3", n)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d, want 0:\n%s", code, s.stderr)
	}
	if log := s.stderr.String(); strings.Contains(log, "Quereinsteiger") || strings.Contains(log, fmt.Sprint(tgUser)) {
		t.Errorf("the log contains the question or the user id:\n%s", log)
	}
	if n := len(f.CallsTo("sendMessage")); n != 1 {
		t.Errorf("%d messages sent, want 1", n)
	}
}

func TestServeTelegramWebhook(t *testing.T) {
	f := telegramfake.New(t, tgToken)
	vars := tgVars(f)
	vars["TELEGRAM_WEBHOOK_URL"] = "https://bot.example.com/telegram/webhook"
	vars["TELEGRAM_WEBHOOK_SECRET"] = tgSecret
	s := startServe(t, vars)

	waitFor(t, "setWebhook", func() bool { return len(f.CallsTo("setWebhook")) > 0 })
	p := f.CallsTo("setWebhook")[0].Params
	if p.Get("url") != vars["TELEGRAM_WEBHOOK_URL"] || p.Get("secret_token") != tgSecret {
		t.Errorf("setWebhook %v", p)
	}
	post := func(secret string, body json.RawMessage) int {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/telegram/webhook", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	update := tgMessage(200, "Kann ich als Quereinsteiger Backend-Entwickler werden?")
	if got := post("", update); got != http.StatusUnauthorized {
		t.Errorf("no secret: status %d, want 401", got)
	}
	if got := post("wrong", update); got != http.StatusForbidden {
		t.Errorf("wrong secret: status %d, want 403", got)
	}
	if n := len(f.CallsTo("sendMessage")); n != 0 {
		t.Fatalf("refused requests sent %d messages", n)
	}
	// Until the webhook is registered the adapter answers 503, and
	// Telegram would deliver again: so does this test.
	waitFor(t, "the update accepted", func() bool { return post(tgSecret, update) == http.StatusOK })
	waitFor(t, "the answer", func() bool { return len(f.CallsTo("sendMessage")) > 0 })
	if got := f.CallsTo("sendMessage")[0].Params.Get("text"); !strings.Contains(got, "Quereinsteiger") {
		t.Errorf("answer %q", got)
	}
	if n := len(f.CallsTo("getUpdates")); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d, want 0:\n%s", code, s.stderr)
	}
}

func TestServeTelegramConfigProblems(t *testing.T) {
	vars := map[string]string{
		"TELEGRAM_BOT_TOKEN":      tgToken,
		"TELEGRAM_API_ENDPOINT":   "https://api.telegram.org/bot%s",
		"TELEGRAM_WEBHOOK_URL":    "http://bot.example.com/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": "not a valid secret!",
		"TELEGRAM_ADMINS":         "1111111,@anna",
		"CAREERBOT_SECRET":        "e2e-secret-0123456789abcdef",
	}
	var stdout, stderr, stderr2 syncBuffer
	code := run(t.Context(), []string{"serve", "--addr", freeAddr(t), "--db", tempDB(t)}, mapEnv(vars), strings.NewReader(""), &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	log := stderr.String()
	for _, want := range []string{"TELEGRAM_API_ENDPOINT", "TELEGRAM_WEBHOOK_URL", "https", "TELEGRAM_WEBHOOK_SECRET", "A-Z, a-z, 0-9", "TELEGRAM_ADMINS", `"@anna"`} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	// Without a webhook URL the secret is not needed.
	delete(vars, "TELEGRAM_WEBHOOK_URL")
	run(t.Context(), []string{"serve", "--addr", freeAddr(t), "--db", tempDB(t)}, mapEnv(vars), strings.NewReader(""), &stdout, &stderr2)
	if log := stderr2.String(); strings.Contains(log, "TELEGRAM_WEBHOOK_SECRET") {
		t.Errorf("secret reported without a webhook URL:\n%s", log)
	}
}
