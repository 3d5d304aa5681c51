package handoff_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/insights"
)

// fakeDesk records cards and thread posts.
type fakeDesk struct {
	mu      sync.Mutex
	cards   map[string][]handoff.Card // thread -> every version of its card
	posts   map[string][]string
	next    int
	opened  string // the newest card's thread
	failing bool
}

func (d *fakeDesk) Open(_ context.Context, c handoff.Card) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.failing {
		return "", sql.ErrConnDone
	}
	d.next++
	thread := "17000000" + string(rune('0'+d.next)) + ".000100"
	d.cards[thread] = append(d.cards[thread], c)
	d.opened = thread
	return thread, nil
}

func (d *fakeDesk) Update(_ context.Context, thread string, c handoff.Card) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cards[thread] = append(d.cards[thread], c)
	return nil
}

func (d *fakeDesk) Post(_ context.Context, thread, text string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.posts[thread] = append(d.posts[thread], text)
	return nil
}

func (d *fakeDesk) last(thread string) handoff.Card {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.cards[thread]
	return c[len(c)-1]
}

// fakeOutlet records what reached each address.
type fakeOutlet struct {
	mu  sync.Mutex
	got map[string][]handoff.Message
}

func (o *fakeOutlet) Deliver(_ context.Context, address string, m handoff.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.got[address] = append(o.got[address], m)
	return nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type rig struct {
	store  *knowledge.Store
	desk   *fakeDesk
	outlet *fakeOutlet
	clock  *clock
	m      *handoff.Manager
}

func newRig(t *testing.T, hours string) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := handoff.ParseHours(hours)
	if err != nil {
		t.Fatal(err)
	}
	// Monday 30 November 2026, 10:00 in Berlin.
	c := &clock{t: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	st.Now = c.Now
	r := &rig{store: st, desk: &fakeDesk{cards: map[string][]handoff.Card{}, posts: map[string][]string{}},
		outlet: &fakeOutlet{got: map[string][]handoff.Message{}}, clock: c}
	r.m, err = handoff.New(handoff.Config{Store: st, Desk: r.desk, Hours: h, Wait: 10 * time.Minute,
		Contact: bot.Contact{Address: "jobs@example.com"}, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.m.Register("web", r.outlet)
	return r
}

var alice = handoff.Person{Platform: "web", User: strings.Repeat("a", 64), Address: "session-alice", Lang: bot.German}

func (r *rig) text(t *testing.T, p handoff.Person, s string) ([]handoff.Message, bool) {
	t.Helper()
	msgs, handled, err := r.m.HandleText(context.Background(), p, s)
	if err != nil {
		t.Fatalf("HandleText(%q): %v", s, err)
	}
	return msgs, handled
}

// open takes alice to a waiting card and returns its thread.
func (r *rig) open(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	if err := r.store.LogQuestion(ctx, bot.Question{At: r.clock.Now(), Platform: "web", User: alice.User, Text: "Brauche ich ein Studium?",
		Lang: bot.German, Kind: bot.KindAnswer, EntryID: "entry-degree", Answered: true}); err != nil {
		t.Fatal(err)
	}
	msgs, handled := r.text(t, alice, "Ich möchte mit einer Person sprechen")
	if !handled || len(msgs) != 1 || len(msgs[0].Actions) != 2 || !strings.Contains(msgs[0].Text, "Einverstanden") {
		t.Fatalf("request: handled %v, %+v; want the consent question with two buttons", handled, msgs)
	}
	msgs, err := r.m.HandleAction(ctx, alice, msgs[0].Actions[0].ID)
	if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Text, "10 Minuten") {
		t.Fatalf("consent: %v %+v", err, msgs)
	}
	thread := r.desk.opened
	c := r.desk.cards[thread][0]
	if c.State != bot.HandoffWaiting || len(c.Questions) == 0 || c.Questions[0].Text != "Brauche ich ein Studium?" {
		t.Errorf("card %+v: want waiting with the conversation so far", c)
	}
	return thread
}

func (r *rig) delivered(address string) []string {
	r.outlet.mu.Lock()
	defer r.outlet.mu.Unlock()
	var out []string
	for _, m := range r.outlet.got[address] {
		out = append(out, m.From+": "+m.Text)
	}
	return out
}

func (r *rig) address(t *testing.T) sql.NullString {
	t.Helper()
	var a sql.NullString
	if err := r.store.DB().QueryRow("SELECT address FROM handoffs ORDER BY id DESC LIMIT 1").Scan(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestHandoffConversation(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, "Mon-Fri 09:00-17:00 Europe/Berlin")
	thread := r.open(t)
	if a := r.address(t); a.String != alice.Address {
		t.Errorf("address while open = %v, want the session", a)
	}

	// The person writes before anyone took it: it reaches the thread, the
	// bot does not answer.
	if msgs, handled := r.text(t, alice, "Hallo, ist jemand da?"); !handled || len(msgs) != 0 {
		t.Errorf("message while waiting: handled %v, replies %+v; want passed on silently", handled, msgs)
	}
	if _, active, _ := r.store.OpenHandoff(ctx, alice.Platform, alice.User); !active {
		t.Error("not active while waiting")
	}
	if msg, held, err := r.m.Hold(ctx, alice); err != nil || !held || !strings.Contains(msg.Text, "Solange") {
		t.Errorf("Hold while waiting = %+v, %v, %v; want held with the reason", msg, held, err)
	}
	// A note stays internal; the first real reply takes the card.
	if err := r.m.FromRecruiter(ctx, thread, "<@U1>", "note: kenne ich, Bewerbung von letzter Woche"); err != nil {
		t.Fatal(err)
	}
	if got := r.delivered(alice.Address); len(got) != 0 {
		t.Errorf("a note reached the person: %q", got)
	}
	if err := r.m.Take(ctx, thread, "<@U1>"); err != nil {
		t.Fatal(err)
	}
	if c := r.desk.last(thread); c.State != bot.HandoffTaken || c.Recruiter != "<@U1>" || len(c.Questions) != 1 {
		t.Errorf("card after take = %+v", c)
	}
	if err := r.m.FromRecruiter(ctx, thread, "<@U1>", "Hallo, hier ist Jana aus dem Recruiting."); err != nil {
		t.Fatal(err)
	}
	r.text(t, alice, "Super, danke!")
	if err := r.m.Close(ctx, thread, "<@U1>"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bot: Eine Person aus dem Recruiting-Team ist jetzt da und antwortet dir hier.",
		"recruiter: Hallo, hier ist Jana aus dem Recruiting.",
		"bot: Das Gespräch mit dem Recruiting-Team ist beendet.",
	}
	got := r.delivered(alice.Address)
	if len(got) != len(want) {
		t.Fatalf("delivered %q, want %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("delivered[%d] = %q, want %q", i, got[i], want[i])
		}
	}
	if posts := r.desk.posts[thread]; strings.Join(posts, "|") != "Hallo, ist jemand da?|Super, danke!" {
		t.Errorf("thread posts = %q", posts)
	}
	if c := r.desk.last(thread); c.State != bot.HandoffClosed {
		t.Errorf("card after close = %+v", c)
	}
	if a := r.address(t); a.Valid {
		t.Errorf("address after close = %q, want NULL", a.String)
	}
	if _, held, _ := r.m.Hold(ctx, alice); held {
		t.Error("Hold after the close")
	}
	if msgs, handled := r.text(t, alice, "Was macht ein Backend-Entwickler?"); handled || msgs != nil {
		t.Errorf("after close the hand-off still takes messages: %v %+v", handled, msgs)
	}
	lines, err := r.store.HandoffLines(ctx, 1)
	if err != nil || len(lines) != 3 {
		t.Errorf("transcript = %+v, %v; want the 3 messages (no note)", lines, err)
	}
}

func TestHandoffDeclineAndMoveOn(t *testing.T) {
	for _, tc := range []struct {
		answer      string
		wantHandled bool
	}{
		{"nein", true},
		{"Was verdient man?", false},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			r := newRig(t, "")
			r.text(t, alice, "talk to a human")
			if _, handled := r.text(t, alice, tc.answer); handled != tc.wantHandled {
				t.Errorf("answer %q handled = %v, want %v", tc.answer, handled, tc.wantHandled)
			}
			if len(r.desk.cards) != 0 {
				t.Error("a card was posted without consent")
			}
			if _, active, _ := r.store.OpenHandoff(context.Background(), alice.Platform, alice.User); active {
				t.Error("still active after declining")
			}
		})
	}
}

func TestHandoffOutsideHours(t *testing.T) {
	r := newRig(t, "Mon-Fri 09:00-17:00 Europe/Berlin")
	r.clock.Advance(12 * time.Hour) // 22:00 in Berlin
	msgs, handled := r.text(t, alice, "mit einer Person sprechen")
	if !handled || len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Mo–Fr 09:00–17:00") || !strings.Contains(msgs[0].Text, "jobs@example.com") {
		t.Fatalf("outside hours: %+v; want the hours and the contact", msgs)
	}
	if len(r.desk.cards) != 0 {
		t.Error("a card was posted outside business hours")
	}
}

