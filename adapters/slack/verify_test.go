package slack

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// Slack's worked example from "Verifying requests from Slack"
// (docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestSignatureVerifierSlackExample(t *testing.T) {
	at := time.Unix(1531420618, 0)
	v := SignatureVerifier{Secret: []byte(docSecret), Now: func() time.Time { return at.Add(30 * time.Second) }}
	if got := v.Sign(docTimestamp, []byte(docBody)); got != docSignature {
		t.Fatalf("Sign = %s, want Slack's %s", got, docSignature)
	}
	changed := []byte(docBody)
	changed[len(changed)-1] ^= 1

	tests := []struct {
		name    string
		ts, sig string
		body    []byte
		now     time.Time
		ok      bool
	}{
		{"slack's example", docTimestamp, docSignature, []byte(docBody), at.Add(30 * time.Second), true},
		{"clock slightly behind", docTimestamp, docSignature, []byte(docBody), at.Add(-4 * time.Minute), true},
		{"one byte changed", docTimestamp, docSignature, changed, at, false},
		{"stale timestamp", docTimestamp, docSignature, []byte(docBody), at.Add(5*time.Minute + time.Second), false},
		{"timestamp from the future", docTimestamp, docSignature, []byte(docBody), at.Add(-6 * time.Minute), false},
		{"missing signature", docTimestamp, "", []byte(docBody), at, false},
		{"missing timestamp", "", docSignature, []byte(docBody), at, false},
		{"malformed timestamp", "15314206xx", docSignature, []byte(docBody), at, false},
		{"other version", docTimestamp, "v1=" + docSignature[3:], []byte(docBody), at, false},
		{"not hex", docTimestamp, "v0=zz", []byte(docBody), at, false},
		{"truncated signature", docTimestamp, docSignature[:20], []byte(docBody), at, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := SignatureVerifier{Secret: []byte(docSecret), Now: func() time.Time { return tt.now }}
			h := http.Header{}
			if tt.ts != "" {
				h.Set(HeaderTimestamp, tt.ts)
			}
			if tt.sig != "" {
				h.Set(HeaderSignature, tt.sig)
			}
			err := v.Verify(h, tt.body)
			if tt.ok && err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrBadSignature) {
				t.Fatalf("Verify = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestSignatureVerifierWithoutSecret(t *testing.T) {
	v := SignatureVerifier{Now: func() time.Time { return time.Unix(1531420618, 0) }}
	h := http.Header{}
	h.Set(HeaderTimestamp, docTimestamp)
	h.Set(HeaderSignature, SignatureVerifier{}.Sign(docTimestamp, []byte(docBody)))
	if err := v.Verify(h, []byte(docBody)); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("an empty secret must verify nothing, got %v", err)
	}
}
