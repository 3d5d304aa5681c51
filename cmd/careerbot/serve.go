package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/knowledge"
)

const (
	// shutdownGrace bounds how long serve waits for replies in flight.
	shutdownGrace = 10 * time.Second
	// reloadEvery is how often serve looks for knowledge-base edits made
	// by another process.
	reloadEvery = 2 * time.Second
	minSecret   = 16
	// purgeInterval is how often serve deletes rows past the retention.
	purgeInterval = time.Hour
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve")
	db := dbFlag(fs)
	addr := fs.String("addr", "", "listen `address` (default $CAREERBOT_ADDR, else :8080)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve takes no arguments, only flags and environment variables")
	}
	if *addr == "" {
		*addr = cmp.Or(e.getenv("CAREERBOT_ADDR"), ":8080")
	}
	log, err := newLogger(e)
	if err != nil {
		return err
	}
	// Every secret the process knows is kept out of its log.
	var secrets []string
	for _, k := range secretVars {
		if v := strings.TrimSpace(e.getenv(k)); v != "" {
			secrets = append(secrets, v)
		}
	}
	log = slog.New(delivery.NewRedactor(secrets...).Handler(log.Handler()))
	secret, problems := serveSecret(e)
	key := secret
	if len(key) == 0 {
		// Only the HTTP API runs without a secret: its conversation keys
		// live in memory, so a key for this process alone is enough.
		key = randomKey()
	}
	deps := serveDeps{Pseudonyms: bot.NewPseudonymizer(key), HTTPClient: &http.Client{Timeout: 30 * time.Second}, Secrets: secrets,
		Contact: contactFromEnv(e)}
	if deps.SendRate, err = sendRateFromEnv(e); err != nil {
		problems = append(problems, err)
	}

	// Validate everything before anything connects: every problem is
	// collected and reported at once. Building an adapter only checks its
	// configuration; it connects in Run.
	retention, err := retentionFromEnv(e)
	if err != nil {
		problems = append(problems, err)
	}
	admins, err := parseAdmins(e.getenv("CAREERBOT_ADMINS"))
	if err != nil {
		problems = append(problems, err)
	}
	apiLimits, errs := apiLimitsFromEnv(e)
	problems = append(problems, errs...)
	var enabled []adapterFactory
	for _, f := range adapterFactories {
		if f.Enabled(e.getenv) {
			enabled = append(enabled, f)
		}
	}
	// A secret that is set but too short is already reported above.
	if len(enabled) > 0 && strings.TrimSpace(e.getenv("CAREERBOT_SECRET")) == "" {
		problems = append(problems, errors.New("CAREERBOT_SECRET is not set: chat adapters need it to pseudonymise user ids; create one with `openssl rand -hex 32` and keep it outside the database"))
	}
	// Each adapter checks its own configuration first, without a
	// database, so that every problem is reported even when the database
	// cannot be opened.
	for _, f := range enabled {
		_, errs := f.Build(e.getenv, serveDeps{})
		problems = append(problems, errs...)
	}
	feed, errs := jobFeedFromEnv(e, deps.HTTPClient)
	problems = append(problems, errs...)
	mx := newMetrics()
	deps.Observer = mx
	var board *knowledge.JobBoard
	st, live, eng, err := openEngine(ctx, e, *db, withJournal(true), withObserver(mx),
		withLogger(log.With("component", "engine")), withJobs(&board))
	if err != nil {
		return errors.Join(append(problems, err)...)
	}
	defer st.Close()
	st.Logger = log.With("component", "knowledge")
	deps.Answerer, deps.Store = eng, st
	if board != nil {
		deps.JobAlerts, deps.Jobs = board, board
	}
	deps.Operator = &operator{store: st, live: live, pseudonyms: deps.Pseudonyms, admins: admins, retention: retention}
	deps.Logger = log
	if m, errs := handoffFromEnv(e, deps); len(errs) > 0 {
		problems = append(problems, errs...)
	} else if m != nil {
		deps.Handoff, deps.HandoffChannel = m, strings.TrimSpace(e.getenv("CAREERBOT_HANDOFF_SLACK_CHANNEL"))
	}
	var adapters []bot.Adapter
	if len(problems) > 0 {
		return fmt.Errorf("configuration problems:\n  - %w", joinLines(problems))
	}
	for _, f := range enabled {
		d := deps
		d.Logger = log.With("component", f.Name)
		a, errs := f.Build(e.getenv, d)
		if len(errs) > 0 {
			return fmt.Errorf("configuration problems:\n  - %w", joinLines(errs))
		}
		adapters = append(adapters, a)
	}
	mx.watchInboxes(adapters)
	for _, f := range adapterFactories {
		if !f.Enabled(e.getenv) {
			log.Info("adapter not configured", "adapter", f.Name, "enable_with", f.Hint)
		}
	}
	if c, _ := st.Contact(ctx, contactFromEnv(e)); c.Address == "" {
		// Answers still read well without it, but nobody can write to the team.
		log.Warn("no recruiter contact configured", "set", "CAREERBOT_RECRUITER_CONTACT", "or", "console settings",
			"effect", "answers name the recruiting team but give no address to reach it")
	}

	mux := http.NewServeMux()
	api := &apiServer{answerer: eng, store: st, adapters: adapters, pseudonyms: deps.Pseudonyms, log: log.With("component", "http"),
		limits: apiLimits}
	if feed != nil {
		feed.store, feed.board, feed.log = st, board, log.With("component", "jobfeed")
		api.jobsFeed = feed
	}
	api.routes(mux)
	if err := mountConsole(ctx, e, mux, st, live, eng, log.With("component", "console")); err != nil {
		return err
	}
	mux.Handle("GET /metrics", mx.handler())
	for _, a := range adapters {
		if h, ok := a.(bot.HTTPAdapter); ok {
			h.Routes(mux)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another with --addr or CAREERBOT_ADDR)", *addr, err)
	}
	srv := &http.Server{
		Handler:           recoverPanics(mux, api.log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("serving", "addr", ln.Addr().String(), "adapters", len(adapters), "entries", live.Len())

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http server: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(gctx), shutdownGrace)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	g.Go(func() error {
		live.Watch(gctx, reloadEvery, log.With("component", "knowledge"))
		return nil
	})
	g.Go(func() error {
		board.Watch(gctx, reloadEvery, log.With("component", "jobs"))
		return nil
	})
	if feed != nil {
		g.Go(func() error {
			feed.Run(gctx)
			return nil
		})
	}
	g.Go(func() error {
		purgeEvery(gctx, st, retention, log.With("component", "retention"))
		return nil
	})
	if deps.Handoff != nil {
		g.Go(func() error { return deps.Handoff.Run(gctx) })
	}
	for _, a := range adapters {
		g.Go(func() error {
			if err := a.Run(gctx); err != nil {
				return fmt.Errorf("%s adapter: %w", a.Name(), err)
			}
			return nil
		})
	}
	err = g.Wait()
	log.Info("stopped")
	return err
}

