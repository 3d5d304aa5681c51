package telegram

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// maxChatLangs bounds the chats whose /sprache choice is remembered.
const maxChatLangs = 10000

// chatLangs is the language each chat chose with /sprache. It is kept in
// memory only, bounded; a forgotten choice falls back to detection.
type chatLangs struct {
	mu sync.Mutex
	m  map[int64]bot.Lang
}

func newChatLangs() *chatLangs { return &chatLangs{m: make(map[int64]bot.Lang)} }

func (c *chatLangs) get(chat int64) bot.Lang {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[chat]
}

func (c *chatLangs) set(chat int64, l bot.Lang) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[chat]; !ok && len(c.m) >= maxChatLangs {
		for k := range c.m { // forget an arbitrary chat's choice
			delete(c.m, k)
			break
		}
	}
	c.m[chat] = l
}

func (c *chatLangs) forget(chat int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, chat)
}

// Pending channel previews: few, short-lived, in memory only.
const (
	maxPreviews = 100
	previewTTL  = 15 * time.Minute
)

// preview is a channel post an admin has seen but not yet confirmed.
type preview struct {
	admin   int64 // compared, never stored
	channel string
	entryID string
	lang    bot.Lang
	expires time.Time
}

// previews holds the pending channel previews by token, bounded and
// expiring.
type previews struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]preview
}

func newPreviews(now func() time.Time) *previews {
	return &previews{now: now, m: make(map[string]preview)}
}

// put stores p and returns its token, short enough for callback_data.
func (ps *previews) put(p preview) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	now := ps.now()
	p.expires = now.Add(previewTTL)
	ps.sweep(now)
	if len(ps.m) >= maxPreviews {
		var oldest string
		for k, v := range ps.m {
			if oldest == "" || v.expires.Before(ps.m[oldest].expires) {
				oldest = k
			}
		}
		delete(ps.m, oldest)
	}
	b := make([]byte, 9)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	ps.m[token] = p
	return token
}

// restore puts a preview back under its token, after a failed post.
func (ps *previews) restore(token string, p preview) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.m[token] = p
}

// take removes and returns the preview for token when admin created it.
// found is false for unknown or expired tokens; mine is false when
// someone else created it (it is then left in place).
func (ps *previews) take(token string, admin int64) (p preview, found, mine bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.sweep(ps.now())
	p, found = ps.m[token]
	if !found {
		return preview{}, false, false
	}
	if p.admin != admin {
		return preview{}, true, false
	}
	delete(ps.m, token)
	return p, true, true
}

func (ps *previews) sweep(now time.Time) {
	for k, v := range ps.m {
		if now.After(v.expires) {
			delete(ps.m, k)
		}
	}
}
