package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// runToken manages the bearer tokens of POST /v1/ask.
func runToken(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usagef("token needs a subcommand: add NAME, list or revoke NAME")
	}
	fs := newFlags(e, "token "+args[0])
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	sub := args[0]
	switch {
	case sub != "add" && sub != "list" && sub != "revoke":
		return usagef("unknown token subcommand %q: use add NAME, list or revoke NAME", sub)
	case sub == "list" && len(rest) != 0:
		return usagef("token list takes no arguments")
	case sub != "list" && len(rest) != 1:
		return usagef("token %s needs one NAME, e.g. careerbot token %s crm", sub, sub)
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		return tokenAdd(ctx, e, st, rest[0])
	case "revoke":
		if err := st.RevokeToken(ctx, rest[0]); err != nil {
			if errors.Is(err, bot.ErrNotFound) {
				return fmt.Errorf("no token is called %q (see careerbot token list)", rest[0])
			}
			return err
		}
		fmt.Fprintf(e.stdout, "revoked %s: requests with it are refused from now on\n", rest[0])
		return nil
	}
	tokens, err := st.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		fmt.Fprintf(e.stdout, "%-32s created %s\n", t.Name, t.Created.UTC().Format("2006-01-02 15:04 UTC"))
	}
	fmt.Fprintf(e.stderr, "%d token(s)\n", len(tokens))
	return nil
}

func tokenAdd(ctx context.Context, e env, st *knowledge.Store, name string) error {
	token, err := st.AddToken(ctx, name)
	if errors.Is(err, knowledge.ErrTokenExists) {
		return fmt.Errorf("a token called %q exists: choose another name, or revoke it first", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	fmt.Fprintf(e.stderr, "token %s created. It is shown only this once: store it in the client's secrets now.\n"+
		"Send it as the header  Authorization: Bearer <token>  with POST /v1/ask.\n", name)
	return nil
}
