package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// webPost sends a web chat request from the bot's own origin.
func webPost(t *testing.T, base, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(b)))
	req.Header.Set("Origin", base)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp.StatusCode, out
}

// TestWebChatStoresPseudonymsOnly asks through the web chat and checks
// that the question log has the session's pseudonym, never the session id
// or token, and that /vergessen in the chat deletes the session's rows.
func TestWebChatStoresPseudonymsOnly(t *testing.T) {
	db := tempDB(t)
	vars := map[string]string{"CAREERBOT_SECRET": "web-chat-test-secret-0123456789", "CAREERBOT_WEB_ORIGINS": "https://careers.example.com"}
	s := startServeAt(t, vars, db)
	code, out := webPost(t, s.base, "/web/v1/session", "", map[string]string{"lang": "de"})
	if code != http.StatusCreated {
		t.Fatalf("session: %d %v", code, out)
	}
	token := out["token"].(string)
	id, _, _ := strings.Cut(token, ".")
	if code, out := webPost(t, s.base, "/web/v1/message", token, map[string]string{"text": "Brauche ich ein Studium?", "lang": "de"}); code != http.StatusOK {
		t.Fatalf("message: %d %v", code, out)
	}
	st := openDB(t, db)
	pseudonym := bot.NewPseudonymizer([]byte(vars["CAREERBOT_SECRET"])).Pseudonym("web", id)
	if n := count(t, st, "SELECT count(*) FROM questions WHERE platform = 'web' AND user = ?", pseudonym); n != 1 {
		t.Errorf("%d web questions under the session's pseudonym, want 1", n)
	}
	for table, cols := range tableColumns(t, st) {
		for _, col := range cols {
			if n := rowsHolding(t, st, table, col, id); n > 0 {
				t.Errorf("%s.%s holds the session id in %d rows", table, col, n)
			}
		}
	}
	code, out = webPost(t, s.base, "/web/v1/message", token, map[string]string{"text": "/vergessen"})
	if code != http.StatusOK || !strings.Contains(out["replies"].([]any)[0].(map[string]any)["text"].(string), "gelöscht") {
		t.Fatalf("/vergessen: %d %v", code, out)
	}
	if n := count(t, st, "SELECT count(*) FROM questions WHERE user = ?", pseudonym); n != 0 {
		t.Errorf("%d questions left after /vergessen", n)
	}
}
