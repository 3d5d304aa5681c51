package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

// Defaults for the zero values of Config's tuning fields.
const (
	DefaultCommand       = "/karriere"
	DefaultDrainTimeout  = 10 * time.Second
	DefaultHandleTimeout = 90 * time.Second
	DefaultQuietAfter    = 2 * time.Minute

	// maxThreads bounds the threads remembered for follow-ups.
	maxThreads = 10000
	// maxLocales bounds the cached user locales; localeTTL keeps them fresh.
	maxLocales = 10000
	localeTTL  = 12 * time.Hour
	// platform is the name questions, feedback and metrics are recorded
	// under, and the platform of CAREERBOT_ADMINS entries.
	platform = "slack"
)

// Config configures an Adapter. The tokens, Answerer, Feedback, Inbox,
// Pseudonyms and Operator are required; the rest have defaults.
type Config struct {
	// BotToken is the bot's xoxb- token for the Web API.
	BotToken string
	// AppToken is an xapp- app-level token; when set the adapter receives
	// events over Socket Mode.
	AppToken string
	// SigningSecret verifies requests to the HTTP routes. Without it the
	// adapter registers no routes (Socket Mode only).
	SigningSecret string
	// APIURL overrides the Web API base URL ("https://slack.com/api/"); it
	// must end with a slash.
	APIURL string
	// Command is the slash command's name, used in help texts.
	Command string

	Answerer bot.Answerer
	Feedback bot.FeedbackRecorder
	// Inbox keeps every request from its acknowledgement to its answer.
	Inbox      delivery.Inbox
	Pseudonyms *bot.Pseudonymizer
	// Operator deletes a user's data (`/karriere vergessen`, the App Home
	// button), explains what is stored and runs the admin commands. It is
	// required: a bot that stores questions must be able to forget them.
	Operator bot.Operator
	// Handoff, when set, lets people in DMs talk to a recruiter, and
	// receives the replies and button clicks in the hand-off desk channel
	// HandoffChannel (a channel id).
	Handoff        Handoff
	HandoffChannel string
	// Observer counts feedback and failed Web API calls; nil counts nothing.
	Observer   bot.Observer
	Logger     *slog.Logger
	HTTPClient *http.Client

	// Workers answer in parallel, each conversation in order; zero means
	// delivery.DefaultWorkers.
	Workers int
	// Secrets are redacted from the log besides the adapter's own tokens
	// (CAREERBOT_SECRET).
	Secrets []string
	// DrainTimeout bounds how long Run waits for replies in flight when
	// it is stopped.
	DrainTimeout time.Duration
	// HandleTimeout bounds the work on one event, command or click.
	HandleTimeout time.Duration
	// JobAlerts, when set, shows job alerts in the App Home and sends
	// each new matching posting to its subscribers by DM.
	JobAlerts bot.JobAlerts
	// Jobs, when set, gives ephemeral job lists a share button per
	// posting that posts it into the channel.
	Jobs bot.JobLookup
	// AlertInterval is how often new postings are checked against the
	// job alerts (default 1m).
	AlertInterval time.Duration
	// ChannelRate and ChannelBurst limit messages per channel; zero means
	// one per second.
	ChannelRate  rate.Limit
	ChannelBurst int
	// QuietAfter restarts a Socket Mode connection that received nothing,
	// not even a ping, for this long.
	QuietAfter time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Adapter connects careerbot to one Slack workspace.
type Adapter struct {
	cfg      Config
	log      *slog.Logger
	client   *slack.Client
	out      *outbox
	verifier SignatureVerifier
	rt       *delivery.Runtime
	threads  *delivery.BoundedMap[struct{}]
	locales  *delivery.BoundedMap[string]
	// reconnectWait is the first pause before a new Socket Mode
	// connection; it doubles while connections keep failing.
	reconnectWait time.Duration
	// localeCalls merges concurrent users.info calls for one user.
	localeCalls singleflight.Group

	self      atomic.Pointer[identity] // set once auth.test succeeded
	authErr   atomic.Pointer[error]    // the last auth.test failure
	connected atomic.Bool              // Socket Mode connection is up
}

// identity is who the bot is, from auth.test.
type identity struct {
	UserID string
	BotID  string
	TeamID string
	Name   string
}

var (
	_ bot.Adapter      = (*Adapter)(nil)
	_ bot.HTTPAdapter  = (*Adapter)(nil)
	_ bot.ReadyChecker = (*Adapter)(nil)
)

// New returns an Adapter for cfg. It checks the configuration with Check
// but does not connect to Slack; Run does.
func New(cfg Config) (*Adapter, error) {
	problems := Check(cfg)
	if cfg.Answerer == nil || cfg.Feedback == nil || cfg.Inbox == nil || cfg.Pseudonyms == nil || cfg.Operator == nil {
		problems = append(problems, errors.New("answerer, feedback recorder, inbox, pseudonymizer and operator are required"))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("slack adapter: %w", errors.Join(problems...))
	}
	cfg.Command = cmpOr(cfg.Command, DefaultCommand)
	cfg.DrainTimeout = cmpOr(cfg.DrainTimeout, DefaultDrainTimeout)
	cfg.HandleTimeout = cmpOr(cfg.HandleTimeout, DefaultHandleTimeout)
	cfg.AlertInterval = cmpOr(cfg.AlertInterval, time.Minute)
	cfg.QuietAfter = cmpOr(cfg.QuietAfter, DefaultQuietAfter)
	cfg.ChannelRate = cmpOr(cfg.ChannelRate, rate.Every(time.Second))
	cfg.ChannelBurst = cmpOr(cfg.ChannelBurst, 1)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	redactor := delivery.NewRedactor(append([]string{cfg.BotToken, cfg.AppToken, cfg.SigningSecret}, cfg.Secrets...)...)
	cfg.Logger = slog.New(redactor.Handler(cfg.Logger.Handler()))
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Observer == nil {
		cfg.Observer = bot.NopObserver{}
	}

	opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient), slack.OptionLog(debugLog{cfg.Logger})}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	a := &Adapter{
		cfg:      cfg,
		log:      cfg.Logger,
		client:   client,
		verifier: SignatureVerifier{Secret: []byte(cfg.SigningSecret), Now: cfg.Now},
		threads:  delivery.NewBoundedMap[struct{}](maxThreads, 0, cfg.Now),
		locales:  delivery.NewBoundedMap[string](maxLocales, localeTTL, cfg.Now),

		reconnectWait: time.Second,
	}
	a.out = &outbox{
		api:           client,
		log:           cfg.Logger,
		observer:      cfg.Observer,
		limits:        delivery.NewLimiter(cfg.ChannelRate, cfg.ChannelBurst),
		retry:         delivery.Retrier{MaxRetries: maxRateLimitRetries, MaxWait: maxRetryAfter},
		responseURLOK: slackResponseURL(cfg.APIURL),
	}
	rt, err := delivery.New(delivery.Config{
		Adapter:       platform,
		Inbox:         cfg.Inbox,
		Handle:        a.handle,
		Logger:        cfg.Logger,
		Workers:       cfg.Workers,
		HandleTimeout: cfg.HandleTimeout,
		DrainTimeout:  cfg.DrainTimeout,
		Now:           cfg.Now,
	})
	if err != nil {
		return nil, err
	}
	a.rt = rt
	if cfg.Handoff != nil {
		cfg.Handoff.Register(platform, handoffOutlet{a})
	}
	return a, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Name is "slack".
