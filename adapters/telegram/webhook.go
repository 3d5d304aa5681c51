package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxWebhookBody bounds an update's size; real updates are a few KB.
const maxWebhookBody = 1 << 20

// secretHeader carries the webhook's secret_token on every delivery.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// runWebhook registers the webhook. Updates are taken from then on for
// as long as the HTTP server runs: each goes to the inbox first.
func (a *Adapter) runWebhook(ctx context.Context) error {
	if err := a.setWebhook(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	<-ctx.Done()
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
// refused and nothing else happens. An update is stored in the inbox
// before the 200; a worker answers it, once per update_id.
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
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var u tgbotapi.Update
	if err == nil {
		err = json.Unmarshal(raw, &u)
	}
	if err != nil {
		a.log.Warn("webhook: unreadable update", "err", err)
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if err := a.accept(r.Context(), u, raw); err != nil {
		// Not acknowledged: Telegram delivers it again.
		http.Error(w, "cannot store the update", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
