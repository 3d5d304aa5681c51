package knowledge

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// tokenPrefix marks careerbot API tokens, so that secret scanners and
// people can tell what a leaked string is.
const tokenPrefix = "cbt_"

// maxTokenLen bounds what is hashed per request; real tokens are 47 bytes.
const maxTokenLen = 128

// tokenName is what a token's name may look like: it is printed in lists
// and logs.
var tokenName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ErrTokenExists is returned by AddToken for a name already in use.
var ErrTokenExists = errors.New("a token with this name exists")

// Token is what is known about an API token: never the token itself.
type Token struct {
	Name    string
	Created time.Time
}

// AddToken makes a new API token called name and returns it. Only its
// SHA-256 is stored: the token is 32 random bytes, so a plain hash cannot
// be reversed by guessing, and a stolen database yields no usable token.
// The caller shows the token once; it cannot be read back.
func (s *Store) AddToken(ctx context.Context, name string) (string, error) {
	if !tokenName.MatchString(name) {
		return "", fmt.Errorf("add token: name %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("add token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	res, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (name, hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, sum[:], s.Now().Unix())
	if err != nil {
		return "", fmt.Errorf("add token: %w", classify(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return "", fmt.Errorf("add token %q: %w", name, ErrTokenExists)
	}
	return token, nil
}

// Tokens lists the API tokens by name.
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := scanEach(ctx, s.db, "SELECT name, created_at FROM api_tokens ORDER BY name", func(r *sql.Rows) error {
		var t Token
		var at int64
		if err := r.Scan(&t.Name, &at); err != nil {
			return err
		}
		t.Created = time.Unix(at, 0)
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken deletes the token called name; requests with it fail from
// then on, also in a running server. An unknown name is bot.ErrNotFound.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM api_tokens WHERE name = ?", name)
	if err != nil {
		return fmt.Errorf("revoke token: %w", classify(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("revoke token %q: %w", name, bot.ErrNotFound)
	}
	return nil
}

// TokenOwner returns the name of the token presented, or bot.ErrNotFound
// when it is not a current token. The lookup is by hash, so the time it
// takes tells nothing about how much of a guess was right.
func (s *Store) TokenOwner(ctx context.Context, token string) (string, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > maxTokenLen {
		return "", bot.ErrNotFound
	}
	sum := sha256.Sum256([]byte(token))
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM api_tokens WHERE hash = ?", sum[:]).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", bot.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("check token: %w", classify(err))
	}
	return name, nil
}
