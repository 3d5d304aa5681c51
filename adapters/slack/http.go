package slack

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody caps a request from Slack. Real payloads are a few kilobytes;
// a message with many blocks stays well below this.
const maxBody = 1 << 20

// Routes registers the Slack request URLs: /slack/events,
// /slack/commands and /slack/interactions. Without a signing secret it
// registers nothing, as requests could not be verified.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.cfg.SigningSecret == "" {
		return
	}
	mux.Handle("POST /slack/events", a.verified(a.handleEvents))
	mux.Handle("POST /slack/commands", a.verified(a.handleCommand))
	mux.Handle("POST /slack/interactions", a.verified(a.handleInteraction))
}

// verified reads the body (at most maxBody) and checks Slack's signature
// before the handler sees a byte of it. A bad signature is a 401 and
// nothing else happens.
func (a *Adapter) verified(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request body", http.StatusBadRequest)
			return
		}
		if err := a.verifier.Verify(r.Header, body); err != nil {
			a.log.Warn("rejected slack request", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		h(w, r, body)
	})
}

// outerEvent is the envelope of an Events API request, read before
// slackevents parses the inner event, so that malformed requests get a
// 400 and unknown event types a quiet 200.
type outerEvent struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	EventID   string          `json:"event_id"`
	TeamID    string          `json:"team_id"`
	Event     json.RawMessage `json:"event"`
}

func (a *Adapter) handleEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	var outer outerEvent
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed JSON", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		if outer.Challenge == "" {
			http.Error(w, "missing challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, outer.Challenge)
		return
	case slackevents.AppRateLimited:
		a.log.Warn("slack is rate limiting this app's events", "team", outer.TeamID)
		return
	case slackevents.CallbackEvent:
	default:
		a.log.Debug("ignored slack request type", "type", outer.Type)
		return
	}
	if outer.EventID == "" || len(outer.Event) == 0 {
		http.Error(w, "missing event_id or event", http.StatusBadRequest)
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// Most likely an event type slack-go does not know; it was not
		// asked for, so acknowledging it is right.
		a.log.Debug("ignored slack event", "event_id", outer.EventID, "reason", err.Error())
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.Debug("slack event retry", "event_id", outer.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	if err := a.acceptEvent(r.Context(), outer.EventID, outer.TeamID, ev.InnerEvent); err != nil {
		// Not acknowledged: Slack delivers it again.
		http.Error(w, "cannot store the event", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) handleCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID:      form.Get("team_id"),
		ChannelID:   form.Get("channel_id"),
		UserID:      form.Get("user_id"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
		TriggerID:   form.Get("trigger_id"),
	}
	if err := a.validCommand(cmd); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := a.acceptCommand(r.Context(), cmd, r.Header.Get(HeaderSignature)); err != nil {
		http.Error(w, "cannot store the command", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK) // an empty 200: the answer follows via response_url
}

func (a *Adapter) handleInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	payload := form.Get("payload")
	if payload == "" {
		http.Error(w, "missing payload", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		http.Error(w, "malformed payload JSON", http.StatusBadRequest)
		return
	}
	if cb.User.ID == "" {
		http.Error(w, "missing user", http.StatusBadRequest)
		return
	}
	if err := a.acceptInteraction(r.Context(), cb, []byte(payload), r.Header.Get(HeaderSignature)); err != nil {
		http.Error(w, "cannot store the interaction", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
