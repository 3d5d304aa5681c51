package main

import (
	"fmt"
	"strings"

	"github.com/careerbot/careerbot/adapters/telegram"
	"github.com/careerbot/careerbot/bot"
)

func init() {
	adapterFactories = append(adapterFactories, adapterFactory{
		Name:    "telegram",
		Enabled: func(getenv func(string) string) bool { return strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN")) != "" },
		Hint:    "TELEGRAM_BOT_TOKEN",
		Build:   buildTelegram,
	})
}

// buildTelegram reads the Telegram settings. It reports every problem at
// once, each naming the variable to fix, and connects to nothing.
func buildTelegram(getenv func(string) string, deps serveDeps) (bot.Adapter, []error) {
	env := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := telegram.Config{
		Token:      env("TELEGRAM_BOT_TOKEN"),
		Endpoint:   env("TELEGRAM_API_ENDPOINT"),
		WebhookURL: env("TELEGRAM_WEBHOOK_URL"),
		// The secret is used exactly as given: trimming it would hide a
		// mismatch with what an operator registered elsewhere.
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		Answerer:      deps.Answerer,
		Pseudonyms:    deps.Pseudonyms,
		Logger:        deps.Logger,
		HTTPClient:    deps.HTTPClient,
		Observer:      deps.Observer,
		Operator:      deps.Operator,
	}
	var problems []error
	if strings.ContainsAny(cfg.Token, " \t\n") {
		problems = append(problems, fmt.Errorf("TELEGRAM_BOT_TOKEN contains whitespace: set it to the token @BotFather gave you"))
	}
	if cfg.Endpoint != "" {
		if err := telegram.CheckEndpoint(cfg.Endpoint); err != nil {
			problems = append(problems, fmt.Errorf("TELEGRAM_API_ENDPOINT=%q %w", cfg.Endpoint, err))
		}
	}
	if cfg.WebhookURL != "" {
		if err := telegram.CheckWebhookURL(cfg.WebhookURL); err != nil {
			problems = append(problems, fmt.Errorf("TELEGRAM_WEBHOOK_URL %w", err))
		}
		if err := telegram.CheckWebhookSecret(cfg.WebhookSecret); err != nil {
			problems = append(problems, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET %w; it is required with TELEGRAM_WEBHOOK_URL", err))
		}
	}
	admins, err := telegram.ParseAdmins(getenv("TELEGRAM_ADMINS"))
	if err != nil {
		problems = append(problems, fmt.Errorf("TELEGRAM_ADMINS: %w; set it to comma-separated numeric user ids", err))
	}
	cfg.Admins = admins
	if len(problems) > 0 {
		return nil, problems
	}
	if deps.Store == nil {
		return nil, nil // validating only: nothing to build against yet
	}
	cfg.Cursors, cfg.Inbox, cfg.Feedback = deps.Store, deps.Store.Inbox(), deps.Store
	cfg.Secrets = deps.Secrets
	cfg.JobAlerts, cfg.Jobs = deps.JobAlerts, deps.Jobs
	if deps.Handoff != nil {
		cfg.Handoff = deps.Handoff
	}
	if deps.SendRate > 0 {
		cfg.Limits.PerChat, cfg.Limits.PerGroup = deps.SendRate, deps.SendRate
	}
	a, err := telegram.New(cfg)
	if err != nil {
		return nil, []error{err}
	}
	return a, nil
}
