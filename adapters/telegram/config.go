package telegram

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

// Config configures an Adapter. Token, Answerer, Cursors, Inbox, Feedback
// and Pseudonyms are required; zero tunables get production defaults.
type Config struct {
	// Token is the bot token from @BotFather.
	Token string
	// Endpoint is the Bot API URL format with two %s (token, method), as
	// tgbotapi.APIEndpoint; "" means api.telegram.org.
	Endpoint string
	// WebhookURL switches to webhook mode when set (an https URL); the
	// adapter registers it with setWebhook and serves POST /telegram/webhook.
	WebhookURL string
	// WebhookSecret is sent as secret_token and checked on every webhook
	// request. Required in webhook mode.
	WebhookSecret string
	// Admins are the user ids allowed to post answers into channels. They
	// are compared in memory and never stored.
	Admins []int64

	Answerer bot.Answerer
	Cursors  bot.CursorStore
	// Inbox keeps every update from its confirmation to its answer.
	Inbox      delivery.Inbox
	Feedback   bot.FeedbackRecorder
	Pseudonyms *bot.Pseudonymizer
	Logger     *slog.Logger
	HTTPClient *http.Client
	// Observer counts feedback and Bot API errors; nil counts nothing.
	Observer bot.Observer
	// Operator serves /datenschutz, /vergessen and the admin commands
	// /stats and /reload; without it those commands show the help.
	Operator bot.Operator
	// Handoff, when set, lets people in private chats talk to a recruiter.
	Handoff Handoff
	// JobAlerts, when set, serves /abo (/subscribe) in private chats and
	// sends each new matching posting to its subscribers.
	JobAlerts bot.JobAlerts
	// Jobs, when set, lets admins post a single posting into a channel
	// with /teilen @channel POSTING-ID.
	Jobs bot.JobLookup
	// AlertInterval is how often new postings are checked against the
	// job alerts (default 1m).
	AlertInterval time.Duration

	// Workers is how many updates are handled at once (default 8).
	Workers int
	// Secrets are redacted from the log besides the token and the
	// webhook secret (CAREERBOT_SECRET).
	Secrets []string
	// PollTimeout is getUpdates' long-poll timeout (default 30s).
	PollTimeout time.Duration
	// HandleTimeout bounds the handling of one update (default 1m).
	HandleTimeout time.Duration
	// DrainTimeout bounds how long Run waits for replies in flight after
	// its context was cancelled (default 10s).
	DrainTimeout time.Duration
	// Backoff is the first wait after a failed poll or connect, doubled up
	// to MaxBackoff (defaults 1s and 1m).
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Limits are the outgoing message rates; zero fields get Telegram's
	// documented limits.
	Limits Limits
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Limits are outgoing message rates in messages per second.
type Limits struct {
	PerChat  rate.Limit // default 1/s
	PerGroup rate.Limit // default 20/min
	Global   rate.Limit // default 30/s
}

// WebhookPath is where the adapter receives updates in webhook mode.
const WebhookPath = "/telegram/webhook"

// CheckEndpoint reports whether s is a usable Bot API endpoint format: an
// http(s) URL with exactly two %s verbs (token, then method).
func CheckEndpoint(s string) error {
	if strings.Count(s, "%s") != 2 || strings.Count(s, "%") != 2 {
		return errors.New("must contain exactly two %s (token, method), like https://api.telegram.org/bot%s/%s")
	}
	u, err := url.Parse(fmt.Sprintf(s, "TOKEN", "getMe"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("must be an http(s) URL, like https://api.telegram.org/bot%s/%s")
	}
	return nil
}

// CheckWebhookURL reports whether s can be registered as a webhook: an
// absolute https URL, as Telegram requires.
func CheckWebhookURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errors.New("must be an absolute https URL, like https://bot.example.com/telegram/webhook")
	}
	return nil
}

// CheckWebhookSecret reports whether s is a valid secret_token: 1–256
// characters of A-Z, a-z, 0-9, _ and -.
func CheckWebhookSecret(s string) error {
	if s == "" || len(s) > 256 {
		return fmt.Errorf("must be 1 to 256 characters long (is %d)", len(s))
	}
	for _, r := range s {
		if !isPayloadRune(r) {
			return errors.New("may only contain A-Z, a-z, 0-9, _ and - (create one with `openssl rand -hex 32`)")
		}
	}
	return nil
}

// ParseAdmins reads a comma-separated list of numeric Telegram user ids.
func ParseAdmins(s string) ([]int64, error) {
	var ids []int64
	var bad []string
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			bad = append(bad, strconv.Quote(f))
			continue
		}
		ids = append(ids, id)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: not a numeric user id (ask @userinfobot for yours)", strings.Join(bad, ", "))
	}
	return ids, nil
}

// isPayloadRune reports whether r may appear in a deep-link payload or a
// webhook secret.
func isPayloadRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}

// validPayload reports whether s is a valid /start payload: 1–64
// characters of A-Z, a-z, 0-9, _ and -.
func validPayload(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !isPayloadRune(r) {
			return false
		}
	}
	return true
}

// check lists every problem with cfg.
func (cfg *Config) check() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if cfg.Token == "" {
		add("no bot token")
	}
	if cfg.Endpoint != "" {
		if err := CheckEndpoint(cfg.Endpoint); err != nil {
			add("endpoint %w", err)
		}
	}
	if cfg.WebhookURL != "" {
		if err := CheckWebhookURL(cfg.WebhookURL); err != nil {
			add("webhook URL %w", err)
		}
		if err := CheckWebhookSecret(cfg.WebhookSecret); err != nil {
			add("webhook secret %w", err)
		}
	}
	if cfg.Answerer == nil {
		add("no answerer")
	}
	if cfg.Cursors == nil {
		add("no cursor store")
	}
	if cfg.Inbox == nil {
		add("no inbox")
	}
	if cfg.Feedback == nil {
		add("no feedback recorder")
	}
	if cfg.Pseudonyms == nil {
		add("no pseudonymizer")
	}
	return errors.Join(errs...)
}

// withDefaults fills in the zero tunables.
func (cfg Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = "https://api.telegram.org/bot%s/%s"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Observer == nil {
		cfg.Observer = bot.NopObserver{}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	def(&cfg.PollTimeout, 30*time.Second)
	def(&cfg.HandleTimeout, time.Minute)
	def(&cfg.DrainTimeout, 10*time.Second)
	def(&cfg.Backoff, time.Second)
	def(&cfg.MaxBackoff, time.Minute)
	def(&cfg.AlertInterval, time.Minute)
	if cfg.Limits.PerChat <= 0 {
		cfg.Limits.PerChat = 1
	}
	if cfg.Limits.PerGroup <= 0 {
		cfg.Limits.PerGroup = rate.Every(time.Minute / 20)
	}
	if cfg.Limits.Global <= 0 {
		cfg.Limits.Global = 30
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}
