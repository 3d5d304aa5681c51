package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers Slack signs its requests with.
const (
	HeaderSignature = "X-Slack-Signature"
	HeaderTimestamp = "X-Slack-Request-Timestamp"
)

// DefaultSignatureWindow is how far a request's timestamp may be from now.
// Slack recommends five minutes; anything older is treated as a replay.
const DefaultSignatureWindow = 5 * time.Minute

// ErrBadSignature is returned for a request that is not provably from
// Slack: a missing, malformed, stale or wrong signature.
var ErrBadSignature = errors.New("bad slack request signature")

// SignatureVerifier checks Slack's request signatures: HMAC-SHA256 keyed
// with the app's signing secret over "v0:" + timestamp + ":" + body.
type SignatureVerifier struct {
	// Secret is the app's signing secret.
	Secret []byte
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Window is the accepted clock difference; zero means
	// DefaultSignatureWindow.
	Window time.Duration
}

// Verify reports whether body with the headers h was signed by Slack. It
// must run before anything in body is parsed. Errors wrap ErrBadSignature.
func (v SignatureVerifier) Verify(h http.Header, body []byte) error {
	if len(v.Secret) == 0 {
		return fmt.Errorf("%w: no signing secret configured", ErrBadSignature)
	}
	ts := h.Get(HeaderTimestamp)
	sig := h.Get(HeaderSignature)
	if ts == "" || sig == "" {
		return fmt.Errorf("%w: missing %s or %s", ErrBadSignature, HeaderSignature, HeaderTimestamp)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: malformed timestamp", ErrBadSignature)
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	window := v.Window
	if window <= 0 {
		window = DefaultSignatureWindow
	}
	if d := now().Sub(time.Unix(sec, 0)); d > window || d < -window {
		return fmt.Errorf("%w: timestamp outside the %s window", ErrBadSignature, window)
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return fmt.Errorf("%w: unknown signature version", ErrBadSignature)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return fmt.Errorf("%w: malformed signature", ErrBadSignature)
	}
	if !hmac.Equal(got, v.mac(ts, body)) {
		return fmt.Errorf("%w: signature mismatch", ErrBadSignature)
	}
	return nil
}

// Sign returns the X-Slack-Signature value for body sent at timestamp ts,
// as Slack computes it. Tests and local tools use it to sign requests.
func (v SignatureVerifier) Sign(ts string, body []byte) string {
	return "v0=" + hex.EncodeToString(v.mac(ts, body))
}

func (v SignatureVerifier) mac(ts string, body []byte) []byte {
	m := hmac.New(sha256.New, v.Secret)
	m.Write([]byte("v0:"))
	m.Write([]byte(ts))
	m.Write([]byte{':'})
	m.Write(body)
	return m.Sum(nil)
}
