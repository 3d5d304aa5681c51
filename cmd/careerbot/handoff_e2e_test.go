package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/internal/slackfake"
	"github.com/careerbot/careerbot/internal/telegramfake"
)

const (
	e2eDesk      = "C0HANDOFF1"
	e2eRecruiter = "U0RECRUIT1"
)

// handoffServe boots serve with Slack, the web chat and the hand-off desk
// against a fake Slack.
func handoffServe(t *testing.T, extra map[string]string) (*server, *slackfake.Server, string) {
	t.Helper()
	f := slackfake.New(t)
	db := tempDB(t)
	vars := map[string]string{
		"SLACK_BOT_TOKEN":                 e2eSlackToken,
		"SLACK_SIGNING_SECRET":            e2eSlackSecret,
		"SLACK_API_URL":                   f.APIURL(),
		"CAREERBOT_SECRET":                "e2e-secret-0123456789abcdef",
		"CAREERBOT_WEB_ORIGINS":           "https://careers.example.com",
		"CAREERBOT_HANDOFF_SLACK_CHANNEL": e2eDesk,
		"CAREERBOT_RECRUITER_CONTACT":     "jobs@example.com",
	}
	for k, v := range extra {
		vars[k] = v
	}
	s := startServeAt(t, vars, db)
	waitFor(t, "/readyz to report slack ready", func() bool {
		status, _ := call(t, http.MethodGet, s.base+"/readyz", "", "")
		return status == http.StatusOK
	})
	return s, f, db
}

// webChat is one web chat session in a test.
type webChat struct {
	t     *testing.T
	base  string
	token string
	after int
}

func newWebChat(t *testing.T, base string) *webChat {
	t.Helper()
	code, out := webPost(t, base, "/web/v1/session", "", map[string]string{"lang": "de"})
	if code != http.StatusCreated {
		t.Fatalf("session: %d %v", code, out)
	}
	return &webChat{t: t, base: base, token: out["token"].(string)}
}

// send posts a message and returns the replies' texts and the last
// reply.
func (c *webChat) send(body map[string]string) ([]string, map[string]any) {
	c.t.Helper()
	code, out := webPost(c.t, c.base, "/web/v1/message", c.token, body)
	if code != http.StatusOK {
		c.t.Fatalf("message %v: %d %v", body, code, out)
	}
	var texts []string
	var last map[string]any
	for _, r := range out["replies"].([]any) {
		last = r.(map[string]any)
		texts = append(texts, last["kind"].(string)+": "+last["text"].(string))
	}
	return texts, last
}

