package web

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// tokenScope keys the token signatures apart from the user pseudonyms,
// which use the same Pseudonymizer over "web:<id>".
const tokenScope = "web-session"

// errBadToken is any token that is missing, malformed, forged or expired.
var errBadToken = errors.New("invalid or expired session token")

// sessions issues and checks session tokens. A token is
// "<id>.<expiry unix>.<signature>"; the signature is an HMAC keyed with
// CAREERBOT_SECRET, so tokens need no server memory and survive restarts.
type sessions struct {
	keys *bot.Pseudonymizer
	ttl  time.Duration
	now  func() time.Time
}

// issue returns a new session id and its token.
func (s sessions) issue() (id, token string) {
	b := make([]byte, 16)
	rand.Read(b)
	id = base64.RawURLEncoding.EncodeToString(b)
	body := id + "." + strconv.FormatInt(s.now().Add(s.ttl).Unix(), 10)
	return id, body + "." + s.keys.Pseudonym(tokenScope, body)
}

// check returns the session id of a valid token.
func (s sessions) check(token string) (string, error) {
	if len(token) > 200 {
		return "", errBadToken
	}
	body, sig, ok := cutLast(token, ".")
	if !ok {
		return "", errBadToken
	}
	id, exp, ok := strings.Cut(body, ".")
	if !ok || id == "" || !hmac.Equal([]byte(sig), []byte(s.keys.Pseudonym(tokenScope, body))) {
		return "", errBadToken
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !s.now().Before(time.Unix(unix, 0)) {
		return "", errBadToken
	}
	return id, nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
