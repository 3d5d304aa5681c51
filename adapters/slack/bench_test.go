package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
	"github.com/careerbot/careerbot/internal/slackfake"
)

// BenchmarkEventAck measures the acknowledgement of an Events API request
// as Slack sees it: signature check, parsing, the filters and the one
// inbox INSERT, up to the 200. It reports the p50 and p99 of one ack.
//
//	go test -run '^$' -bench BenchmarkEventAck -benchtime 2000x ./adapters/slack
func BenchmarkEventAck(b *testing.B) {
	e := enginetest.New(b, filepath.Join(b.TempDir(), "kb.db"), bot.Config{})
	f := slackfake.New(b)
	a, err := New(Config{
		BotToken: slackfake.Token, SigningSecret: testSecret, APIURL: f.APIURL(),
		Answerer: e.Engine, Feedback: e.Store, Inbox: e.Store.Inbox(), Operator: &testOperator{admins: map[string]bool{}},
		Pseudonyms: bot.NewPseudonymizer([]byte("bench-secret")), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Routes(mux)
	base := fixture(&testing.T{}, "message_im.json")
	var p map[string]any
	if err := json.Unmarshal(base, &p); err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, b.N)
	for i := range bodies {
		p["event_id"] = fmt.Sprintf("Ev0BENCH%08d", i)
		bodies[i], _ = json.Marshal(p)
	}
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(HeaderTimestamp, ts)
		req.Header.Set(HeaderSignature, SignatureVerifier{Secret: []byte(testSecret)}.Sign(ts, bodies[i]))
		w := httptest.NewRecorder()
		start := time.Now()
		mux.ServeHTTP(w, req)
		took = append(took, time.Since(start))
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}