// events waits for the next n events from the recruiting team.
func (c *webChat) events(n int) []map[string]any {
	c.t.Helper()
	var got []map[string]any
	waitFor(c.t, fmt.Sprintf("%d events", n), func() bool {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/web/v1/events?after=%d", c.base, c.after), nil)
		req.Header.Set("Origin", c.base)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			c.t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Events []struct {
				ID    int            `json:"id"`
				Reply map[string]any `json:"reply"`
			} `json:"events"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			c.t.Fatal(err)
		}
		for _, e := range out.Events {
			got = append(got, e.Reply)
			c.after = e.ID
		}
		return len(got) >= n
	})
	return got
}

// deskPosts are the chat.postMessage calls into the desk channel.
func deskPosts(f *slackfake.Server) []url.Values {
	return postsTo(f, e2eDesk)
}

// postsTo are the chat.postMessage calls into channel, as their forms.
func postsTo(f *slackfake.Server, channel string) []url.Values {
	var out []url.Values
	for _, c := range f.Calls("chat.postMessage") {
		if c.Field("channel") == channel {
			out = append(out, c.Form)
		}
	}
	return out
}

// lastUpdate is the form of the latest chat.update call, nil before one.
func lastUpdate(f *slackfake.Server) url.Values {
	u := f.Calls("chat.update")
	if len(u) == 0 {
		return nil
	}
	return u[len(u)-1].Form
}

// recruiterSays posts a thread reply in the desk channel as Slack does.
func recruiterSays(t *testing.T, base, eventID, thread, text string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
		"type": "event_callback", "event_id": eventID, "event_time": 1515449522,
		"event": map[string]any{"type": "message", "channel": e2eDesk, "channel_type": "channel", "user": e2eRecruiter,
			"text": text, "ts": fmt.Sprintf("1700000001.%06d", time.Now().UnixNano()%1e6), "thread_ts": thread},
	})
	if code := slackEvent(t, base, body); code != http.StatusOK {
		t.Fatalf("recruiter message: %d", code)
	}
}

// clickCard presses a button of the hand-off card as Slack does.
func clickCard(t *testing.T, base, thread, actionID string) {
	t.Helper()
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T061EG9R6"}, "user": map[string]any{"id": e2eRecruiter},
		"api_app_id": "A0MDYCDME", "trigger_id": "13345224609.738474920." + actionID,
		"container": map[string]any{"type": "message", "message_ts": thread, "channel_id": e2eDesk},
		"channel":   map[string]any{"id": e2eDesk}, "message": map[string]any{"ts": thread, "type": "message"},
		"actions": []map[string]any{{"action_id": actionID, "block_id": "handoff_actions", "value": "1", "type": "button"}},
	})
	body := url.Values{"payload": {string(payload)}}.Encode()
	if code := slackPost(t, base+"/slack/interactions", "application/x-www-form-urlencoded", []byte(body)); code != http.StatusOK {
		t.Fatalf("click %s: %d", actionID, code)
	}
}

// TestHandoffWebToSlack: a person in the web chat asks for a human,
// consents, and talks with a recruiter in the card's Slack thread; a note
// stays internal, the bot is silent until the recruiter closes, and
// forgetting deletes the hand-off.
func TestHandoffWebToSlack(t *testing.T) {
	s, f, db := handoffServe(t, nil)
	c := newWebChat(t, s.base)
	c.send(map[string]string{"text": "Brauche ich ein Studium?", "lang": "de"})

	texts, last := c.send(map[string]string{"action": "person", "lang": "de"})
	if len(texts) != 1 || !strings.Contains(texts[0], "Einverstanden?") || len(last["actions"].([]any)) != 2 {
		t.Fatalf("talk to a person: %q %v; want the consent question with two buttons", texts, last)
	}
	if n := len(deskPosts(f)); n != 0 {
		t.Fatalf("%d desk posts before consent", n)
	}
	texts, last = c.send(map[string]string{"action": "handoff:yes", "lang": "de"})
	if len(texts) != 1 || !strings.Contains(texts[0], "Recruiting-Team Bescheid") || last["listen"] != true {
		t.Fatalf("consent: %q %v", texts, last)
	}
	cards := deskPosts(f)
	if len(cards) != 1 || !strings.Contains(cards[0].Get("blocks"), "Brauche ich ein Studium?") || !strings.Contains(cards[0].Get("blocks"), "handoff_take") {
		t.Fatalf("card = %v; want the conversation and a Take button", cards)
	}

	// While the hand-off is open, the person's words go to the thread and
	// the bot does not answer them.
	texts, _ = c.send(map[string]string{"text": "Was verdient man als Backend-Entwickler?", "lang": "de"})
	if len(texts) != 0 {
		t.Errorf("the bot answered during the hand-off: %q", texts)
	}
	posts := deskPosts(f)
	if len(posts) != 2 || posts[1].Get("thread_ts") == "" || !strings.Contains(posts[1].Get("text"), "Was verdient man") {
		t.Fatalf("person's message in the thread = %v", posts)
	}
	thread := posts[1].Get("thread_ts") // the card's ts
	// A follow-up button gets no answer either, only why.
	if texts, _ = c.send(map[string]string{"entry_id": "entry-overview", "lang": "de"}); len(texts) != 1 || !strings.HasPrefix(texts[0], "handoff: Solange das Recruiting-Team übernimmt") {
		t.Errorf("follow-up during the hand-off: %q", texts)
	}

	recruiterSays(t, s.base, "Ev0HANDOFF01", thread, "note: das ist die Kandidatin von gestern")
	recruiterSays(t, s.base, "Ev0HANDOFF02", thread, "Hallo, hier ist Jana aus dem Recruiting. Wie kann ich helfen?")
	got := c.events(2)
	if got[0]["text"] != "Eine Person aus dem Recruiting-Team ist jetzt da und antwortet dir hier." || got[1]["kind"] != "recruiter" ||
		!strings.HasPrefix(got[1]["text"].(string), "Hallo, hier ist Jana") {
		t.Errorf("events = %v; want the take notice, then Jana's reply (no note)", got)
	}
	waitFor(t, "the card to show who took it", func() bool {
		return strings.Contains(lastUpdate(f).Get("blocks"), e2eRecruiter)
	})

	clickCard(t, s.base, thread, "handoff_close")
	got = c.events(1)
	if !strings.Contains(got[0]["text"].(string), "beendet") || got[0]["listen"] == true {
		t.Errorf("close event = %v", got)
	}
	waitFor(t, "the card to show it closed", func() bool {
		return strings.Contains(lastUpdate(f).Get("blocks"), "Beendet")
	})
	texts, _ = c.send(map[string]string{"text": "Brauche ich ein Studium?", "lang": "de"})
	if len(texts) != 1 || !strings.HasPrefix(texts[0], "answer:") {
		t.Errorf("after the close the bot answers again: %q", texts)
	}

	st := openDB(t, db)
	if n := count(t, st, "SELECT count(*) FROM handoff_messages"); n != 2 {
		t.Errorf("%d transcript lines, want 2 (person and recruiter, no note)", n)
	}
	if n := count(t, st, "SELECT count(*) FROM handoffs WHERE address IS NOT NULL"); n != 0 {
		t.Errorf("%d closed hand-offs keep their address", n)
	}
	c.send(map[string]string{"text": "/vergessen"})
	if n := count(t, st, "SELECT count(*) FROM handoffs"); n != 0 {
		t.Errorf("%d hand-offs after /vergessen", n)
	}
	if n := count(t, st, "SELECT count(*) FROM handoff_messages"); n != 0 {
		t.Errorf("%d transcript lines after /vergessen", n)
	}
	checkNoStackTrace(t, s.stderr.String())
}

// TestHandoffTimeoutAndOffHours: nobody takes the card within the wait
// limit, and outside business hours no card is posted; both times the
// person is told honestly and gets the contact.
func TestHandoffTimeoutAndOffHours(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		s, f, _ := handoffServe(t, map[string]string{"CAREERBOT_HANDOFF_WAIT": "1s"})
		c := newWebChat(t, s.base)
		c.send(map[string]string{"text": "Kann ich mit einer Person sprechen?", "lang": "de"})
		c.send(map[string]string{"text": "ja", "lang": "de"})
		got := c.events(1)
		if text := got[0]["text"].(string); !strings.Contains(text, "niemand") || !strings.Contains(text, "jobs@example.com") {
			t.Errorf("timeout event = %v; want an honest notice with the contact", got)
		}
		waitFor(t, "the card to show the timeout", func() bool {
			return strings.Contains(lastUpdate(f).Get("blocks"), "Zeit abgelaufen")
		})
	})
	t.Run("outside business hours", func(t *testing.T) {
		// Open only on the weekday after tomorrow, in UTC.
		day := time.Now().UTC().AddDate(0, 0, 2).Weekday().String()[:3]
		s, f, _ := handoffServe(t, map[string]string{"CAREERBOT_HANDOFF_HOURS": day + " 00:00-24:00 UTC"})
		c := newWebChat(t, s.base)
		texts, _ := c.send(map[string]string{"action": "person", "lang": "en"})
		if len(texts) != 1 || !strings.Contains(texts[0], "Nobody from the recruiting team is available") || !strings.Contains(texts[0], "jobs@example.com") {
			t.Errorf("outside hours: %q", texts)
		}
		if n := len(deskPosts(f)); n != 0 {
			t.Errorf("%d cards posted outside business hours", n)
		}
	})
}

// sentTexts are the texts of the bot's sendMessage calls.
func sentTexts(f *telegramfake.Server) []string {
	var out []string
	for _, c := range f.Sent() {
		out = append(out, c.Params.Get("text"))
	}
	return out
}

// tgButton is a press on an inline button as Telegram documents it.
func tgButton(updateID int, data string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"update_id": updateID,
		"callback_query": map[string]any{
			"id": fmt.Sprint(43820 + updateID), "chat_instance": "-2090000000000000000", "data": data,
			"from":    map[string]any{"id": tgUser, "is_bot": false, "first_name": "Test Firstname", "language_code": "de"},
			"message": map[string]any{"message_id": 1, "date": 1441645532, "chat": map[string]any{"id": tgUser, "type": "private"}},
		},
	})
	return b
}

// TestHandoffTelegramToSlack: a person in a Telegram private chat talks
// with a recruiter in the card's Slack thread.
func TestHandoffTelegramToSlack(t *testing.T) {
	tg := telegramfake.New(t, tgToken)
	extra := tgVars(tg)
	delete(extra, "CAREERBOT_SECRET")
	s, f, db := handoffServe(t, extra)
	sent := func(n int) []string {
		t.Helper()
		waitFor(t, fmt.Sprintf("%d Telegram messages", n), func() bool { return len(sentTexts(tg)) >= n })
		return sentTexts(tg)
	}
	tg.AddUpdates(tgMessage(1, "Brauche ich ein Studium?"))
	sent(1)
	tg.AddUpdates(tgMessage(2, "Kann ich mit einer Person sprechen?"))
	if got := sent(2)[1]; !strings.Contains(got, "Einverstanden?") {
		t.Fatalf("consent question = %q", got)
	}
	if kb := tg.Sent()[1].Params.Get("reply_markup"); !strings.Contains(kb, `"callback_data":"hdy"`) {
		t.Errorf("consent keyboard = %s", kb)
	}
	tg.AddUpdates(tgButton(3, "hdy"))
	if got := sent(3)[2]; !strings.Contains(got, "Bescheid") {
		t.Errorf("after consent = %q", got)
	}
	waitFor(t, "the card", func() bool { return len(deskPosts(f)) == 1 })

	tg.AddUpdates(tgMessage(4, "Hallo, ich hätte gern einen Rückruf"))
	waitFor(t, "the person's words in the thread", func() bool { return len(deskPosts(f)) == 2 })
	p := deskPosts(f)[1]
	if p.Get("thread_ts") == "" || !strings.Contains(p.Get("text"), "Rückruf") {
		t.Fatalf("thread post = %v", p)
	}
	thread := p.Get("thread_ts") // the card's ts
	tg.AddUpdates(tgButton(5, "odentry-overview"))
	waitFor(t, "the refused follow-up button", func() bool {
		for _, c := range tg.CallsTo("answerCallbackQuery") {
			if strings.Contains(c.Params.Get("text"), "Solange das Recruiting-Team übernimmt") {
				return true
			}
		}
		return false
	})
	recruiterSays(t, s.base, "Ev0HANDOFFTG1", thread, "note: Rückruf morgen")
	recruiterSays(t, s.base, "Ev0HANDOFFTG2", thread, "Gern! Ich melde mich morgen.")
	got := sent(5)
	if !strings.Contains(got[3], "ist jetzt da") || got[4] != "<b>Recruiting-Team:</b> Gern! Ich melde mich morgen." {
		t.Errorf("Telegram got %q; want the take notice and the reply, no note", got[3:])
	}
	clickCard(t, s.base, thread, "handoff_close")
	if got := sent(6)[5]; !strings.Contains(got, "beendet") {
		t.Errorf("close notice = %q", got)
	}
	for _, text := range sentTexts(tg) {
		if strings.Contains(text, "Rückruf morgen") {
			t.Errorf("the note reached the person: %q", text)
		}
	}
	st := openDB(t, db)
	if n := count(t, st, "SELECT count(*) FROM handoffs WHERE platform = 'telegram' AND address IS NULL AND state = 'closed'"); n != 1 {
		t.Errorf("%d closed Telegram hand-offs without an address, want 1", n)
	}
	if n := rowsHolding(t, st, "handoffs", "address", fmt.Sprint(tgUser)); n != 0 {
		t.Errorf("the chat id is kept after the close")
	}
}

// TestHandoffSlackDMToSlack: a person in a DM with the bot talks with a
// recruiter in the card's thread in the desk channel.
func TestHandoffSlackDMToSlack(t *testing.T) {
	const dm, person = "D0PERSON01", "U0PERSON01"
	s, f, _ := handoffServe(t, nil)
	dmSays := func(eventID, text string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{
			"token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
			"type": "event_callback", "event_id": eventID, "event_time": 1515449522,
			"event": map[string]any{"type": "message", "channel": dm, "channel_type": "im", "user": person,
				"text": text, "ts": "1515449600.000100"},
		})
		if code := slackEvent(t, s.base, body); code != http.StatusOK {
			t.Fatalf("DM: %d", code)
		}
	}
	dmPosts := func(n int) []url.Values {
		t.Helper()
		waitFor(t, fmt.Sprintf("%d DM posts", n), func() bool { return len(postsTo(f, dm)) >= n })
		return postsTo(f, dm)
	}
	dmSays("Ev0DM0001", "I'd like to talk to a person")
	consent := dmPosts(1)[0]
	if !strings.Contains(consent.Get("blocks"), actionIDHandoffYes) || !strings.Contains(consent.Get("text"), "Is that all right?") {
		t.Fatalf("consent question = %v", consent)
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T061EG9R6"}, "user": map[string]any{"id": person},
		"api_app_id": "A0MDYCDME", "trigger_id": "13345224609.738474920.dm",
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": dm},
		"channel":   map[string]any{"id": dm}, "message": map[string]any{"ts": "1700000000.000100", "type": "message"},
		"actions": []map[string]any{{"action_id": actionIDHandoffYes, "block_id": "handoff_consent", "value": "handoff:yes", "type": "button"}},
	})
	if code := slackPost(t, s.base+"/slack/interactions", "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(payload)}}.Encode())); code != http.StatusOK {
		t.Fatalf("consent click: %d", code)
	}
	waitFor(t, "the card", func() bool { return len(deskPosts(f)) == 1 })
	dmPosts(2)
	dmSays("Ev0DM0002", "Do you sponsor visas?")
	waitFor(t, "the person's words in the thread", func() bool { return len(deskPosts(f)) == 2 })
	thread := deskPosts(f)[1].Get("thread_ts") // the card's ts
	recruiterSays(t, s.base, "Ev0DMDESK1", thread, "Yes, we do. <@U0OTHER99> knows the details.")
	if got := dmPosts(4)[3].Get("text"); got != "*Recruiting team:* Yes, we do.  knows the details." {
		t.Errorf("recruiter reply in the DM = %q", got)
	}
	clickCard(t, s.base, thread, "handoff_close")
	if got := dmPosts(5)[4].Get("text"); !strings.Contains(got, "has ended") {
		t.Errorf("close notice = %q", got)
	}
	for _, p := range dmPosts(5) {
		if strings.Contains(p.Get("text"), "sponsor") {
			t.Errorf("the bot answered during the hand-off: %q", p.Get("text"))
		}
	}
}

// actionIDHandoffYes is the consent button's action id in Slack DMs.
const actionIDHandoffYes = "handoff_yes"
