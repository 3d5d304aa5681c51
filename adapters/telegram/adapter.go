// Package telegram connects careerbot to Telegram: private chats, groups,
// inline mode and channel posts, by long polling or by webhook. See
// README.md for what people can do and how to set it up.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/sync/errgroup"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

var (
	_ bot.Adapter      = (*Adapter)(nil)
	_ bot.HTTPAdapter  = (*Adapter)(nil)
	_ bot.ReadyChecker = (*Adapter)(nil)
)

// Adapter is the Telegram adapter. It is created with New and started
// with Run; in webhook mode Routes mounts its handler.
type Adapter struct {
	cfg    Config
	log    *slog.Logger
	api    botAPI
	admins map[int64]bool

	rt       *delivery.Runtime
	limits   *outLimiter
	retry    delivery.Retrier
	langs    *chatLangs
	previews *previews

	self atomic.Pointer[tgbotapi.User] // set once getMe succeeded

	// sleep waits d or until ctx is done; tests shorten it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New checks cfg and returns an Adapter. It does not connect: getMe,
// setMyCommands and setWebhook happen in Run.
func New(cfg Config) (*Adapter, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	cfg = cfg.withDefaults()
	redactor := delivery.NewRedactor(append([]string{cfg.Token, cfg.WebhookSecret}, cfg.Secrets...)...)
	cfg.Logger = slog.New(redactor.Handler(cfg.Logger.Handler()))
	a := &Adapter{
		cfg:      cfg,
		log:      cfg.Logger,
		api:      newAPIClient(cfg.Token, cfg.Endpoint, cfg.HTTPClient),
		admins:   make(map[int64]bool),
		limits:   newOutLimiter(cfg.Limits),
		langs:    newChatLangs(),
		previews: newPreviews(cfg.Now),
		sleep:    delivery.Sleep,
	}
	a.retry = delivery.Retrier{
		MaxRetries: maxRetries,
		Sleep:      func(ctx context.Context, d time.Duration) error { return a.sleep(ctx, d) },
	}
	for _, id := range cfg.Admins {
		a.admins[id] = true
	}
	rt, err := delivery.New(delivery.Config{
		Adapter:       platform,
		Inbox:         cfg.Inbox,
		Handle:        a.handleMessage,
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

// platform names Telegram in pseudonyms, feedback, the question log and
// metrics.
const platform = "telegram"

// Name is "telegram".
func (a *Adapter) Name() string { return platform }

func (a *Adapter) webhookMode() bool { return a.cfg.WebhookURL != "" }

// Delivery is the adapter's runtime, for /metrics and /readyz.
func (a *Adapter) Delivery() *delivery.Runtime { return a.rt }

// Ready reports whether getMe succeeded, that is whether the token works
// and the Bot API answers, and whether the inbox is moving.
func (a *Adapter) Ready(ctx context.Context) error {
	if err := a.rt.Ready(ctx); err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	if a.self.Load() == nil {
		return errors.New("telegram: not connected yet (getMe has not succeeded)")
	}
	return nil
}

// botName is the bot's username, known once connected.
func (a *Adapter) botName() string {
	if u := a.self.Load(); u != nil {
		return u.UserName
	}
	return ""
}

// Run connects, registers the command menu and, in webhook mode, the
// webhook, then answers from the inbox until ctx is cancelled: what was
// stored before is answered first, in order. On cancellation the replies
// in flight finish within the drain timeout, the rest stays in the inbox,
// and Run returns nil. A token that Telegram refuses is an error.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.connect(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.registerCommands(ctx)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.rt.Run(gctx) })
	g.Go(func() error {
		if a.webhookMode() {
			return a.runWebhook(gctx)
		}
		return a.poll(gctx)
	})
	return g.Wait()
}

// connect calls getMe until it succeeds, backing off on network trouble.
// A refused token fails at once: retrying cannot fix it.
func (a *Adapter) connect(ctx context.Context) error {
	wait := a.cfg.Backoff
	for {
		me, err := a.api.getMe(ctx)
		if err == nil {
			a.self.Store(&me)
			a.log.Info("connected", "bot", me.UserName, "mode", a.mode())
			return nil
		}
		switch errorCode(err) {
		case codeUnauthorized, codeNotFound:
			return fmt.Errorf("telegram: the Bot API refused the token (%w): check TELEGRAM_BOT_TOKEN", err)
		}
		a.log.Warn("connecting to the Bot API failed; retrying", "err", err, "retry_in", wait)
		if err := a.sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, a.cfg.MaxBackoff)
	}
}

func (a *Adapter) mode() string {
	if a.webhookMode() {
		return "webhook"
	}
	return "polling"
}

// registerCommands sets the command menu in German, English and as the
// default (German). A failure is logged: the commands work without menu.
func (a *Adapter) registerCommands(ctx context.Context) {
	for _, lc := range []struct {
		code string
		lang bot.Lang
	}{{"", bot.German}, {"de", bot.German}, {"en", bot.English}} {
		var cmds []tgbotapi.BotCommand
		for _, c := range commands[lc.lang] {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c[0], Description: c[1]})
		}
		cfg := tgbotapi.NewSetMyCommands(cmds...)
		cfg.LanguageCode = lc.code
		if _, err := a.do(ctx, "setMyCommands", "", false, cfg); err != nil {
			a.log.Warn("registering the command menu failed", "language_code", lc.code, "err", err)
		}
	}
}

// Routes mounts POST /telegram/webhook in webhook mode; in polling mode
// there is nothing to mount.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.webhookMode() {
		mux.Handle("POST "+WebhookPath, http.HandlerFunc(a.serveWebhook))
	}
}
