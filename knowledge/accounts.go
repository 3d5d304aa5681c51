package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// ErrUserExists is returned when adding a console user whose name is taken.
var ErrUserExists = errors.New("a user with this name exists already")

// User is a web-console account. PasswordHash is an encoded password hash,
// never the password.
type User struct {
	Name         string
	Role         string
	PasswordHash string
	Created      time.Time
}

// AddUser creates a console account.
func (s *Store) AddUser(ctx context.Context, u User) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO console_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
		u.Name, u.Role, u.PasswordHash, s.Now().Unix())
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return fmt.Errorf("add user %q: %w", u.Name, ErrUserExists)
	}
	if err != nil {
		return fmt.Errorf("add user %q: %w", u.Name, err)
	}
	return nil
}

// User reads one account, or bot.ErrNotFound.
func (s *Store) User(ctx context.Context, name string) (User, error) {
	u := User{Name: name}
	var at int64
	err := s.db.QueryRowContext(ctx, "SELECT role, password_hash, created_at FROM console_users WHERE name = ?", name).
		Scan(&u.Role, &u.PasswordHash, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %q: %w", name, bot.ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("read user %q: %w", name, err)
	}
	u.Created = time.Unix(at, 0).UTC()
	return u, nil
}

// Users lists the accounts by name, without their password hashes.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var out []User
	err := scanEach(ctx, s.db, "SELECT name, role, created_at FROM console_users ORDER BY name", func(r *sql.Rows) error {
		var u User
		var at int64
		if err := r.Scan(&u.Name, &u.Role, &at); err != nil {
			return err
		}
		u.Created = time.Unix(at, 0).UTC()
		out = append(out, u)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, name, hash string) error {
	return s.changeUser(ctx, name, "UPDATE console_users SET password_hash = ? WHERE name = ?", hash, name)
}

// SetRole changes a user's role and ends their sessions.
func (s *Store) SetRole(ctx context.Context, name, role string) error {
	return s.changeUser(ctx, name, "UPDATE console_users SET role = ? WHERE name = ?", role, name)
}

// RemoveUser deletes an account and its sessions.
func (s *Store) RemoveUser(ctx context.Context, name string) error {
	return s.changeUser(ctx, name, "DELETE FROM console_users WHERE name = ?", name)
}

func (s *Store) changeUser(ctx context.Context, name, query string, args ...any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM console_sessions WHERE user_name = ?", name); err != nil {
			return fmt.Errorf("user %q: %w", name, err)
		}
		n, err := execCount(ctx, tx, query, args...)
		if err != nil {
			return fmt.Errorf("user %q: %w", name, err)
		}
		if n == 0 {
			return fmt.Errorf("user %q: %w", name, bot.ErrNotFound)
		}
		return nil
	})
}

// Session is a signed-in console user.
type Session struct {
	User    User
	CSRF    string
	Expires time.Time
}

// CreateSession stores a session under the hash of its token and deletes
// expired ones.
func (s *Store) CreateSession(ctx context.Context, tokenHash, user, csrf string, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM console_sessions WHERE expires_at <= ?", s.Now().Unix()); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO console_sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash, user, csrf, s.Now().Unix(), expires.Unix())
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// Session returns the unexpired session with this token hash and its
// user, or bot.ErrNotFound.
func (s *Store) Session(ctx context.Context, tokenHash string) (Session, error) {
	var ses Session
	var exp int64
	err := s.db.QueryRowContext(ctx, `SELECT u.name, u.role, s.csrf, s.expires_at FROM console_sessions s
		JOIN console_users u ON u.name = s.user_name WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, s.Now().Unix()).
		Scan(&ses.User.Name, &ses.User.Role, &ses.CSRF, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", bot.ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	ses.Expires = time.Unix(exp, 0).UTC()
	return ses, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM console_sessions WHERE token_hash = ?", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// RecordLoginFailure notes a failed login under each key (an account, an
// address) and forgets failures older than a day.
func (s *Store) RecordLoginFailure(ctx context.Context, keys ...string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		if _, err := tx.ExecContext(ctx, "DELETE FROM console_login_failures WHERE at < ?", now-86400); err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "INSERT INTO console_login_failures (key, at) VALUES (?, ?)", k, now); err != nil {
				return fmt.Errorf("record login failure: %w", err)
			}
		}
		return nil
	})
}

// LoginFailures counts the failed logins under key since t.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM console_login_failures WHERE key = ? AND at >= ?", key, since.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	return n, nil
}

// ClearLoginFailures forgets the failures under key, after a good login.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM console_login_failures WHERE key = ?", key); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}

// AuditEvent is one line of the console's audit log.
type AuditEvent struct {
	At                           time.Time
	User, Action, Target, Detail string
}

// Audit records who did what.
func (s *Store) Audit(ctx context.Context, ev AuditEvent) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO console_audit (at, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?)",
		s.Now().Unix(), ev.User, ev.Action, ev.Target, ev.Detail)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog returns the newest limit events, newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEvent, error) {
	var out []AuditEvent
	err := scanEach(ctx, s.db, "SELECT at, user_name, action, target, detail FROM console_audit ORDER BY id DESC LIMIT ?", func(r *sql.Rows) error {
		var ev AuditEvent
		var at int64
		if err := r.Scan(&at, &ev.User, &ev.Action, &ev.Target, &ev.Detail); err != nil {
			return err
		}
		ev.At = time.Unix(at, 0).UTC()
		out = append(out, ev)
		return nil
	}, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
