package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// defaultRetention is how long questions and feedback are kept.
const defaultRetention = 90 * 24 * time.Hour

// parseAge reads a duration such as "90d", "2w", "36h" or "1h30m".
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 {
				return 0, fmt.Errorf("%q is not a duration like 90d, 2w or 36h", s)
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration like 90d, 2w or 36h", s)
	}
	return d, nil
}

// retentionFromEnv reads CAREERBOT_RETENTION (default 90 days).
func retentionFromEnv(e env) (time.Duration, error) {
	s := e.getenv("CAREERBOT_RETENTION")
	if s == "" {
		return defaultRetention, nil
	}
	d, err := parseAge(s)
	if err != nil {
		return 0, fmt.Errorf("CAREERBOT_RETENTION: %w", err)
	}
	return d, nil
}

// requireSecret returns the pseudonymizer keyed with CAREERBOT_SECRET, for
// commands that must compute the same pseudonyms as serve.
func requireSecret(e env) (*bot.Pseudonymizer, error) {
	secret, problems := serveSecret(e)
	if len(problems) > 0 {
		return nil, problems[0]
	}
	if len(secret) == 0 {
		return nil, fmt.Errorf("CAREERBOT_SECRET is not set: use the same secret as careerbot serve, or the user cannot be found")
	}
	return bot.NewPseudonymizer(secret), nil
}

func runPurge(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "purge")
	db := dbFlag(fs)
	keep := fs.String("retention", "", "keep this long, e.g. 90d (default $CAREERBOT_RETENTION, else 90d)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("purge takes no arguments")
	}
	retention, err := retentionFromEnv(e)
	if err != nil {
		return err
	}
	if *keep != "" {
		if retention, err = parseAge(*keep); err != nil {
			return usagef("--retention: %v", err)
		}
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Purge(ctx, st.Now().Add(-retention))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "deleted %d questions and %d feedback rows older than %s, and %d job alerts subscribed before then\n",
		n.Questions, n.Feedback, formatAge(retention), n.JobAlerts)
	return nil
}

func runForget(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "forget")
	db := dbFlag(fs)
	platform := fs.String("platform", "", "slack, telegram or api")
	user := fs.String("user", "", "the user's id on that platform (Slack: TEAM:USER, Telegram: the numeric id)")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for another process's reader before giving up on overwriting the deleted text on disk")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || *platform == "" || *user == "" {
		return usagef("forget needs --platform and --user, e.g. --platform telegram --user 123456789")
	}
	// A platform or id the adapters never use would find no one and
	// report "deleted 0": an erasure request must not fail silently.
	*platform = strings.ToLower(*platform)
	switch {
	case *platform != "slack" && *platform != "telegram" && *platform != "api":
		return usagef("--platform %q: use slack, telegram or api", *platform)
	case *platform == "slack" && !strings.Contains(*user, ":"):
		return usagef("--user for Slack is TEAM:USER, e.g. T061EG9R6:U2147483697")
	}
	p, err := requireSecret(e)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Forget(ctx, p.Pseudonym(*platform, *user))
	if err != nil {
		return err
	}
	if n.Pending {
		fmt.Fprintf(e.stderr, "deleted %d questions and %d feedback rows; another connection holds a read transaction, waiting up to %s to overwrite them on disk\n",
			n.Questions, n.Feedback, *wait)
		done, err := st.Wipe(ctx, *wait)
		if err != nil {
			return err
		}
		if !done {
			return fmt.Errorf("deleted %d questions and %d feedback rows of that user: no query sees them any more, "+
				"but their text is not yet overwritten on disk, because another process keeps a read transaction open on the database "+
				"(a long report, export or backup?). careerbot serve overwrites it at its next checkpoint (at start and hourly); "+
				"to finish now, end that reader and run this command again", n.Questions, n.Feedback)
		}
	}
	fmt.Fprintf(e.stdout, "deleted %d questions and %d feedback rows of that user, and %d job alerts\n", n.Questions, n.Feedback, n.JobAlerts)
	return nil
}

func formatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
