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
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
)

// Defaults for the zero values of Config's tuning fields.
const (
	DefaultCommand       = "/karriere"
	DefaultWorkers       = 8
	DefaultQueueSize     = 256
	DefaultDrainTimeout  = 10 * time.Second
	DefaultHandleTimeout = 90 * time.Second
	DefaultQuietAfter    = 2 * time.Minute

	// eventTTL is how long an event id is remembered. Slack retries an
	// event for about an hour at most.
	eventTTL = time.Hour
	// dedupScope is the Deduplicator scope of Slack event ids.
	dedupScope = "slack-event"
	// maxThreads bounds the threads remembered for follow-ups.
	maxThreads = 10000
	// maxLocales bounds the cached user locales; localeTTL keeps them fresh.
	maxLocales = 10000
	localeTTL  = 12 * time.Hour
	// platform is the name questions, feedback and metrics are recorded
	// under, and the platform of CAREERBOT_ADMINS entries.
	platform = "slack"
)

// Config configures an Adapter. The tokens, Answerer, Feedback, Dedup,
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

	Answerer   bot.Answerer
	Feedback   bot.FeedbackRecorder
	Dedup      bot.Deduplicator
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

	// Workers answer in parallel; QueueSize requests may wait for them.
	Workers   int
	QueueSize int
	// DrainTimeout bounds how long Run waits for replies in flight when
	// it is stopped.
	DrainTimeout time.Duration
	// HandleTimeout bounds the work on one event, command or click.
	HandleTimeout time.Duration
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
	pool     *pool
	threads  *boundedMap[struct{}]
	locales  *boundedMap[string]
	// reconnectWait is the first pause before a new Socket Mode
	// connection; it doubles while connections keep failing.
	reconnectWait time.Duration
	// localeCalls merges concurrent users.info calls for one user.
	localeCalls singleflight.Group

	self      atomic.Pointer[identity] // set once auth.test succeeded
	authErr   atomic.Pointer[error]    // the last auth.test failure
	connected atomic.Bool              // Socket Mode connection is up
	stopping  atomic.Bool              // Run is shutting down: refuse new work

	// work is the parent context of every job. It outlives Run's context
	// so that replies in flight finish after a shutdown signal, and is
	// cancelled when the drain time is up.
	work       context.Context
	cancelWork context.CancelFunc
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

// New returns an Adapter for cfg. It checks the configuration but does not
// connect to Slack; Run does.
func New(cfg Config) (*Adapter, error) {
	var problems []error
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		problems = append(problems, errors.New("bot token must start with xoxb-"))
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		problems = append(problems, errors.New("app-level token must start with xapp-"))
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		problems = append(problems, errors.New("need a signing secret (HTTP) or an app-level token (Socket Mode)"))
	}
	if cfg.APIURL != "" && !strings.HasSuffix(cfg.APIURL, "/") {
		problems = append(problems, errors.New("API URL must end with /"))
	}
	if cfg.Answerer == nil || cfg.Feedback == nil || cfg.Dedup == nil || cfg.Pseudonyms == nil || cfg.Operator == nil {
		problems = append(problems, errors.New("answerer, feedback recorder, deduplicator, pseudonymizer and operator are required"))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("slack adapter: %w", errors.Join(problems...))
	}
	cfg.Command = cmpOr(cfg.Command, DefaultCommand)
	cfg.Workers = cmpOr(cfg.Workers, DefaultWorkers)
	cfg.QueueSize = cmpOr(cfg.QueueSize, DefaultQueueSize)
	cfg.DrainTimeout = cmpOr(cfg.DrainTimeout, DefaultDrainTimeout)
	cfg.HandleTimeout = cmpOr(cfg.HandleTimeout, DefaultHandleTimeout)
	cfg.QuietAfter = cmpOr(cfg.QuietAfter, DefaultQuietAfter)
	cfg.ChannelRate = cmpOr(cfg.ChannelRate, rate.Every(time.Second))
	cfg.ChannelBurst = cmpOr(cfg.ChannelBurst, 1)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
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
		pool:     newPool(cfg.QueueSize),
		threads:  newBoundedMap[struct{}](maxThreads, 0, cfg.Now),
		locales:  newBoundedMap[string](maxLocales, localeTTL, cfg.Now),

		reconnectWait: time.Second,
	}
	a.out = &outbox{
		api:           client,
		log:           cfg.Logger,
		observer:      cfg.Observer,
		limits:        newChannelLimits(cfg.ChannelRate, cfg.ChannelBurst),
		sleep:         sleepCtx,
		responseURLOK: slackResponseURL(cfg.APIURL),
	}
	a.work, a.cancelWork = context.WithCancel(context.Background())
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

// Ready reports whether auth.test succeeded and, in Socket Mode, whether
// the connection is up.
func (a *Adapter) Ready(ctx context.Context) error {
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

// Run authenticates, then answers until ctx is cancelled. It stops taking
// new requests, lets the replies in flight finish within DrainTimeout and
// returns nil. It fails only when Slack rejects the tokens.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.shutdown()
	self, err := a.authenticate(ctx)
	if err != nil {
		return err
	}
	if self == nil {
		return nil // stopped before Slack could be reached
	}
	a.pool.start(a.cfg.Workers, a.runJob)
	a.log.Info("slack adapter running", "team", self.TeamID, "bot_user", self.UserID,
		"socket_mode", a.cfg.AppToken != "", "http", a.cfg.SigningSecret != "")
	if a.cfg.AppToken != "" {
		return a.runSocketMode(ctx)
	}
	<-ctx.Done()
	return nil
}

// shutdown closes the queue and drains it: queued and running jobs finish
// within DrainTimeout, after which their context is cancelled.
func (a *Adapter) shutdown() {
	a.stopping.Store(true)
	a.pool.close()
	if a.self.Load() == nil {
		a.pool.start(1, func(j job) { a.log.Warn("dropped request: stopped before authenticating", "kind", j.kind, "id", j.id) })
	}
	wctx, cancel := context.WithTimeout(context.Background(), a.cfg.DrainTimeout)
	defer cancel()
	if !a.pool.wait(wctx) {
		a.log.Warn("replies still running after the drain timeout; cancelling them", "timeout", a.cfg.DrainTimeout)
		a.cancelWork()
		hctx, hcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer hcancel()
		a.pool.wait(hctx)
	}
	a.cancelWork()
	a.log.Info("slack adapter stopped")
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
		if sleepCtx(ctx, backoff) != nil {
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

// runJob runs one job with its own deadline and recovers a panic, so one
// bad request cannot stop the bot.
func (a *Adapter) runJob(j job) {
	ctx, cancel := context.WithTimeout(a.work, a.cfg.HandleTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("panic while handling a slack request", "kind", j.kind, "id", j.id, "panic", fmt.Sprint(p))
		}
	}()
	j.run(ctx)
}

// enqueue hands a job to the workers. A full queue is logged: Slack has
// been told the request arrived, and it will not be answered.
func (a *Adapter) enqueue(j job) error {
	if a.stopping.Load() {
		return errStopped
	}
	err := a.pool.submit(j)
	if errors.Is(err, errQueueFull) {
		a.log.Warn("slack work queue full; request acknowledged but not answered", "kind", j.kind, "id", j.id, "queue", a.cfg.QueueSize)
	}
	return err
}

// debugLog routes slack-go's own logging to the adapter's logger at debug
// level: it may contain message text.
type debugLog struct{ l *slog.Logger }

func (d debugLog) Output(_ int, s string) error {
	d.l.Debug(strings.TrimSpace(s), "source", "slack-go")
	return nil
}
