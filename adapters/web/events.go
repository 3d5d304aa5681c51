package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
)

// Bounds of the in-memory event queues that carry recruiters' messages to
// the page.
const (
	maxQueuedEvents = 100
	maxQueues       = 10_000
	queueIdle       = 2 * time.Hour
	// longPoll is how long GET /web/v1/events waits for an event; it stays
	// below the server's write timeout.
	longPoll = 20 * time.Second
)

// event is one message for the page that arrived outside a request: a
// recruiter's reply, a notice that the hand-off was taken or ended.
type event struct {
	ID    int64 `json:"id"`
	Reply reply `json:"reply"`
}

// queue holds the events of one session.
type queue struct {
	events []event
	next   int64
	wake   chan struct{} // closed and replaced when an event arrives
	last   time.Time
}

// outbox is the web chat's handoff.Outlet: events per session, fetched by
// the page with a long poll. It lives in memory: after a restart the page
// keeps its conversation, and the hand-off's own messages go on.
type outbox struct {
	now func() time.Time

	mu     sync.Mutex
	queues map[string]*queue
}

var _ handoff.Outlet = (*outbox)(nil)

func newOutbox(now func() time.Time) *outbox {
	return &outbox{now: now, queues: make(map[string]*queue)}
}

// Deliver implements handoff.Outlet; address is the session id.
func (o *outbox) Deliver(_ context.Context, address string, m handoff.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.queue(address)
	if q == nil {
		return errTooManyQueues
	}
	q.next++
	q.events = append(q.events, event{ID: q.next, Reply: fromHandoff(m, m.Lang)})
	if len(q.events) > maxQueuedEvents {
		q.events = q.events[len(q.events)-maxQueuedEvents:]
	}
	close(q.wake)
	q.wake = make(chan struct{})
	return nil
}

var errTooManyQueues = errors.New("web chat: too many sessions waiting for events")

// queue returns the session's queue, creating it; nil when full.
func (o *outbox) queue(session string) *queue {
	q := o.queues[session]
	if q == nil {
		if len(o.queues) >= maxQueues {
			return nil
		}
		q = &queue{wake: make(chan struct{})}
		o.queues[session] = q
	}
	q.last = o.now()
	return q
}

// after returns the events after id, or a channel that is closed when
// the next one arrives.
func (o *outbox) after(session string, id int64) ([]event, <-chan struct{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.queue(session)
	if q == nil {
		return nil, nil
	}
	var out []event
	for _, e := range q.events {
		if e.ID > id {
			out = append(out, e)
		}
	}
	return out, q.wake
}

// sweep drops the queues of sessions nobody asked about for a while.
func (o *outbox) sweep() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, q := range o.queues {
		if o.now().Sub(q.last) > queueIdle {
			delete(o.queues, k)
		}
	}
}

type eventsResponse struct {
	Events []event `json:"events"`
}

// events is the long poll for messages from the recruiting team: it
// answers at once when there are events after ?after=, else when one
// arrives, else after longPoll with none.
func (a *Adapter) events(w http.ResponseWriter, r *http.Request, s session) {
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil && r.URL.Query().Get("after") != "" {
		writeError(w, http.StatusBadRequest, "\"after\" must be an event id")
		return
	}
	t := time.NewTimer(longPoll)
	defer t.Stop()
	for {
		evs, wake := a.outbox.after(s.id, after)
		if wake == nil {
			a.tooMany(w, "queues")
			return
		}
		if len(evs) > 0 {
			writeJSON(w, http.StatusOK, eventsResponse{Events: evs})
			return
		}
		select {
		case <-wake:
		case <-t.C:
			writeJSON(w, http.StatusOK, eventsResponse{Events: []event{}})
			return
		case <-r.Context().Done():
			return
		case <-a.stopping:
			writeJSON(w, http.StatusOK, eventsResponse{Events: []event{}})
			return
		}
	}
}

// fromHandoff turns a hand-off message into a reply for the page.
func fromHandoff(m handoff.Message, lang bot.Lang) reply {
	r := reply{Kind: "handoff", Lang: orLang(m.Lang, lang), Text: m.Text, Listen: m.Open}
	if m.From == "recruiter" {
		r.Kind = "recruiter"
	}
	for _, act := range m.Actions {
		r.Actions = append(r.Actions, action(act))
	}
	return r
}
