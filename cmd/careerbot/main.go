// Command careerbot is a chat bot that gives career advice about the
// backend-developer profession, in German and English, from an SQLite
// knowledge base. Run `careerbot help` for its commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

const usage = `careerbot: career advice about the backend-developer profession.

Usage:
  careerbot chat   [--db FILE] [--lang de|en]           talk to the bot in the terminal
  careerbot ask    [--db FILE] [--json] [--lang de|en] [QUESTION ...]
                                                         answer a question, or one per line from stdin
  careerbot serve  [--db FILE] [--addr :8080]           run the HTTP API and the configured chat adapters
  careerbot eval   [--db FILE] [--verbose] FILE         check answers against a question file (JSONL)
  careerbot kb list|show ID|export [--format json|yaml] [FILE]|import [--replace] FILE|validate FILE
             |stale [--older-than 180d]|promote ID A|B|suggest [--accept GROUP]
                                                         read and edit the knowledge base
  careerbot jobs   import [--replace] FILE|URL|list|show ID|remove ID
                                                         the recruiting team's open positions (schema.org JobPosting)
  careerbot report [--since 30d] [--format text|json|html] [--out FILE]
                                                         what people asked and what helped
  careerbot purge  [--retention 90d]                     delete questions and feedback past retention
  careerbot forget --platform P --user ID                delete everything stored about one user
  careerbot user add NAME --role viewer|editor|publisher|admin | list | passwd NAME | role NAME ROLE | remove NAME
                                                         web console accounts (password from stdin or prompted)
  careerbot token  add NAME | list | revoke NAME         bearer tokens for POST /v1/ask

The database is --db, else $CAREERBOT_DB, else careerbot.db in the XDG data
directory; a new database starts with the default knowledge base.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks a command-line mistake: the message is printed with a hint
// to see the usage, and the exit code is 2.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Is(t error) bool {
	return t == errUsage
}

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// env is what every command gets: arguments, environment and streams.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// run is the whole program: it parses args, runs one command and returns
// the exit code. Tests call it directly to boot the real bot.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	limitMemoryForLoad(getenv)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, env, []string) error{
		"chat":   runChat,
		"ask":    runAsk,
		"serve":  runServe,
		"eval":   runEval,
		"kb":     runKB,
		"purge":  runPurge,
		"forget": runForget,
		"report": runReport,
		"jobs":   runJobs,
		"user":   runUser,
		"token":  runToken,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "careerbot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "careerbot %s: %v\nRun 'careerbot help' for usage.\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "careerbot %s: %v\n", args[0], err)
	return 1
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("careerbot "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors. Flags may
// follow positional arguments ("ask --json 'Frage'" and "ask 'Frage' --json").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// subcommand is one verb of a command with subcommands (kb list, user add).
type subcommand struct {
	name string
	run  func(context.Context, env, []string) error
}

// dispatch runs the subcommand args[0] of command with the rest of args,
// or explains which subcommands there are.
func dispatch(ctx context.Context, e env, command string, args []string, subs []subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if len(args) == 0 {
		return usagef("%s needs a subcommand: %s", command, list)
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, e, args[1:])
		}
	}
	return usagef("unknown %s subcommand %q: use %s", command, args[0], list)
}
