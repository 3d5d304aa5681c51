package delivery

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactor(t *testing.T) {
	r := NewRedactor("123456:ABC-secret_token", "signing-secret-xyz", "")
	tests := []struct{ in, leak string }{
		{`Post "https://api.telegram.org/bot123456:ABC-secret_token/sendMessage": dial tcp`, "ABC-secret_token"},
		{`Post "https://api.telegram.org/bot123456%3AABC-secret_token/getMe"`, "ABC-secret_token"},
		{"a token nobody told us: /bot999:Other_Token-1/getUpdates", "Other_Token-1"},
		{"Authorization: Bearer xoxb-1-2-abc and xapp-1-A-2-def", "xoxb-1-2-abc"},
		{"app xapp-1-A-2-def", "xapp-1-A-2-def"},
		{"secret signing-secret-xyz here", "signing-secret-xyz"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); strings.Contains(got, tt.leak) {
			t.Errorf("String(%q) = %q, still holds %q", tt.in, got, tt.leak)
		}
	}
	if got := r.String("no secret here"); got != "no secret here" {
		t.Errorf("harmless text changed: %q", got)
	}
}

func TestRedactingHandler(t *testing.T) {
	var b bytes.Buffer
	r := NewRedactor("s3cret-value")
	log := slog.New(r.Handler(slog.NewJSONHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log.With("k", "s3cret-value").WithGroup("g").Debug("msg s3cret-value",
		"err", errors.New("failed with s3cret-value"), "list", []string{"s3cret-value"},
		slog.Group("inner", "v", "xoxb-1-2-3"))
	if out := b.String(); strings.Contains(out, "s3cret-value") || strings.Contains(out, "xoxb-1-2-3") {
		t.Errorf("log holds a secret: %s", out)
	}
}
