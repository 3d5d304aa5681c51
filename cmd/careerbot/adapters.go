package main

import (
	"log/slog"
	"net/http"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
	"github.com/careerbot/careerbot/knowledge"
)

// serveDeps is what `careerbot serve` hands every adapter it builds.
type serveDeps struct {
	Answerer   bot.Answerer
	Store      *knowledge.Store // feedback, dedup and cursor tables
	Pseudonyms *bot.Pseudonymizer
	Logger     *slog.Logger // already tagged with component=<adapter name>
	HTTPClient *http.Client
	// Observer counts feedback and platform errors for /metrics.
	Observer bot.Observer
	// Operator serves the admin commands (stats, reload) and the privacy
	// commands (forget, privacy notice).
	Operator bot.Operator
	// Contact is the recruiting team, for people who ask for a human.
	Contact bot.Contact
	// Handoff passes conversations to recruiters in the Slack channel
	// HandoffChannel; nil when CAREERBOT_HANDOFF_SLACK_CHANNEL is unset.
	Handoff        *handoff.Manager
	HandoffChannel string
	// Secrets are redacted from the adapters' logs (CAREERBOT_SECRET).
	Secrets []string
	// SendRate, when above zero, is the messages per second an adapter
	// sends to one conversation (CAREERBOT_SEND_RATE).
	SendRate rate.Limit
	// JobAlerts keeps the job alert subscriptions (Telegram's /abo).
	JobAlerts bot.JobAlerts
	// Jobs looks up postings for sharing (Slack's share button on job
	// cards).
	Jobs bot.JobLookup
}

// adapterFactory builds one chat adapter from the environment. Each
// adapter's wiring lives in its own serve_<name>.go and registers itself in
// adapterFactories from an init function.
type adapterFactory struct {
	// Name is the adapter's name in logs and /readyz ("slack").
	Name string
	// Enabled reports whether the environment configures this adapter.
	Enabled func(getenv func(string) string) bool
	// Hint names the variables that enable the adapter, logged when it is off.
	Hint string
	// Build validates the configuration and builds the adapter. It returns
	// every configuration problem at once, each naming what to set, and
	// must not connect to anything: connecting happens in Run.
	Build func(getenv func(string) string, deps serveDeps) (bot.Adapter, []error)
}

var adapterFactories []adapterFactory
