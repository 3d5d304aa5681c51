package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	slackadapter "github.com/careerbot/careerbot/adapters/slack"
	"github.com/careerbot/careerbot/internal/slackfake"
)

var slackLoad = flag.Duration("slackload", 0, "run TestSlackLoad for this long (e.g. 20s); it measures, it does not judge")

// TestSlackLoad sends 100 Slack events a second from 1,000 people, 10 %
// of them delivered twice as Slack retries, to a serve on a temporary
// database, and reports the acknowledgement times. It checks that every
// ack is a 200 and every event is answered once; the times are printed,
// not asserted:
//
//	go test -run TestSlackLoad ./cmd/careerbot -args -slackload=20s
func TestSlackLoad(t *testing.T) {
	if *slackLoad == 0 {
		t.Skip("a measurement: run with -args -slackload=20s")
	}
	f := slackfake.New(t)
	s := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN": slackfake.Token, "SLACK_SIGNING_SECRET": crashSlackSecret, "SLACK_API_URL": f.APIURL(),
		"CAREERBOT_SECRET": "load-secret-0123456789abcdef",
	})
	const perSecond, people = 100, 1000
	n := int(slices.Max([]float64{1, slackLoad.Seconds()})) * perSecond
	var mu sync.Mutex
	var acks []time.Duration
	var bad int
	var wg sync.WaitGroup
	send := func(i int, retry bool) {
		user := i % people
		b, _ := json.Marshal(map[string]any{"token": "XXYYZZ", "team_id": slackfake.Team, "api_app_id": "A0MDYCDME",
			"type": "event_callback", "event_id": fmt.Sprintf("Ev0LOAD%06d", i), "event_time": 1515449522,
			"event": map[string]any{"type": "message", "channel": fmt.Sprintf("D0LOAD%04d", user), "user": fmt.Sprintf("U0LOAD%04d", user),
				"text": crashQuestion, "ts": fmt.Sprintf("1515449522.%06d", i), "channel_type": "im"}})
		req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/events", bytes.NewReader(b))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(slackadapter.HeaderTimestamp, ts)
		req.Header.Set(slackadapter.HeaderSignature, slackadapter.SignatureVerifier{Secret: []byte(crashSlackSecret)}.Sign(ts, b))
		if retry {
			req.Header.Set("X-Slack-Retry-Num", "1")
		}
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		took := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		acks = append(acks, took)
		if err != nil || resp.StatusCode != http.StatusOK {
			bad++
		}
		if err == nil {
			resp.Body.Close()
		}
	}
	tick := time.NewTicker(time.Second / perSecond)
	for i := range n {
		<-tick.C
		wg.Go(func() { send(i, false) })
		if rand.IntN(10) == 0 {
			wg.Go(func() { send(i, true) })
		}
	}
	tick.Stop()
	wg.Wait()
	waitFor(t, "every event answered", func() bool { return len(f.Calls("chat.postMessage")) >= n })
	s.stop(t)
	perEvent := map[string]int{}
	for _, c := range f.Calls("chat.postMessage") {
		perEvent[c.Field("channel")]++
	}
	for ch, c := range perEvent {
		if want := n / people; c != want {
			t.Errorf("%s answered %d times, want %d", ch, c, want)
		}
	}
	if bad > 0 {
		t.Errorf("%d acks were not a 200", bad)
	}
	slices.Sort(acks)
	t.Logf("%d events (+%d retries) in %s: ack p50 %s, p99 %s, max %s", n, len(acks)-n, *slackLoad,
		acks[len(acks)/2].Round(10*time.Microsecond), acks[len(acks)*99/100].Round(10*time.Microsecond), acks[len(acks)-1].Round(10*time.Microsecond))
}
