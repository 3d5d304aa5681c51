package main

import (
	"fmt"
	"strconv"
	"strings"

	slackadapter "github.com/careerbot/careerbot/adapters/slack"
	"github.com/careerbot/careerbot/bot"
)

func init() {
	adapterFactories = append(adapterFactories, adapterFactory{
		Name:    "slack",
		Enabled: func(getenv func(string) string) bool { return strings.TrimSpace(getenv("SLACK_BOT_TOKEN")) != "" },
		Hint:    "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)",
		Build:   buildSlack,
	})
}

// buildSlack configures the Slack adapter from the environment. It reports
// every problem at once and connects to nothing.
func buildSlack(getenv func(string) string, deps serveDeps) (bot.Adapter, []error) {
	cfg, problems := slackConfig(getenv)
	if len(problems) > 0 {
		return nil, problems
	}
	if deps.Store == nil {
		return nil, nil // validating only: nothing to build against yet
	}
	cfg.Answerer = deps.Answerer
	cfg.Feedback = deps.Store
	cfg.Inbox = deps.Store.Inbox()
	cfg.Secrets = deps.Secrets
	if deps.SendRate > 0 {
		cfg.ChannelRate = deps.SendRate
	}
	cfg.Pseudonyms = deps.Pseudonyms
	cfg.Operator = deps.Operator
	cfg.JobAlerts, cfg.Jobs = deps.JobAlerts, deps.Jobs
	cfg.Observer = deps.Observer
	cfg.Logger = deps.Logger
	cfg.HTTPClient = deps.HTTPClient
	if deps.Handoff != nil {
		cfg.Handoff, cfg.HandoffChannel = deps.Handoff, deps.HandoffChannel
	}
	a, err := slackadapter.New(cfg)
	if err != nil {
		return nil, []error{err}
	}
	return a, nil
}

// slackConfig reads and checks the SLACK_* variables.
func slackConfig(getenv func(string) string) (slackadapter.Config, []error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := slackadapter.Config{
		BotToken:      get("SLACK_BOT_TOKEN"),
		AppToken:      get("SLACK_APP_TOKEN"),
		SigningSecret: get("SLACK_SIGNING_SECRET"),
		APIURL:        get("SLACK_API_URL"),
		Command:       get("SLACK_COMMAND"),
	}
	var problems []error
	for _, c := range []struct {
		name string
		err  error
	}{
		{"SLACK_BOT_TOKEN", slackadapter.CheckBotToken(cfg.BotToken)},
		{"SLACK_APP_TOKEN", slackadapter.CheckAppToken(cfg.AppToken)},
		{"SLACK_API_URL=" + strconv.Quote(cfg.APIURL), slackadapter.CheckAPIURL(cfg.APIURL)},
		{"SLACK_COMMAND=" + strconv.Quote(cfg.Command), slackadapter.CheckCommand(cfg.Command)},
	} {
		if c.err != nil {
			problems = append(problems, fmt.Errorf("%s %w", c.name, c.err))
		}
	}
	if err := slackadapter.CheckModes(cfg.AppToken, cfg.SigningSecret); err != nil {
		problems = append(problems, fmt.Errorf("SLACK_SIGNING_SECRET is not set: %w (SLACK_APP_TOKEN)", err))
	}
	if cfg.Command == "" {
		cfg.Command = slackadapter.DefaultCommand
	}
	return cfg, problems
}
