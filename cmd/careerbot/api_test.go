package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// testAPI is an apiServer under test: its base URL, its database and a
// valid API token.
type testAPI struct {
	base, db, token string
	store           *knowledge.Store
}

// newTestAPI serves the real apiServer over a real engine and database,
// wired as serve wires it, with the given request limits.
func newTestAPI(t *testing.T, limits apiLimits) testAPI {
	t.Helper()
	db := tempDB(t)
	e := env{getenv: mapEnv(nil), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	st, _, eng, err := openEngine(context.Background(), e, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	token, err := st.AddToken(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := &apiServer{answerer: eng, store: st, pseudonyms: bot.NewPseudonymizer([]byte("0123456789abcdef0123")), log: log, limits: limits}
	mux := http.NewServeMux()
	api.routes(mux)
	srv := httptest.NewServer(recoverPanics(mux, log))
	t.Cleanup(srv.Close)
	return testAPI{base: srv.URL, db: db, token: token, store: st}
}

// askCall posts body to base's /v1/ask with token as the bearer token
// ("" sends none).
func askCall(t *testing.T, base, token, body string) (int, []byte) {
	t.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return callWith(t, http.MethodPost, base+"/v1/ask", body, h)
}

// call sends one request and returns the status and the body.
func call(t *testing.T, method, url, contentType, body string) (int, []byte) {
	t.Helper()
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return callWith(t, method, url, body, h)
}

// callWith sends one request with the given headers and returns the
// status and the body, which must be JSON.
func callWith(t *testing.T, method, url, body string, h http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, want JSON", method, url, ct)
	}
	return resp.StatusCode, b
}

func askBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAPIHealth(t *testing.T) {
	base := newTestAPI(t, apiLimits{}).base
	tests := []struct {
		path string
		want map[string]string
	}{
		{"/healthz", map[string]string{"status": "ok"}},
		{"/readyz", map[string]string{"database": "ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := call(t, http.MethodGet, base+tt.path, "", "")
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", status, body)
			}
			var got map[string]string
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("not a JSON object: %v: %s", err, body)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q (body %s)", k, got[k], v, body)
				}
			}
		})
	}
}

func TestAPIAsk(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	tests := []struct {
		name      string
		req       map[string]any
		wantLang  string // "" for either
		wantEntry string // "" for not answered
	}{
		{"German", map[string]any{"question": "Kann ich als Quereinsteiger Backend-Entwickler werden?"}, "de", "entry-career-changer"},
		{"English", map[string]any{"question": "Can I work as a freelancer?"}, "en", "prospects-freelancing"},
		{"lang en on a German question", map[string]any{"question": "Brauche ich ein Studium?", "lang": "en"}, "en", "entry-degree"},
		{"lang de on an English question", map[string]any{"question": "Do I need a degree?", "lang": "de"}, "de", "entry-degree"},
		{"regional lang code", map[string]any{"question": "Brauche ich ein Studium?", "lang": "en-GB"}, "en", "entry-degree"},
		{"with a user", map[string]any{"question": "Brauche ich ein Studium?", "user": "U123"}, "de", "entry-degree"},
		{"unrelated", map[string]any{"question": "How do I bake sourdough bread?"}, "en", ""},
		{"control characters only", map[string]any{"question": "\x01\x02\x1b", "user": "new"}, "de", ""},
		{"FTS syntax", map[string]any{"question": `NEAR( "x" * AND -^`}, "", ""},
		{"long question", map[string]any{"question": strings.Repeat("Gehalt ", 8000)}, "de", "jobsearch-salary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := askCall(t, api.base, api.token, askBody(t, tt.req))
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", status, body)
			}
			a := decodeAnswer(t, body)
			if tt.wantLang != "" && a.Lang != tt.wantLang || a.EntryID != tt.wantEntry {
				t.Errorf("got entry %q in %s, want %q in %s", a.EntryID, a.Lang, tt.wantEntry, tt.wantLang)
			}
		})
	}
}

// TestAPIAskMatchesCLI checks that POST /v1/ask answers with the very
// object `careerbot ask --json` prints.
func TestAPIAskMatchesCLI(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	for _, q := range []string{"Welche Soft Skills brauche ich?", "Is cloud knowledge useful?", "Wie ist das Wetter?"} {
		t.Run(q, func(t *testing.T) {
			_, body := askCall(t, api.base, api.token, askBody(t, map[string]string{"question": q}))
			cli := mustRun(t, nil, "", "ask", "--json", "--db", api.db, q).stdout
			var fromAPI, fromCLI map[string]any
			if err := json.Unmarshal(body, &fromAPI); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(cli), &fromCLI); err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(fromAPI)
			c, _ := json.Marshal(fromCLI)
			if string(a) != string(c) {
				t.Errorf("API and CLI differ:\napi: %s\ncli: %s", a, c)
			}
		})
	}
}

// TestAPIAskBadRequests sends what a careless or hostile client sends:
// always a 4xx with a JSON error, never a 500.
func TestAPIAskBadRequests(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	big := strings.Repeat("a", 70<<10)
	tests := []struct {
		name   string
		body   string
		status int
	}{
		{"empty body", "", http.StatusBadRequest},
		{"not JSON", "question=hallo", http.StatusBadRequest},
		{"broken JSON", `{"question": "hallo"`, http.StatusBadRequest},
		{"an array", `["hallo"]`, http.StatusBadRequest},
		{"a string", `"hallo"`, http.StatusBadRequest},
		{"null", `null`, http.StatusBadRequest},
		{"question missing", `{"lang": "de"}`, http.StatusBadRequest},
		{"question null", `{"question": null}`, http.StatusBadRequest},
		{"question empty", `{"question": ""}`, http.StatusBadRequest},
		{"question blank", `{"question": "  \t\n "}`, http.StatusBadRequest},
		{"question not a string", `{"question": 42}`, http.StatusBadRequest},
		{"lang fr", `{"question": "Bonjour", "lang": "fr"}`, http.StatusBadRequest},
		{"lang not a string", `{"question": "Hallo", "lang": 1}`, http.StatusBadRequest},
		{"trailing garbage", `{"question": "Hallo"} {"question": "again"}`, http.StatusBadRequest},
		{"body over 64 KiB", `{"question": "` + big + `"}`, http.StatusRequestEntityTooLarge},
		{"over 64 KiB after the object", `{"question": "Hallo"}` + strings.Repeat(" ", 70<<10), http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := askCall(t, api.base, api.token, tt.body)
			if status != tt.status {
				t.Errorf("status %d, want %d: %s", status, tt.status, body)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Errorf("body is not a JSON error: %s", body)
			}
		})
	}
}

func TestAPIMethods(t *testing.T) {
	base := newTestAPI(t, apiLimits{}).base
	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/v1/ask", http.StatusMethodNotAllowed},
		{http.MethodPut, "/v1/ask", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/v1/ask", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, base+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "POST") {
				t.Errorf("Allow %q, want POST", allow)
			}
			if !strings.Contains(string(body), `"error"`) {
				t.Errorf("body is not a JSON error: %s", body)
			}
		})
	}
}
