package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
)

// platform names the web chat in the question log, the feedback table and
// the pseudonyms.
const platform = "web"

// Config configures an Adapter. Answerer, Pseudonyms and Origins are
// required.
type Config struct {
	Answerer   bot.Answerer
	Pseudonyms *bot.Pseudonymizer
	// Origins may embed the widget and call the chat endpoint, as
	// "https://careers.example.com" (scheme, host and port; no path).
	Origins []string
	// Feedback stores 👍/👎; nil drops them.
	Feedback bot.FeedbackRecorder
	// Observer counts feedback for /metrics; nil counts nothing.
	Observer bot.Observer
	// Operator serves /datenschutz and /vergessen typed into the chat; nil
	// answers them as questions.
	Operator bot.Operator
	// Contact is who a person is pointed to when they ask for a human and
	// no Handoff is configured.
	Contact bot.Contact
	// Handoff, when set, passes conversations to recruiters on request.
	Handoff Handoff
	// Logger receives ids and outcomes, never message text.
	Logger *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
	// SessionTTL is how long a session token is valid (default 12 hours).
	SessionTTL time.Duration
	// Limits per session and per client address; zero values take the
	// defaults.
	Limits Limits
}

// Handoff is the part of *handoff.Manager the web chat uses.
type Handoff interface {
	HandleText(ctx context.Context, p handoff.Person, text string) ([]handoff.Message, bool, error)
	HandleAction(ctx context.Context, p handoff.Person, action string) ([]handoff.Message, error)
	Hold(ctx context.Context, p handoff.Person) (handoff.Message, bool, error)
	Register(platform string, o handoff.Outlet)
}

// Limits bounds how much one session and one client address may ask of
// the endpoint. The engine's own per-user question limit applies on top.
type Limits struct {
	// SessionPerMinute bounds the requests of one session.
	SessionPerMinute int
	// AddressPerMinute bounds the requests of one client address, sessions
	// included.
	AddressPerMinute int
	// SessionsPerHour bounds how many sessions one address may open.
	SessionsPerHour int
}

// Default limits. A person who reads the answers stays far below them.
const (
	DefaultSessionPerMinute = 30
	DefaultAddressPerMinute = 120
	DefaultSessionsPerHour  = 60
	defaultSessionTTL       = 12 * time.Hour
)

func (l Limits) withDefaults() Limits {
	if l.SessionPerMinute <= 0 {
		l.SessionPerMinute = DefaultSessionPerMinute
	}
	if l.AddressPerMinute <= 0 {
		l.AddressPerMinute = DefaultAddressPerMinute
	}
	if l.SessionsPerHour <= 0 {
		l.SessionsPerHour = DefaultSessionsPerHour
	}
	return l
}

// ParseOrigins reads CAREERBOT_WEB_ORIGINS: origins separated by commas or
// spaces, each "scheme://host[:port]". It returns every problem at once.
func ParseOrigins(s string) ([]string, error) {
	var origins []string
	var problems []error
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		o, err := parseOrigin(f)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		origins = append(origins, o)
	}
	if len(problems) == 0 && len(origins) == 0 {
		problems = append(problems, errors.New("no origin given"))
	}
	return origins, errors.Join(problems...)
}

func parseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	switch {
	case err != nil, u.Host == "", u.Path != "", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return "", fmt.Errorf("%q is not an origin like https://careers.example.com (scheme and host, no path)", s)
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("%q: an origin starts with https:// or http://", s)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}