func (a *Adapter) Name() string { return "slack" }

// Delivery is the adapter's runtime, for /metrics and /readyz.
func (a *Adapter) Delivery() *delivery.Runtime { return a.rt }

// Ready reports whether auth.test succeeded, in Socket Mode whether the
// connection is up, and whether the inbox is moving.
func (a *Adapter) Ready(ctx context.Context) error {
	if err := a.rt.Ready(ctx); err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	if a.self.Load() == nil {
		if err := a.authErr.Load(); err != nil {
			return fmt.Errorf("slack: not authenticated: %w", *err)
		}
		return errors.New("slack: not authenticated yet")
	}
	if a.cfg.AppToken != "" && !a.connected.Load() {
		return errors.New("slack: socket mode not connected")
	}
	return nil
}

// Run authenticates, then answers from the inbox until ctx is cancelled:
// what was accepted before is answered first, in order. On cancellation
// the replies in flight finish within DrainTimeout, the rest stays in the
// inbox, and Run returns nil. It fails only when Slack rejects the tokens.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.log.Info("slack adapter stopped")
	self, err := a.authenticate(ctx)
	if err != nil {
		return err
	}
	if self == nil {
		return nil // stopped before Slack could be reached
	}
	a.log.Info("slack adapter running", "team", self.TeamID, "bot_user", self.UserID,
		"socket_mode", a.cfg.AppToken != "", "http", a.cfg.SigningSecret != "")
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.rt.Run(gctx) })
	if a.cfg.JobAlerts != nil {
		g.Go(func() error {
			delivery.Every(gctx, a.cfg.AlertInterval, a.log, "checking job alerts", a.queueAlerts)
			return nil
		})
	}
	if a.cfg.AppToken != "" {
		g.Go(func() error { return a.runSocketMode(gctx) })
	}
	return g.Wait()
}

// authenticate calls auth.test until it succeeds. A rejected token is an
// error; network trouble is retried with backoff. It returns nil, nil
// when ctx ends first.
func (a *Adapter) authenticate(ctx context.Context) (*identity, error) {
	backoff := time.Second
	for {
		res, err := a.client.AuthTestContext(ctx)
		if err == nil {
			id := &identity{UserID: res.UserID, BotID: res.BotID, TeamID: res.TeamID, Name: res.User}
			a.self.Store(id)
			return id, nil
		}
		a.authErr.Store(&err)
		if ctx.Err() != nil {
			return nil, nil
		}
		a.out.observe("auth.test", err)
		if fatalAuth(err) {
			return nil, fmt.Errorf("slack auth.test: %s: check SLACK_BOT_TOKEN", errorCode(err))
		}
		a.log.Warn("slack auth.test failed; retrying", "error_code", errorCode(err), "retry_in", backoff)
		if delivery.Sleep(ctx, backoff) != nil {
			return nil, nil
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// fatalAuth reports whether Slack rejected a token, as opposed to being
// unreachable.
func fatalAuth(err error) bool {
	switch errorCode(err) {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type":
		return true
	}
	return false
}

// debugLog routes slack-go's own logging to the adapter's logger at debug
// level: it may contain message text.
type debugLog struct{ l *slog.Logger }

func (d debugLog) Output(_ int, s string) error {
	d.l.Debug(strings.TrimSpace(s), "source", "slack-go")
	return nil
}
