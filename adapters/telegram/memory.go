package telegram

import (
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

// maxChatLangs bounds the chats whose /sprache choice is remembered.
const maxChatLangs = 10000

// chatLangs is the language each chat chose with /sprache. It is kept in
// memory only, bounded; a forgotten choice falls back to detection.
type chatLangs struct {
	m *delivery.BoundedMap[bot.Lang]
}

func newChatLangs() *chatLangs {
	return &chatLangs{m: delivery.NewBoundedMap[bot.Lang](maxChatLangs, 0, nil)}
}

func chatKeyString(chat int64) string { return strconv.FormatInt(chat, 10) }

func (c *chatLangs) get(chat int64) bot.Lang {
	l, _ := c.m.Get(chatKeyString(chat))
	return l
}

func (c *chatLangs) set(chat int64, l bot.Lang) { c.m.Put(chatKeyString(chat), l) }

func (c *chatLangs) forget(chat int64) { c.m.Delete(chatKeyString(chat)) }

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
	jobID   string // set instead of entryID for a job posting
	lang    bot.Lang
}

// previews holds the pending channel previews by token, bounded and
// expiring.
type previews struct{ m *delivery.BoundedMap[preview] }

func newPreviews(now func() time.Time) *previews {
	return &previews{m: delivery.NewBoundedMap[preview](maxPreviews, previewTTL, now)}
}

// put stores p and returns its token, short enough for callback_data.
func (ps *previews) put(p preview) string {
	b := make([]byte, 9)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	ps.m.Put(token, p)
	return token
}

// restore puts a preview back under its token, after a failed post.
func (ps *previews) restore(token string, p preview) { ps.m.Put(token, p) }

// take removes and returns the preview for token when admin created it.
// found is false for unknown or expired tokens; mine is false when
// someone else created it (it is then left in place).
func (ps *previews) take(token string, admin int64) (p preview, found, mine bool) {
	p, found = ps.m.Get(token)
	if !found {
		return preview{}, false, false
	}
	if p.admin != admin {
		return preview{}, true, false
	}
	ps.m.Delete(token)
	return p, true, true
}
