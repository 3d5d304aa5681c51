package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// callTimeout bounds one Bot API call other than getUpdates.
const callTimeout = 20 * time.Second

// botAPI is the part of the Bot API the adapter uses. The library's calls
// take no context, so every call gets its own client bound to one.
type botAPI interface {
	// getMe connects: it checks the token and returns the bot's user.
	getMe(ctx context.Context) (tgbotapi.User, error)
	// request sends one of the library's configs.
	request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	// call sends a method with raw parameters, for what the library lacks.
	call(ctx context.Context, method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error)
	// getUpdates long-polls; it may block for the poll timeout.
	getUpdates(ctx context.Context, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error)
}

// apiClient implements botAPI with tgbotapi.
type apiClient struct {
	token    string
	endpoint string
	http     *http.Client
	// poll has no client timeout: a long poll is bounded by its context.
	poll *http.Client
}

func newAPIClient(token, endpoint string, hc *http.Client) *apiClient {
	poll := *hc
	poll.Timeout = 0
	return &apiClient{token: token, endpoint: endpoint, http: hc, poll: &poll}
}

// ctxDoer binds a context to the library's context-free requests.
type ctxDoer struct {
	ctx context.Context
	c   *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.c.Do(req.WithContext(d.ctx))
}

// bot returns a library client whose requests carry ctx. It is cheap: the
// library's BotAPI is a few fields and connects only in its constructor.
func (c *apiClient) bot(ctx context.Context, hc *http.Client) *tgbotapi.BotAPI {
	b := &tgbotapi.BotAPI{Token: c.token, Client: ctxDoer{ctx, hc}}
	b.SetAPIEndpoint(c.endpoint)
	return b
}

func (c *apiClient) getMe(ctx context.Context) (tgbotapi.User, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	b, err := tgbotapi.NewBotAPIWithClient(c.token, c.endpoint, ctxDoer{ctx, c.http})
	if err != nil {
		return tgbotapi.User{}, err
	}
	return b.Self, nil
}

func (c *apiClient) request(ctx context.Context, cfg tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return c.bot(ctx, c.http).Request(cfg)
}

func (c *apiClient) call(ctx context.Context, method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return c.bot(ctx, c.http).MakeRequest(method, p)
}

func (c *apiClient) getUpdates(ctx context.Context, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(cfg.Timeout)*time.Second+callTimeout)
	defer cancel()
	resp, err := c.bot(ctx, c.poll).Request(cfg)
	if err != nil {
		return nil, err
	}
	var updates []tgbotapi.Update
	if err := json.Unmarshal(resp.Result, &updates); err != nil {
		return nil, fmt.Errorf("decode updates: %w", err)
	}
	return updates, nil
}

// apiError returns the Bot API's error inside err, if it is one.
func apiError(err error) (*tgbotapi.Error, bool) {
	var e *tgbotapi.Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// Bot API error codes the adapter reacts to.
const (
	codeUnauthorized = 401
	codeNotFound     = 404
	codeConflict     = 409
	codeTooMany      = 429
)

// errorCode is the Bot API error code of err, or 0.
func errorCode(err error) int {
	if e, ok := apiError(err); ok {
		return e.Code
	}
	return 0
}

// retryAfter is how long a 429 asks to wait, or 0 when err is no 429.
func retryAfter(err error) time.Duration {
	e, ok := apiError(err)
	if !ok || e.Code != codeTooMany {
		return 0
	}
	return max(time.Duration(e.RetryAfter)*time.Second, time.Second)
}
