package bot

import (
	"container/list"
	"sync"
	"time"
)

// Conversation memory bounds. State lives in memory only: a restart
// forgets every conversation, which is the point of keeping nothing at
// rest.
const (
	// conversationMemory bounds how many conversations are kept; the one
	// idle longest is forgotten first.
	conversationMemory = 10000
	// ConversationIdle is how long a conversation is remembered after its
	// last message.
	ConversationIdle = 30 * time.Minute
	// maxAnswered bounds the entries a conversation remembers answering.
	maxAnswered = 8
)

// convState is what the engine remembers about one conversation between
// its messages. It holds entry ids and knowledge-base questions, never
// the person's own words.
type convState struct {
	lang Lang
	// form is the German form of address the person used, or "" while
	// their writing has not told.
	form Form
	// answered lists the entries answered so far, last first.
	answered []string
	// menu is the last reply's suggestions: a typed number picks one.
	menu []Suggestion
	// confirm is the entry a yes/no question offered, or "".
	confirm string
	// asked is a hash of the last message, to tell a message sent twice
	// (pointed back at its answer each time) from follow-ups that lead to
	// the same entry (led on to related entries).
	asked uint64
	// repeated is the entry the last reply pointed back at instead of
	// answering it again, or "".
	repeated string
	seen     time.Time
}

// last returns the entry answered last, or "".
func (s *convState) last() string {
	if len(s.answered) == 0 {
		return ""
	}
	return s.answered[0]
}

// shown reports whether the conversation has answered entry id.
func (s *convState) shown(id string) bool {
	for _, a := range s.answered {
		if a == id {
			return true
		}
	}
	return false
}

// record notes a reply: the entry it answered, the menu it showed and the
// yes/no question it asked.
func (s *convState) record(r Reply, confirm string) {
	s.menu, s.confirm = r.Suggestions, confirm
	if r.Kind != KindAnswer || r.EntryID == "" {
		return
	}
	answered := make([]string, 0, maxAnswered)
	answered = append(answered, r.EntryID)
	for _, id := range s.answered {
		if id != r.EntryID && len(answered) < maxAnswered {
			answered = append(answered, id)
		}
	}
	s.answered = answered
}

// conversations is a bounded, expiring map of conversation states. It
// forgets the least recently used conversation when full and any
// conversation idle for longer than idle.
type conversations struct {
	mu    sync.Mutex
	byKey map[string]*list.Element // of *convEntry
	order *list.List               // most recently used first
	max   int
	idle  time.Duration
	now   func() time.Time
}

type convEntry struct {
	key   string
	state convState
}

func newConversations(max int, idle time.Duration, now func() time.Time) *conversations {
	return &conversations{byKey: map[string]*list.Element{}, order: list.New(), max: max, idle: idle, now: now}
}

// load returns a copy of the conversation's state, or the zero state for
// an unknown, expired or empty key.
func (c *conversations) load(key string) convState {
	if key == "" {
		return convState{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return convState{}
	}
	ce := el.Value.(*convEntry)
	if c.now().Sub(ce.state.seen) > c.idle {
		c.order.Remove(el)
		delete(c.byKey, key)
		return convState{}
	}
	return ce.state
}

// store saves the conversation's state and marks it used now.
func (c *conversations) store(key string, s convState) {
	if key == "" {
		return
	}
	now := c.now()
	s.seen = now
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		el.Value.(*convEntry).state = s
		c.order.MoveToFront(el)
		return
	}
	// Forget the expired ones at the back first, then the oldest if full.
	for back := c.order.Back(); back != nil; back = c.order.Back() {
		ce := back.Value.(*convEntry)
		if now.Sub(ce.state.seen) <= c.idle && c.order.Len() < c.max {
			break
		}
		c.order.Remove(back)
		delete(c.byKey, ce.key)
	}
	c.byKey[key] = c.order.PushFront(&convEntry{key: key, state: s})
}

// len is the number of conversations held, for tests.
func (c *conversations) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// hashText is a 64-bit FNV-1a hash of a message.
func hashText(s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime
	}
	return h
}

// conversationKey is the request's conversation, or the user's direct
// conversation on a platform when the adapter names none; that one keeps
// only the language and the form of address.
func conversationKey(req Request) string {
	if req.Conversation == "" && req.Platform != "" && req.User != "" {
		return req.Platform + ":" + req.User
	}
	return req.Conversation
}
