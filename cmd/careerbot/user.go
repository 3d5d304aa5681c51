package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/term"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/console"
	"github.com/careerbot/careerbot/knowledge"
)

var userNamePattern = regexp.MustCompile(`^[\p{L}\p{N}._@-]{1,64}$`)

func runUser(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "user", args, []subcommand{
		{"add", userAdd},
		{"list", userList},
		{"passwd", userPasswd},
		{"role", userRole},
		{"remove", userRemove},
	})
}

// userArgs parses a user subcommand's flags and its one NAME argument.
func userArgs(e env, name string, args []string, extra func(*flag.FlagSet)) (string, *string, error) {
	fs := newFlags(e, "user "+name)
	db := dbFlag(fs)
	if extra != nil {
		extra(fs)
	}
	rest, err := parseFlags(fs, args)
	if err != nil {
		return "", nil, err
	}
	if len(rest) != 1 {
		return "", nil, usagef("user %s needs exactly one user name", name)
	}
	if !userNamePattern.MatchString(rest[0]) {
		return "", nil, usagef("user name %q: use 1 to 64 letters, digits, '.', '_', '-' or '@'", rest[0])
	}
	return rest[0], db, nil
}

func userAdd(ctx context.Context, e env, args []string) error {
	var role *string
	name, db, err := userArgs(e, "add", args, func(fs *flag.FlagSet) {
		role = fs.String("role", "", "viewer, editor, publisher or admin")
	})
	if err != nil {
		return err
	}
	r, err := console.ParseRole(*role)
	if err != nil {
		return usagef("--role: %v", err)
	}
	pw, err := readPassword(e, name)
	if err != nil {
		return err
	}
	hash, err := console.HashPassword(pw)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.AddUser(ctx, knowledge.User{Name: name, Role: string(r), PasswordHash: hash}); err != nil {
		if errors.Is(err, knowledge.ErrUserExists) {
			return fmt.Errorf("user %q exists already (change the password with 'careerbot user passwd %s')", name, name)
		}
		return err
	}
	audit(ctx, st, "user add", name, string(r))
	fmt.Fprintf(e.stderr, "added %s with role %s; sign in at /console/\n", name, r)
	return nil
}

func userList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user list")
	db := dbFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		fmt.Fprintf(e.stdout, "%-24s %-10s added %s\n", u.Name, u.Role, u.Created.Format("2006-01-02"))
	}
	if len(users) == 0 {
		fmt.Fprintln(e.stderr, "no console users yet: create the first with 'careerbot user add NAME --role admin'")
	}
	return nil
}

func userPasswd(ctx context.Context, e env, args []string) error {
	name, db, err := userArgs(e, "passwd", args, nil)
	if err != nil {
		return err
	}
	pw, err := readPassword(e, name)
	if err != nil {
		return err
	}
	hash, err := console.HashPassword(pw)
	if err != nil {
		return err
	}
	return changeUser(ctx, e, *db, name, "user passwd", "", func(st *knowledge.Store) error { return st.SetPassword(ctx, name, hash) },
		"password changed for %s; their sessions have ended\n")
}

func userRole(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user role")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usagef("user role needs a user name and a role (viewer, editor, publisher or admin)")
	}
	r, err := console.ParseRole(rest[1])
	if err != nil {
		return usagef("%v", err)
	}
	return changeUser(ctx, e, *db, rest[0], "user role", string(r), func(st *knowledge.Store) error { return st.SetRole(ctx, rest[0], string(r)) },
		"%s now has the role "+string(r)+"\n")
}

func userRemove(ctx context.Context, e env, args []string) error {
	name, db, err := userArgs(e, "remove", args, nil)
	if err != nil {
		return err
	}
	return changeUser(ctx, e, *db, name, "user remove", "", func(st *knowledge.Store) error { return st.RemoveUser(ctx, name) },
		"removed %s\n")
}

func changeUser(ctx context.Context, e env, db, name, action, detail string, fn func(*knowledge.Store) error, done string) error {
	st, err := openStore(ctx, e, db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := fn(st); err != nil {
		if errors.Is(err, bot.ErrNotFound) {
			return fmt.Errorf("no user %q (see 'careerbot user list')", name)
		}
		return err
	}
	audit(ctx, st, action, name, detail)
	fmt.Fprintf(e.stderr, done, name)
	return nil
}

// audit records a command-line account change in the console's audit log.
func audit(ctx context.Context, st *knowledge.Store, action, target, detail string) {
	_ = st.Audit(ctx, knowledge.AuditEvent{User: "cli", Action: action, Target: target, Detail: detail})
}

// readPassword prompts twice without echo on a terminal, else reads the
// first line of standard input.
func readPassword(e env, name string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "password for %s: ", name)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(e.stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ; nothing was changed")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input: pipe one in (echo \"$PW\" | careerbot user add …) or run it in a terminal")
	}
	return pw, nil
}
