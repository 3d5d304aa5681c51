package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Pseudonymizer turns a platform user id into a stable pseudonym:
// HMAC-SHA256 over "platform:user-id" keyed with a secret kept outside the
// database. The same person gets the same pseudonym on every restart, and
// nobody holding only the database can tell who it is.
type Pseudonymizer struct {
	key []byte
}

// NewPseudonymizer returns a Pseudonymizer keyed with secret.
func NewPseudonymizer(secret []byte) *Pseudonymizer {
	return &Pseudonymizer{key: append([]byte(nil), secret...)}
}

// Pseudonym returns the hex pseudonym of user on platform; "" for no user.
func (p *Pseudonymizer) Pseudonym(platform, user string) string {
	if user == "" {
		return ""
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(platform))
	m.Write([]byte{':'})
	m.Write([]byte(user))
	return hex.EncodeToString(m.Sum(nil))
}
