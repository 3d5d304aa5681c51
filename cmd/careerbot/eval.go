package main

import (
	"context"
	"fmt"
	"os"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
)

// Eval bars: below either, `careerbot eval` exits 1 so scripts notice.
const (
	evalInScopeBar    = 0.95
	evalOutOfScopeBar = 0.95
	evalTurnBar       = 0.90
)

// onPlatform tags every question with a platform, so the engine logs it.
type onPlatform struct {
	bot.Answerer
	platform string
}

func (p onPlatform) Ask(ctx context.Context, req bot.Request) (bot.Reply, error) {
	req.Platform = p.platform
	return p.Answerer.Ask(ctx, req)
}

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "eval")
	db := dbFlag(fs)
	verbose := fs.Bool("verbose", false, "also list the questions that passed")
	logQuestions := fs.Bool("log", false, "log the questions to the database (platform \"eval\")")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("eval needs exactly one question file (JSON Lines of questions and dialogues)")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("open question file: %w", err)
	}
	defer f.Close()
	cases, err := eval.Load(f)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	st, _, eng, err := openEngine(ctx, e, *db, withJournal(*logQuestions))
	if err != nil {
		return err
	}
	defer st.Close()
	var a bot.Answerer = eng
	if *logQuestions {
		a = onPlatform{Answerer: eng, platform: "eval"}
	}
	rep, err := eval.Run(ctx, a, cases)
	if err != nil {
		return err
	}
	rep.Write(e.stdout, *verbose)
	if rep.InScopeRate() < evalInScopeBar || rep.OutOfScopeRate() < evalOutOfScopeBar || rep.TurnRate() < evalTurnBar {
		return fmt.Errorf("below the bar of %.0f%% in scope, %.0f%% out of scope and %.0f%% of dialogue turns",
			100*evalInScopeBar, 100*evalOutOfScopeBar, 100*evalTurnBar)
	}
	return nil
}
