package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// dbFlag registers --db on fs.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database `file` (default $CAREERBOT_DB, else careerbot.db in the XDG data directory)")
}

// dbPath resolves the database path from the flag, the environment or the
// XDG default.
func dbPath(e env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := e.getenv("CAREERBOT_DB"); p != "" {
		return p, nil
	}
	return knowledge.DefaultPath()
}

// openStore opens the knowledge base named by --db or the environment.
func openStore(ctx context.Context, e env, flagValue string) (*knowledge.Store, error) {
	path, err := dbPath(e, flagValue)
	if err != nil {
		return nil, err
	}
	st, err := knowledge.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%w\n(%s)", err, openHint(err, path))
	}
	return st, nil
}

// openHint says what to do about a database that cannot be opened.
func openHint(err error, path string) string {
	switch {
	case errors.Is(err, knowledge.ErrDamaged):
		return fmt.Sprintf("%s is damaged, not a permissions problem. Stop careerbot, move %[1]s and any %[1]s-wal and %[1]s-shm aside, "+
			"and put your latest backup in its place (made with sqlite3 careerbot.db \".backup backup.db\"; copy it back with cp while careerbot is stopped). "+
			"Without a backup, sqlite3 %[1]s .recover | sqlite3 recovered.db saves what can still be read; "+
			"a new empty file starts again with the default knowledge base", path)
	case errors.Is(err, knowledge.ErrReadOnly):
		return fmt.Sprintf("%s cannot be written: check the permissions of the file, its -wal and -shm files and its directory, "+
			"and that the disk is not mounted read-only; or choose another file with --db or CAREERBOT_DB", path)
	case errors.Is(err, knowledge.ErrFull):
		return "the disk is full: free some space and try again"
	}
	return "check that the directory is writable, or choose another file with --db or CAREERBOT_DB"
}

// engineOptions are the optional parts of an engine a command may want.
type engineOptions struct {
	journal bool // log questions (serve, chat, --log)
	// wrapJournal, when set, stands between the engine and the store's
	// question log (ask --log notices failures with it).
	wrapJournal func(bot.Journal) bot.Journal
	observer    bot.Observer
	logger      *slog.Logger
	jobs        **knowledge.JobBoard // receives the job board (serve follows the feed)
}

type engineOption func(*engineOptions)

// withJournal logs the questions the engine answers to the store.
func withJournal(on bool) engineOption { return func(o *engineOptions) { o.journal = on } }

// withJournalWrapper puts wrap around the question log.
func withJournalWrapper(wrap func(bot.Journal) bot.Journal) engineOption {
	return func(o *engineOptions) { o.wrapJournal = wrap }
}

// withObserver reports answer measurements.
func withObserver(obs bot.Observer) engineOption { return func(o *engineOptions) { o.observer = obs } }

// withLogger gives the engine a logger for its own problems.
func withLogger(l *slog.Logger) engineOption { return func(o *engineOptions) { o.logger = l } }

// withJobs hands the engine's job board to the caller.
func withJobs(out **knowledge.JobBoard) engineOption { return func(o *engineOptions) { o.jobs = out } }

// knowledgeWithJobs is the knowledge base with the open positions: the
// engine answers job searches when its Knowledge is a bot.JobFinder.
type knowledgeWithJobs struct {
	*knowledge.Live
	jobs *knowledge.JobBoard
}

func (k knowledgeWithJobs) JobIntent(text string) (bot.JobIntent, bot.JobQuery) {
	return k.jobs.JobIntent(text)
}

func (k knowledgeWithJobs) FindJobs(ctx context.Context, q bot.JobQuery) (bot.JobResult, error) {
	return k.jobs.FindJobs(ctx, q)
}

// openEngine opens the store and builds the answer engine over it. The
// environment is checked before the database is opened.
func openEngine(ctx context.Context, e env, flagValue string, opts ...engineOption) (*knowledge.Store, *knowledge.Live, *bot.Engine, error) {
	var o engineOptions
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := engineConfigFromEnv(e)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := openStore(ctx, e, flagValue)
	if err != nil {
		return nil, nil, nil, err
	}
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	board, err := knowledge.NewJobBoard(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	if o.jobs != nil {
		*o.jobs = board
	}
	fitMemoryLimit(e.getenv)
	// The team's name and contact set in the web console win over the environment.
	if cfg.Contact, err = st.Contact(ctx, cfg.Contact); err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	cfg.Knowledge, cfg.Observer, cfg.Logger = knowledgeWithJobs{live, board}, o.observer, o.logger
	if o.journal {
		cfg.Journal = st
		if o.wrapJournal != nil {
			cfg.Journal = o.wrapJournal(st)
		}
	}
	eng, err := bot.NewEngine(cfg)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, live, eng, nil
}

// engineConfigFromEnv reads the engine's settings from the environment,
// reporting every problem at once.
func engineConfigFromEnv(e env) (bot.Config, error) {
	cfg := bot.Config{Contact: contactFromEnv(e)}
	var problems []error
	var err error
	if cfg.AnswerThreshold, err = thresholdFromEnv(e, "CAREERBOT_ANSWER_THRESHOLD"); err != nil {
		problems = append(problems, err)
	}
	if cfg.ClarifyThreshold, err = thresholdFromEnv(e, "CAREERBOT_CLARIFY_THRESHOLD"); err != nil {
		problems = append(problems, err)
	}
	if s := e.getenv("CAREERBOT_RATE_LIMIT"); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case s == "off" || err == nil && n == 0:
			cfg.RateLimit = -1
		case err != nil || n < 0:
			problems = append(problems, fmt.Errorf("CAREERBOT_RATE_LIMIT=%q: give questions per minute and user, such as 20, or off", s))
		default:
			cfg.RateLimit = n
		}
	}
	if s := e.getenv("CAREERBOT_GERMAN_FORM"); s != "" {
		f, err := bot.ParseForm(s)
		if err != nil {
			problems = append(problems, fmt.Errorf("CAREERBOT_GERMAN_FORM=%q: use du or sie", s))
		}
		cfg.GermanForm = f
	}
	if s := e.getenv("CAREERBOT_MAX_CONCURRENT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			problems = append(problems, fmt.Errorf("CAREERBOT_MAX_CONCURRENT=%q: give a positive number, such as 64", s))
		}
		cfg.MaxConcurrent = n
	}
	if len(problems) > 0 {
		return bot.Config{}, joinLines(problems)
	}
	return cfg, nil
}

// contactFromEnv reads the recruiting team's name and address.
func contactFromEnv(e env) bot.Contact {
	return bot.Contact{
		Name:    strings.TrimSpace(e.getenv("CAREERBOT_RECRUITER_NAME")),
		Address: strings.TrimSpace(e.getenv("CAREERBOT_RECRUITER_CONTACT")),
	}
}

// thresholdFromEnv reads a confidence threshold in (0,1]; unset is 0,
// which means the engine's default.
func thresholdFromEnv(e env, name string) (float64, error) {
	s := e.getenv(name)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > 1 {
		return 0, fmt.Errorf("%s=%q: must be a number in (0,1], such as 0.5", name, s)
	}
	return v, nil
}

// langFlag registers --lang on fs.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "answer in this language: de or en (default: the question's)")
}

func parseLangFlag(s string) (bot.Lang, error) {
	l, err := bot.ParseLang(s)
	if err != nil {
		return "", usagef("--lang: %v", err)
	}
	return l, nil
}
