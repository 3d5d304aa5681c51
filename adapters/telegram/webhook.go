package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxWebhookBody bounds an update's size; real updates are a few KB.
const maxWebhookBody = 1 << 20

// secretHeader carries the webhook's secret_token on every delivery.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// runWebhook registers the webhook, takes updates until ctx is cancelled
// and then refuses new ones, so Telegram delivers them again later.
func (a *Adapter) runWebhook(ctx context.Context) error {
	if err := a.setWebhook(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.setAccepting(true)
	<-ctx.Done()
	a.setAccepting(false)
	a.log.Info("webhook stopped taking updates")
	return nil
}

// setWebhook registers the webhook with its secret_token. v5.5.1 has no
// field for secret_token, so the parameters are sent as they are. Network
// trouble is retried with back-off; a refusal (bad URL) is an error.
func (a *Adapter) setWebhook(ctx context.Context) error {
	u, err := url.Parse(a.cfg.WebhookURL)
	if err != nil {
		return err
	}
	params := tgbotapi.Params{
		"url":          u.String(),
		"secret_token": a.cfg.WebhookSecret,
	}
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return err
	}
	wait := a.cfg.Backoff
	for {
		_, err := a.api.call(ctx, "setWebhook", params)
		if err == nil {
			a.log.Info("webhook registered", "url", u.Redacted())
			return nil
		}
		if e, ok := apiError(err); ok && e.Code != codeTooMany && e.Code < 500 {
			return errors.New("telegram: setWebhook refused: " + e.Message + " (check TELEGRAM_WEBHOOK_URL)")
		}
		a.log.Warn("setWebhook failed; retrying", "err", err, "retry_in", wait)
		if err := a.sleep(ctx, max(wait, retryAfter(err))); err != nil {
			return err
		}
		wait = min(2*wait, a.cfg.MaxBackoff)
	}
}

// serveWebhook takes one update. A request without the right secret is
// refused and nothing else happens. An accepted update is queued and
// answered at once; a worker handles it, once per update_id.
func (a *Adapter) serveWebhook(w http.ResponseWriter, r *http.Request) {
	got, ok := r.Header[http.CanonicalHeaderKey(secretHeader)]
	switch {
	case !ok || len(got) != 1:
		http.Error(w, "missing secret token", http.StatusUnauthorized)
		return
	case subtle.ConstantTimeCompare([]byte(got[0]), []byte(a.cfg.WebhookSecret)) != 1:
		http.Error(w, "wrong secret token", http.StatusForbidden)
		return
	}
	var u tgbotapi.Update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxWebhookBody)).Decode(&u); err != nil {
		a.log.Warn("webhook: undecodable update", "err", err)
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	switch a.enqueue(u) {
	case errNotAccepting:
		w.Header().Set("Retry-After", "5")
		http.Error(w, "not taking updates", http.StatusServiceUnavailable)
	case errQueueFull:
		a.log.Warn("webhook: queue full; Telegram will deliver the update again", "update_id", u.UpdateID)
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

var (
	errNotAccepting = errors.New("not taking updates")
	errQueueFull    = errors.New("queue full")
)

// enqueue queues a webhook update unless the adapter stopped taking them.
// The intake lock makes sure no update is queued after the workers were
// told to stop: it would be acknowledged and then lost.
func (a *Adapter) enqueue(u tgbotapi.Update) error {
	a.intake.RLock()
	defer a.intake.RUnlock()
	if !a.accepting {
		return errNotAccepting
	}
	if !a.pool.trySubmit(job{update: u, once: true}) {
		return errQueueFull
	}
	return nil
}

func (a *Adapter) setAccepting(on bool) {
	a.intake.Lock()
	defer a.intake.Unlock()
	a.accepting = on
}
