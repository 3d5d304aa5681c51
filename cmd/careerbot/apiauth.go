package main

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
)

// Default request limits of POST /v1/ask, per minute.
const (
	defaultTokenRate = 120
	defaultAddrRate  = 240
	// maxLimiterKeys bounds each limiter's memory.
	maxLimiterKeys = 10000
)

// apiLimits are the token buckets of POST /v1/ask: one per client address,
// checked before the token so a flood of bad tokens is cheap, and one per
// token. A nil limiter lets everything through.
type apiLimits struct {
	perAddr, perToken *keyedLimiter
}

// apiLimitsFromEnv reads CAREERBOT_API_RATE_LIMIT (requests per minute and
// token) and CAREERBOT_API_ADDR_RATE_LIMIT (per client address).
func apiLimitsFromEnv(e env) (apiLimits, []error) {
	var problems []error
	read := func(name string, def int) *keyedLimiter {
		s := e.getenv(name)
		if s == "" {
			return newKeyedLimiter(def)
		}
		n, err := strconv.Atoi(s)
		switch {
		case s == "off" || err == nil && n == 0:
			return nil
		case err != nil || n < 0:
			problems = append(problems, fmt.Errorf("%s=%q: give requests per minute, such as %d, or off", name, s, def))
			return nil
		}
		return newKeyedLimiter(n)
	}
	l := apiLimits{
		perToken: read("CAREERBOT_API_RATE_LIMIT", defaultTokenRate),
		perAddr:  read("CAREERBOT_API_ADDR_RATE_LIMIT", defaultAddrRate),
	}
	return l, problems
}

// admit lets a request to POST /v1/ask through, or answers it: 429 over
// the client address's limit, 401 without a current bearer token, 429
// over the token's limit. It returns the token's name.
func (s *apiServer) admit(w http.ResponseWriter, r *http.Request) (string, bool) {
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if wait, ok := s.limits.perAddr.allow(addr); !ok {
		tooMany(w, wait, "too many requests from this address")
		return "", false
	}
	token, found := bearerToken(r)
	if !found {
		unauthorized(w, "send an API token as the header \"Authorization: Bearer <token>\" (create one with careerbot token add NAME)")
		return "", false
	}
	name, err := s.store.TokenOwner(r.Context(), token)
	if errors.Is(err, bot.ErrNotFound) {
		unauthorized(w, "the API token is not valid (revoked, or mistyped)")
		return "", false
	}
	if err != nil {
		s.log.Error("checking an API token failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, "the token could not be checked; please try again")
		return "", false
	}
	if wait, ok := s.limits.perToken.allow(name); !ok {
		s.log.Info("api token over its limit", "token", name)
		tooMany(w, wait, "too many requests with this token")
		return "", false
	}
	return name, true
}

// bearerToken reads "Authorization: Bearer <token>" (the scheme in any
// case, RFC 7235).
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

func unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="careerbot"`)
	writeError(w, http.StatusUnauthorized, msg)
}

func tooMany(w http.ResponseWriter, wait time.Duration, msg string) {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeError(w, http.StatusTooManyRequests, fmt.Sprintf("%s; try again in %d s", msg, secs))
}

// keyedLimiter is a token bucket per key (a token name, a client
// address) with a bounded number of keys.
type keyedLimiter struct {
	limit rate.Limit
	burst int

	mu   sync.Mutex
	keys map[string]*rate.Limiter
}

// newKeyedLimiter allows perMinute requests a minute per key, a quarter
// of them at once.
func newKeyedLimiter(perMinute int) *keyedLimiter {
	return &keyedLimiter{
		limit: rate.Limit(float64(perMinute) / 60),
		burst: max(1, perMinute/4),
		keys:  map[string]*rate.Limiter{},
	}
}

// allow takes one token from key's bucket, or says how long until there
// is one.
func (l *keyedLimiter) allow(key string) (time.Duration, bool) {
	if l == nil {
		return 0, true
	}
	l.mu.Lock()
	lim, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= maxLimiterKeys {
			l.sweep()
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.keys[key] = lim
	}
	l.mu.Unlock()
	res := lim.Reserve()
	if d := res.Delay(); d > 0 {
		res.Cancel()
		return d, false
	}
	return 0, true
}

// sweep forgets keys whose bucket is full again (they have been idle);
// if that frees nothing, it forgets them all rather than grow.
func (l *keyedLimiter) sweep() {
	for k, lim := range l.keys {
		if lim.Tokens() >= float64(l.burst) {
			delete(l.keys, k)
		}
	}
	if len(l.keys) >= maxLimiterKeys {
		clear(l.keys)
	}
}
