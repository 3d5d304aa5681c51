package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

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
		return nil, fmt.Errorf("%w\n(check that the directory is writable, or choose another file with --db or CAREERBOT_DB)", err)
	}
	return st, nil
}

// openEngine opens the store and builds the answer engine over it.
func openEngine(ctx context.Context, e env, flagValue string) (*knowledge.Store, *knowledge.Live, *bot.Engine, error) {
	st, err := openStore(ctx, e, flagValue)
	if err != nil {
		return nil, nil, nil, err
	}
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	answerAt, err := thresholdFromEnv(e, "CAREERBOT_ANSWER_THRESHOLD")
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	clarifyAt, err := thresholdFromEnv(e, "CAREERBOT_CLARIFY_THRESHOLD")
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	eng, err := bot.NewEngine(bot.Config{Knowledge: live, Contact: contactFromEnv(e),
		AnswerThreshold: answerAt, ClarifyThreshold: clarifyAt})
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, live, eng, nil
}

// contactFromEnv reads the recruiting team's name and address.
func contactFromEnv(e env) bot.Contact {
	return bot.Contact{
		Name:    e.getenv("CAREERBOT_RECRUITER_NAME"),
		Address: e.getenv("CAREERBOT_RECRUITER_CONTACT"),
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
