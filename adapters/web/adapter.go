package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// sweepEvery is how often idle rate-limit buckets are dropped.
const sweepEvery = time.Minute

// Adapter serves the web chat on the server's HTTP listener.
type Adapter struct {
	cfg      Config
	origins  map[string]bool
	sessions sessions
	log      *slog.Logger
	pages    *pages
	outbox   *outbox
	// stopping is closed when Run ends, to end the long polls.
	stopping chan struct{}

	perSession  *keyLimiter // requests of one session
	perAddress  *keyLimiter // requests of one client address
	newSessions *keyLimiter // sessions opened by one client address
}

var (
	_ bot.HTTPAdapter = (*Adapter)(nil)
)

// New checks cfg and returns an Adapter. It connects to nothing.
func New(cfg Config) (*Adapter, error) {
	switch {
	case cfg.Answerer == nil:
		return nil, errors.New("web: no answerer")
	case cfg.Pseudonyms == nil:
		return nil, errors.New("web: no pseudonymizer")
	case len(cfg.Origins) == 0:
		return nil, errors.New("web: no allowed origins")
	}
	origins := make(map[string]bool, len(cfg.Origins))
	for _, o := range cfg.Origins {
		p, err := parseOrigin(o)
		if err != nil {
			return nil, err
		}
		origins[p] = true
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Observer == nil {
		cfg.Observer = bot.NopObserver{}
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = defaultSessionTTL
	}
	cfg.Limits = cfg.Limits.withDefaults()
	pg, err := newPages(cfg.Origins)
	if err != nil {
		return nil, err
	}
	a := &Adapter{
		cfg:         cfg,
		origins:     origins,
		sessions:    sessions{keys: cfg.Pseudonyms, ttl: cfg.SessionTTL, now: cfg.Now},
		log:         cfg.Logger,
		pages:       pg,
		perSession:  newKeyLimiter(cfg.Limits.SessionPerMinute, time.Minute, cfg.Now),
		perAddress:  newKeyLimiter(cfg.Limits.AddressPerMinute, time.Minute, cfg.Now),
		newSessions: newKeyLimiter(cfg.Limits.SessionsPerHour, time.Hour, cfg.Now),
		outbox:      newOutbox(cfg.Now),
		stopping:    make(chan struct{}),
	}
	if cfg.Handoff != nil {
		cfg.Handoff.Register(platform, a.outbox)
	}
	return a, nil
}

// Name implements bot.Adapter.
func (a *Adapter) Name() string { return platform }

// Run drops idle rate-limit state and event queues until ctx ends, then
// ends the long polls. Requests are served by the HTTP server's own
// goroutines, which the server drains on shutdown.
func (a *Adapter) Run(ctx context.Context) error {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			close(a.stopping)
			return nil
		case <-t.C:
			a.perSession.sweep()
			a.perAddress.sweep()
			a.newSessions.sweep()
			a.outbox.sweep()
		}
	}
}

// Routes implements bot.HTTPAdapter.
func (a *Adapter) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /widget.js", a.pages.widget)
	mux.HandleFunc("GET /demo", a.pages.demo)
	mux.HandleFunc("GET /privacy", a.pages.privacy)
	mux.HandleFunc("OPTIONS /web/v1/", a.preflight)
	mux.HandleFunc("POST /web/v1/session", a.endpoint(a.openSession))
	mux.HandleFunc("POST /web/v1/message", a.endpoint(a.withSession(a.message)))
	mux.HandleFunc("POST /web/v1/feedback", a.endpoint(a.withSession(a.feedback)))
	mux.HandleFunc("GET /web/v1/events", a.endpoint(a.withSession(a.events)))
	mux.HandleFunc("/web/v1/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such web chat endpoint")
	})
}