func TestHandoffTimeout(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, "")
	thread := r.open(t)
	r.clock.Advance(9 * time.Minute)
	if err := r.m.Expire(ctx); err != nil {
		t.Fatal(err)
	}
	if c := r.desk.last(thread); c.State != bot.HandoffWaiting {
		t.Fatalf("timed out after 9 of 10 minutes: %+v", c)
	}
	r.clock.Advance(2 * time.Minute)
	if err := r.m.Expire(ctx); err != nil {
		t.Fatal(err)
	}
	if c := r.desk.last(thread); c.State != bot.HandoffTimedOut {
		t.Errorf("card after the wait = %+v, want timed out", c)
	}
	got := r.delivered(alice.Address)
	if len(got) != 1 || !strings.Contains(got[0], "niemand") || !strings.Contains(got[0], "jobs@example.com") {
		t.Errorf("delivered %q, want the honest timeout with the contact", got)
	}
	if err := r.m.Take(ctx, thread, "<@U1>"); err != nil {
		t.Fatal(err)
	}
	if c := r.desk.last(thread); c.State != bot.HandoffTimedOut {
		t.Errorf("a timed-out card could be taken: %+v", c)
	}
	if a := r.address(t); a.Valid {
		t.Error("the address is kept after the timeout")
	}
}

