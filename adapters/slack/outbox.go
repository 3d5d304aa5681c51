package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
)

// webAPI is the part of Slack's Web API the adapter uses. *slack.Client
// implements it; keeping it narrow shows at a glance what the bot may do.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
}

var _ webAPI = (*slack.Client)(nil)

const (
	// maxRateLimitRetries is how often one call is retried after a 429.
	maxRateLimitRetries = 3
	// maxRetryAfter is the longest Retry-After the adapter waits for; a
	// longer one means Slack is throttling hard and the reply is dropped.
	maxRetryAfter = time.Minute
)

// respondMode says how a response_url call treats the message it answers.
type respondMode int

const (
	respondEphemeral respondMode = iota // a new message only the user sees
	respondReplace                      // replace the message with the button
	respondDelete                       // delete the message with the button
)

// outbox sends everything the adapter says. It keeps to about one message
// per second per channel, waits out 429s and retries only those: a 429
// means Slack did not accept the call, while a timeout or a 5xx may hide
// a message that was posted, and repeating it would post it twice.
type outbox struct {
	api      webAPI
	log      *slog.Logger
	observer bot.Observer // counts every failed call
	limits   *delivery.Limiter
	// retry waits out a Retry-After; tests replace its Sleep.
	retry delivery.Retrier
	// responseURLOK guards response_url calls against URLs not from Slack.
	responseURLOK func(string) bool
}

// post sends m to channel, in thread when threadTS is set, and returns the
// new message's timestamp.
func (o *outbox) post(ctx context.Context, channel, threadTS string, m message) (string, error) {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionDisableLinkUnfurl()}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	var ts string
	err := o.do(ctx, "chat.postMessage", channel, func(ctx context.Context) error {
		var err error
		_, ts, err = o.api.PostMessageContext(ctx, channel, append(opts, slack.MsgOptionBlocks(m.Blocks...))...)
		if isBlocksRejected(err) {
			o.observe("chat.postMessage", err)
			// Slack refused the blocks and posted nothing; the text
			// alone still answers.
			_, ts, err = o.api.PostMessageContext(ctx, channel, opts...)
		}
		return err
	})
	return ts, err
}

// update replaces the message at ts in channel.
func (o *outbox) update(ctx context.Context, channel, ts string, m message) error {
	return o.do(ctx, "chat.update", "", func(ctx context.Context) error {
		_, _, _, err := o.api.UpdateMessageContext(ctx, channel, ts,
			slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
		return err
	})
}

// respond answers through a response_url from a slash command or an
// interaction: it works in every channel, also where the bot is no member.
func (o *outbox) respond(ctx context.Context, responseURL string, m message, mode respondMode) error {
	if !o.responseURLOK(responseURL) {
		return fmt.Errorf("respond: response_url is not a Slack URL")
	}
	var opts []slack.MsgOption
	switch mode {
	case respondEphemeral:
		opts = append(opts, slack.MsgOptionResponseURL(responseURL, slack.ResponseTypeEphemeral))
	case respondReplace:
		opts = append(opts, slack.MsgOptionReplaceOriginal(responseURL))
	case respondDelete:
		opts = append(opts, slack.MsgOptionDeleteOriginal(responseURL))
	}
	if mode != respondDelete {
		opts = append(opts, slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
	}
	return o.do(ctx, "response_url", "", func(ctx context.Context) error {
		_, _, err := o.api.PostMessageContext(ctx, "", opts...)
		return err
	})
}

// publishHome publishes the App Home tab of user.
func (o *outbox) publishHome(ctx context.Context, user string, view slack.HomeTabViewRequest) error {
	return o.do(ctx, "views.publish", "", func(ctx context.Context) error {
		_, err := o.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
}

// userLocale returns the user's Slack locale ("de-DE").
func (o *outbox) userLocale(ctx context.Context, user string) (string, error) {
	var locale string
	err := o.do(ctx, "users.info", "", func(ctx context.Context) error {
		u, err := o.api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
		if err == nil {
			locale = u.Locale
		}
		return err
	})
	return locale, err
}

// do runs one Web API call: it waits for the channel's turn, retries
// after a 429 and logs a failure with the method and Slack's error code.
func (o *outbox) do(ctx context.Context, method, channel string, call func(context.Context) error) error {
	r := o.retry
	r.OnRetry = func(_ error, wait time.Duration) {
		o.log.Info("slack rate limited; retrying", "method", method, "retry_after", wait, "channel", channel)
	}
	attempts := 0
	err := r.Do(ctx, func(ctx context.Context) error {
		if channel != "" {
			if err := o.limits.Wait(ctx, channel); err != nil {
				return err
			}
		}
		attempts++
		err := call(ctx)
		if err != nil {
			o.observe(method, err)
		}
		return err
	}, retryAfter)
	if err != nil {
		o.log.Warn("slack api call failed", "method", method, "error_code", errorCode(err), "channel", channel, "attempt", attempts)
		return fmt.Errorf("%s: %w", method, err)
	}
	return nil
}

// observe counts a failed call of method for the metrics.
func (o *outbox) observe(method string, err error) {
	if code, ok := metricCode(err); ok {
		o.observer.ObservePlatformError(platform, method, code)
	}
}

// metricCode is the code a failed call is counted under: Slack's error
// code ("not_in_channel"), "429" for rate limits, the HTTP status of other
// refusals and "http" when no answer came back. Calls the adapter itself
// cancelled (a shutdown) are not Slack's failures and are not counted.
func metricCode(err error) (string, bool) {
	if _, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return "429", true
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok && sc.Code == http.StatusTooManyRequests {
		return "429", true
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		if se.Err == "ratelimited" {
			return "429", true
		}
		return se.Err, true
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return strconv.Itoa(sc.Code), true
	}
	if errors.Is(err, context.Canceled) {
		return "", false
	}
	return "http", true
}

// retryAfter reports whether err is Slack's 429, or its documented
// service_unavailable (nothing was done), and how long to wait.
func retryAfter(err error) (time.Duration, bool) {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok && (se.Err == "service_unavailable" || se.Err == "ratelimited") {
		return time.Second, true
	}
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return max(rl.RetryAfter, time.Second), true
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok && sc.Code == http.StatusTooManyRequests {
		return time.Second, true
	}
	return 0, false
}

// errorCode is Slack's error code for err ("not_in_channel"), or a short
// description when the call failed before Slack answered.
func errorCode(err error) string {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return se.Err
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return fmt.Sprintf("http_%d", sc.Code)
	}
	if _, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return "ratelimited"
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return "transport: " + ue.Op
	}
	return "other"
}

// isBlocksRejected reports whether Slack refused a message for its blocks,
// in which case nothing was posted and a text-only retry is safe.
func isBlocksRejected(err error) bool {
	switch errorCode(err) {
	case "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long":
		return true
	}
	return false
}

// slackResponseURL reports whether u is a response_url Slack hands out,
// or one on the same host as a configured API URL (a proxy or a test).
func slackResponseURL(apiURL string) func(string) bool {
	var extra *url.URL
	if apiURL != "" {
		extra, _ = url.Parse(apiURL)
	}
	return func(s string) bool {
		u, err := url.Parse(s)
		if err != nil || u.User != nil {
			return false
		}
		if u.Scheme == "https" && (u.Host == "hooks.slack.com" || u.Host == "hooks.slack-gov.com") {
			return true
		}
		return extra != nil && u.Scheme == extra.Scheme && strings.EqualFold(u.Host, extra.Host)
	}
}
