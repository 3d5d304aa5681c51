package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/careerbot/careerbot/delivery"
)

// errQuiet ends a Socket Mode connection that went quiet.
var errQuiet = errors.New("socket mode connection quiet")

// runSocketMode receives events over Socket Mode until ctx ends. slack-go
// reconnects when Slack asks it to or stops pinging; on top of that each
// connection is watched for bytes of any kind, and one that stays quiet
// for QuietAfter is torn down and opened again.
func (a *Adapter) runSocketMode(ctx context.Context) error {
	backoff := a.reconnectWait
	for {
		healthy, err := a.runSocketConnection(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if fromWebAPI(err) {
			a.out.observe("apps.connections.open", err) // not a WebSocket failure
		}
		if fatalAuth(err) {
			return fmt.Errorf("slack socket mode: %s: check SLACK_APP_TOKEN", errorCode(err))
		}
		if healthy {
			backoff = a.reconnectWait
		}
		a.log.Warn("slack socket mode connection ended; reconnecting", "reason", errText(err), "retry_in", backoff)
		if delivery.Sleep(ctx, backoff) != nil {
			return nil
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// runSocketConnection runs one socketmode client until it fails, goes
// quiet or ctx ends. healthy reports whether Slack said hello.
func (a *Adapter) runSocketConnection(ctx context.Context) (healthy bool, err error) {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	act := &activity{}
	act.touch()
	client := socketmode.New(a.client,
		socketmode.OptionDialer(&websocket.Dialer{
			Proxy:            http.ProxyFromEnvironment,
			HandshakeTimeout: 45 * time.Second,
			WriteBufferSize:  32 << 10, // above Slack's 20 KB response limit: one frame per response
			NetDialContext:   act.dial,
		}),
		socketmode.OptionLog(debugLog{a.log}))
	done := make(chan error, 1)
	go func() { done <- client.RunContext(cctx) }()
	tick := time.NewTicker(max(a.cfg.QuietAfter/4, 10*time.Millisecond))
	defer tick.Stop()
	quiet := false
	defer a.connected.Store(false)
	for {
		select {
		case err := <-done:
			if quiet {
				err = errQuiet
			}
			return healthy, err
		case ev := <-client.Events:
			act.touch()
			if ev.Type == socketmode.EventTypeHello {
				healthy = true
			}
			a.onSocketEvent(cctx, client, ev)
		case <-tick.C:
			if !quiet && act.idle() > a.cfg.QuietAfter {
				quiet = true
				a.log.Warn("slack socket mode connection quiet; restarting it", "quiet_for", act.idle().Round(time.Second))
				a.connected.Store(false)
				cancel()
			}
		}
	}
}

// onSocketEvent stores each envelope's work in the inbox, then
// acknowledges it; an envelope that could not be stored is left
// unacknowledged, so Slack delivers it again.
func (a *Adapter) onSocketEvent(ctx context.Context, client *socketmode.Client, ev socketmode.Event) {
	switch ev.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeHello:
		a.connected.Store(true)
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack socket mode problem", "type", string(ev.Type), "reason", socketErr(ev.Data))
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack socket mode: invalid app-level token")
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse (say, an event type it does
		// not know) is acknowledged anyway, so Slack does not resend it.
		if bad, ok := ev.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, client, env.EnvelopeID, nil)
			}
			a.log.Debug("unreadable slack socket mode message", "reason", errText(bad.Cause))
		}
	case socketmode.EventTypeEventsAPI:
		// Acknowledged only once stored: an envelope left unacknowledged
		// is delivered again.
		e, ok := ev.Data.(slackevents.EventsAPIEvent)
		if ok && e.Type == slackevents.CallbackEvent {
			if cb, ok := e.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
				if a.acceptEvent(ctx, cb.EventID, cb.TeamID, e.InnerEvent) != nil {
					return
				}
			}
		}
		a.ack(ctx, client, envelopeID(ev), nil)
	case socketmode.EventTypeSlashCommand:
		if cmd, ok := ev.Data.(slack.SlashCommand); ok && a.validCommand(cmd) == nil {
			if a.acceptCommand(ctx, cmd, envelopeID(ev)) != nil {
				return
			}
		}
		a.ack(ctx, client, envelopeID(ev), nil)
	case socketmode.EventTypeInteractive:
		if cb, ok := ev.Data.(slack.InteractionCallback); ok && cb.User.ID != "" {
			var raw []byte
			if ev.Request != nil {
				raw = ev.Request.Payload
			}
			if a.acceptInteraction(ctx, cb, raw, envelopeID(ev)) != nil {
				return
			}
		}
		a.ack(ctx, client, envelopeID(ev), nil)
	default:
		a.log.Debug("ignored slack socket mode event", "type", string(ev.Type))
	}
}

// fromWebAPI reports whether err is a Web API call's refusal, such as
// apps.connections.open rejecting the app-level token, rather than a
// WebSocket failure.
func fromWebAPI(err error) bool {
	if _, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return true
	}
	if _, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return true
	}
	_, ok := errors.AsType[*slack.RateLimitedError](err)
	return ok
}

func envelopeID(ev socketmode.Event) string {
	if ev.Request == nil {
		return ""
	}
	return ev.Request.EnvelopeID
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, id string, payload any) {
	if id == "" {
		return
	}
	if err := client.AckCtx(ctx, id, payload); err != nil {
		a.log.Warn("cannot acknowledge slack envelope", "envelope", id, "reason", err.Error())
	}
}

func socketErr(data any) string {
	switch d := data.(type) {
	case *slack.ConnectionErrorEvent:
		return errText(d.ErrorObj)
	case *slack.IncomingEventError:
		return errText(d.ErrorObj)
	case *socketmode.ErrorWriteFailed:
		return errText(d.Cause)
	}
	return ""
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// activity tracks when a connection last received anything, Slack's
// WebSocket pings included, by watching the bytes read from the socket.
type activity struct{ last atomic.Int64 }

func (a *activity) touch() { a.last.Store(time.Now().UnixNano()) }

func (a *activity) idle() time.Duration { return time.Since(time.Unix(0, a.last.Load())) }

func (a *activity) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	a.touch()
	return watchedConn{Conn: c, act: a}, nil
}

type watchedConn struct {
	net.Conn
	act *activity
}

func (c watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.act.touch()
	}
	return n, err
}