func TestHandoffDeskDown(t *testing.T) {
	r := newRig(t, "")
	r.desk.failing = true
	r.text(t, alice, "talk to a person")
	msgs, _ := r.text(t, alice, "yes")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "jobs@example.com") {
		t.Errorf("desk down: %+v; want the contact", msgs)
	}
	if _, active, _ := r.store.OpenHandoff(context.Background(), alice.Platform, alice.User); active {
		t.Error("active although no card was posted")
	}
}

func TestHandoffForgetAndPurge(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, "")
	thread := r.open(t)
	r.text(t, alice, "Meine Telefonnummer ist 0170 1234567")
	if err := r.m.Close(ctx, thread, ""); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(48 * time.Hour)
	if _, err := r.store.Purge(ctx, r.clock.Now().Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int
	r.store.DB().QueryRow("SELECT count(*) FROM handoff_messages").Scan(&n)
	if n != 0 {
		t.Errorf("%d transcript lines after the retention", n)
	}
	r.clock.Advance(time.Hour)
	r.open(t)
	f, err := r.store.Forget(ctx, alice.User)
	if err != nil || f.Handoffs != 1 {
		t.Fatalf("forget: %+v %v; want the open hand-off deleted", f, err)
	}
	r.store.DB().QueryRow("SELECT count(*) FROM handoffs WHERE user = ?", alice.User).Scan(&n)
	if n != 0 {
		t.Errorf("%d hand-offs left after forget", n)
	}
}

// TestHandoffReport checks the figures the report shows: hand-offs, the
// time to take them and how many timed out.
func TestHandoffReport(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, "")
	start := r.clock.Now()
	thread := r.open(t)
	r.clock.Advance(3 * time.Minute)
	if err := r.m.Take(ctx, thread, "<@U1>"); err != nil {
		t.Fatal(err)
	}
	bob := handoff.Person{Platform: "web", User: strings.Repeat("b", 64), Address: "session-bob", Lang: bot.English}
	r.text(t, bob, "talk to a human")
	r.text(t, bob, "yes")
	r.clock.Advance(11 * time.Minute)
	if err := r.m.Expire(ctx); err != nil {
		t.Fatal(err)
	}
	carol := handoff.Person{Platform: "web", User: strings.Repeat("c", 64), Address: "session-carol", Lang: bot.English}
	r.text(t, carol, "talk to a human")
	r.text(t, carol, "no")

	rep, err := insights.Build(ctx, r.store, insights.Options{Since: start, Until: r.clock.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	want := knowledge.HandoffStats{Requested: 3, PassedOn: 2, Taken: 1, TimedOut: 1, Declined: 1, MedianTakeSeconds: 180}
	if rep.Handoffs != want {
		t.Errorf("report hand-offs = %+v, want %+v", rep.Handoffs, want)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "3 requested: 2 passed on, 1 taken (median 3 min to take), 1 timed out") {
		t.Errorf("text report lacks the hand-offs:\n%s", b.String())
	}
	b.Reset()
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "median 3 min to take") {
		t.Error("HTML report lacks the hand-offs")
	}
}

// TestHandoffFlood checks that a person cannot flood the recruiters'
// thread.
func TestHandoffFlood(t *testing.T) {
	r := newRig(t, "")
	thread := r.open(t)
	slowed := 0
	for range 30 {
		if msgs, _ := r.text(t, alice, "Hallo?"); len(msgs) == 1 && strings.Contains(msgs[0].Text, "viele Nachrichten") {
			slowed++
		}
	}
	if n := len(r.desk.posts[thread]); n != 10 || slowed != 20 {
		t.Errorf("%d of 30 messages at once reached the thread and %d were refused, want 10 and 20", n, slowed)
	}
	r.clock.Advance(time.Minute)
	r.text(t, alice, "Hallo?")
	if n := len(r.desk.posts[thread]); n != 11 {
		t.Errorf("after a minute the thread has %d messages, want 11", n)
	}
}

// TestHandoffFormalAddress checks that a person who writes "Sie" is
// addressed with "Sie" throughout the hand-off.
func TestHandoffFormalAddress(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, "")
	msgs, _ := r.text(t, alice, "Guten Tag, könnten Sie mich mit einer Person verbinden?")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Sind Sie einverstanden?") {
		t.Fatalf("consent question = %+v; want it formal", msgs)
	}
	if msgs, _ = r.text(t, alice, "ja"); len(msgs) != 1 || !strings.Contains(msgs[0].Text, "schreibt Ihnen hier") {
		t.Fatalf("after consent = %+v; want it formal", msgs)
	}
	if err := r.m.Take(ctx, r.desk.opened, "<@U1>"); err != nil {
		t.Fatal(err)
	}
	if got := r.delivered(alice.Address); len(got) != 1 || !strings.Contains(got[0], "antwortet Ihnen hier") {
		t.Errorf("take notice = %q; want it formal", got)
	}
}