// purgeEvery deletes questions and feedback past the retention at start
// and then hourly, until ctx ends.
func purgeEvery(ctx context.Context, st *knowledge.Store, retention time.Duration, log *slog.Logger) {
	t := time.NewTicker(purgeInterval)
	defer t.Stop()
	for {
		if _, err := st.Inbox().Expire(ctx); err != nil && ctx.Err() == nil {
			log.Warn("expiring inbox keys failed", "err", err)
		}
		n, err := st.Purge(ctx, st.Now().Add(-retention))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purge failed", "err", err)
		case n.Questions+n.Feedback > 0:
			log.Info("purged old rows", "questions", n.Questions, "feedback", n.Feedback, "retention", formatAge(retention))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// secretVars are the variables whose values never reach the log.
var secretVars = []string{"CAREERBOT_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
	"TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"}

// sendRateFromEnv reads CAREERBOT_SEND_RATE, the messages per second an
// adapter sends to one conversation; 0 keeps each platform's own limit.
func sendRateFromEnv(e env) (rate.Limit, error) {
	s := strings.TrimSpace(e.getenv("CAREERBOT_SEND_RATE"))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("CAREERBOT_SEND_RATE=%q must be a positive number of messages per second per conversation (or unset it for the platforms' limits)", s)
	}
	return rate.Limit(f), nil
}

// serveSecret reads CAREERBOT_SECRET, the key of the user pseudonyms.
func serveSecret(e env) ([]byte, []error) {
	s := strings.TrimSpace(e.getenv("CAREERBOT_SECRET"))
	if s != "" && len(s) < minSecret {
		return nil, []error{fmt.Errorf("CAREERBOT_SECRET is too short (%d characters, need at least %d): create one with `openssl rand -hex 32`", len(s), minSecret)}
	}
	return []byte(s), nil
}

func randomKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// newLogger builds the JSON logger at CAREERBOT_LOG_LEVEL (default info).
func newLogger(e env) (*slog.Logger, error) {
	var level slog.Level
	if s := e.getenv("CAREERBOT_LOG_LEVEL"); s != "" {
		if err := level.UnmarshalText([]byte(s)); err != nil {
			return nil, usagef("CAREERBOT_LOG_LEVEL=%q: use debug, info, warn or error", s)
		}
	}
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level})), nil
}

type joined []error

func (j joined) Error() string {
	s := make([]string, len(j))
	for i, err := range j {
		s[i] = err.Error()
	}
	return strings.Join(s, "\n  - ")
}

func (j joined) Unwrap() []error { return j }

func joinLines(errs []error) error { return joined(errs) }
