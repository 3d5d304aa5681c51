package main

import (
	"context"

	"github.com/careerbot/careerbot/adapters/console"
)

func runChat(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "chat")
	db := dbFlag(fs)
	langName := langFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("chat takes no arguments; ask your questions at the prompt")
	}
	lang, err := parseLangFlag(*langName)
	if err != nil {
		return err
	}
	st, _, eng, err := openEngine(ctx, e, *db, withJournal(true))
	if err != nil {
		return err
	}
	defer st.Close()
	return console.New(eng, e.stdin, e.stdout, lang).Run(ctx)
}
