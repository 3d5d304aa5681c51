package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
	"github.com/careerbot/careerbot/console"
	"github.com/careerbot/careerbot/knowledge"
)

// defaultConsoleEval is the project's eval file, used by the console's
// preview when CAREERBOT_CONSOLE_EVAL is unset and the file is there.
const defaultConsoleEval = "testdata/eval.jsonl"

// mountConsole serves the web console under /console/.
func mountConsole(ctx context.Context, e env, mux *http.ServeMux, st *knowledge.Store, live *knowledge.Live, eng *bot.Engine, log *slog.Logger) error {
	cfg, err := engineConfigFromEnv(e)
	if err != nil {
		return err
	}
	cases, err := consoleEval(e)
	if err != nil {
		return err
	}
	srv, err := console.New(ctx, console.Config{
		Store: st, Live: live, Engine: cfg, EvalCases: cases,
		SecureCookies:  e.getenv("CAREERBOT_CONSOLE_SECURE_COOKIES") == "1",
		TrustProxy:     e.getenv("CAREERBOT_CONSOLE_TRUST_PROXY") == "1",
		EditorsPublish: e.getenv("CAREERBOT_CONSOLE_EDITORS_PUBLISH") == "1",
		ContactChanged: eng.SetContact,
		Logger:         log,
	})
	if err != nil {
		return err
	}
	mux.Handle(console.Prefix, srv)
	mux.Handle("GET /console", http.RedirectHandler(console.Prefix, http.StatusMovedPermanently))
	return nil
}

// consoleEval loads the preview's eval questions: CAREERBOT_CONSOLE_EVAL,
// else the project's file when it is there, else none.
func consoleEval(e env) ([]eval.Case, error) {
	path := cmp.Or(e.getenv("CAREERBOT_CONSOLE_EVAL"), defaultConsoleEval)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && e.getenv("CAREERBOT_CONSOLE_EVAL") == "" {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("CAREERBOT_CONSOLE_EVAL: %w", err)
	}
	defer f.Close()
	cases, err := eval.Load(f)
	if err != nil {
		return nil, fmt.Errorf("CAREERBOT_CONSOLE_EVAL=%s: %w", path, err)
	}
	return cases, nil
}
