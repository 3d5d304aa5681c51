package knowledge

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	crm, err := s.AddToken(ctx, "crm")
	if err != nil {
		t.Fatal(err)
	}
	intranet, err := s.AddToken(ctx, "intranet.prod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(crm, "cbt_") || len(crm) < 40 || crm == intranet {
		t.Errorf("tokens %q and %q: want two distinct cbt_ tokens of 32 random bytes", crm, intranet)
	}
	if _, err := s.AddToken(ctx, "crm"); !errors.Is(err, ErrTokenExists) {
		t.Errorf("adding crm again = %v, want ErrTokenExists", err)
	}
	for _, bad := range []string{"", "two words", "-dash", strings.Repeat("a", 65), "emoji🙂", "line\nbreak"} {
		if _, err := s.AddToken(ctx, bad); err == nil {
			t.Errorf("AddToken(%q) succeeded", bad)
		}
	}
	tokens, err := s.Tokens(ctx)
	if err != nil || len(tokens) != 2 || tokens[0].Name != "crm" || tokens[1].Name != "intranet.prod" {
		t.Fatalf("Tokens = %+v, %v", tokens, err)
	}
	// Only the hash is stored.
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM api_tokens WHERE hash = ? OR CAST(hash AS TEXT) LIKE ?",
		crm, "%"+crm[4:]+"%").Scan(&n); err != nil || n != 0 {
		t.Errorf("the token is stored in the clear (%d rows, %v)", n, err)
	}

	owners := []struct {
		name, token, want string
	}{
		{"crm", crm, "crm"},
		{"intranet", intranet, "intranet.prod"},
		{"empty", "", ""},
		{"no prefix", crm[4:], ""},
		{"one character off", crm[:len(crm)-1] + "x", ""},
		{"huge", "cbt_" + strings.Repeat("a", 100000), ""},
	}
	for _, tt := range owners {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.TokenOwner(ctx, tt.token)
			if tt.want == "" {
				if !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("TokenOwner = %q, %v; want ErrNotFound", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("TokenOwner = %q, %v; want %q", got, err, tt.want)
			}
		})
	}

	if err := s.RevokeToken(ctx, "crm"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenOwner(ctx, crm); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a revoked token still works: %v", err)
	}
	if err := s.RevokeToken(ctx, "crm"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("revoking twice = %v, want ErrNotFound", err)
	}
	if got, err := s.TokenOwner(ctx, intranet); err != nil || got != "intranet.prod" {
		t.Errorf("the other token = %q, %v", got, err)
	}
}

// BenchmarkTokenOwner measures the token check every POST /v1/ask makes.
func BenchmarkTokenOwner(b *testing.B) {
	ctx := context.Background()
	s, _ := openStore(b)
	token, err := s.AddToken(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.TokenOwner(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}
