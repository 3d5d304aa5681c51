package main

import (
	"fmt"
	"net/url"
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
	cfg.Dedup = deps.Store
	cfg.Pseudonyms = deps.Pseudonyms
	cfg.Operator = deps.Operator
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
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		problems = append(problems, fmt.Errorf("SLACK_BOT_TOKEN must be a bot token starting with xoxb- (Slack app settings → OAuth & Permissions → Bot User OAuth Token)"))
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		problems = append(problems, fmt.Errorf("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write), or unset it to use HTTP"))
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		problems = append(problems, fmt.Errorf("SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify Slack's requests (Basic Information → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode"))
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(cfg.APIURL, "/") {
			problems = append(problems, fmt.Errorf("SLACK_API_URL=%q must be an absolute http(s) URL ending in /, such as https://slack.com/api/ (or unset it)", cfg.APIURL))
		}
	}
	if cfg.Command == "" {
		cfg.Command = slackadapter.DefaultCommand
	} else if !strings.HasPrefix(cfg.Command, "/") || strings.ContainsAny(cfg.Command, " \t") || len(cfg.Command) > 32 {
		problems = append(problems, fmt.Errorf("SLACK_COMMAND=%q must be a slash command such as /karriere (a slash, no spaces, at most 32 characters)", cfg.Command))
	}
	return cfg, problems
}
