package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
)

const (
	sessionCookie = "careerbot_session"
	loginCookie   = "careerbot_login" // the login form's CSRF token
	langCookie    = "careerbot_lang"
	// throttleWindow is how far back failed logins count.
	throttleWindow = 15 * time.Minute
	// maxUserFailures and maxAddrFailures are the failed logins per
	// account and per address within throttleWindow after which logins
	// are refused until the window has passed.
	maxUserFailures = 5
	maxAddrFailures = 20
	maxFormBytes    = 1 << 20
	// maxHashing is how many password checks run at once.
	maxHashing = 4
)

// session is the signed-in user of a request.
type session struct {
	Name string
	Role Role
	CSRF string
	hash string
}

type sessionKey struct{}

func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	return s
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// loadSession finds the request's session, or nil.
func (s *Server) loadSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil
	}
	h := hashToken(c.Value)
	ks, err := s.st.Session(r.Context(), h)
	if errors.Is(err, bot.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &session{Name: ks.User.Name, Role: Role(ks.User.Role), CSRF: ks.CSRF, hash: h}, nil
}

// page serves a GET page to users with at least role need; without a
// session it sends the browser to the login page.
func (s *Server) page(need Role, fn http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ses, err := s.loadSession(r)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if ses == nil {
			redirect(w, r, Prefix+"login?next="+url.QueryEscape(r.URL.RequestURI()))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, ses))
		if !ses.Role.Includes(need) {
			s.fail(w, r, http.StatusForbidden, "err.role")
			return
		}
		fn(w, r)
	})
}

// action serves a POST that changes something: it needs a session, the
// session's CSRF token in the form, a same-origin request and the role.
func (s *Server) action(need Role, fn http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.form")
			return
		}
		ses, err := s.loadSession(r)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if ses == nil {
			s.fail(w, r, http.StatusUnauthorized, "err.session")
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, ses))
		if !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(ses.CSRF)) != 1 {
			s.fail(w, r, http.StatusForbidden, "err.csrf")
			return
		}
		if !ses.Role.Includes(need) {
			s.fail(w, r, http.StatusForbidden, "err.role")
			return
		}
		fn(w, r)
	})
}

// sameOrigin rejects a cross-site POST by its Origin header, when the
// browser sends one.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.cfg.SecureCookies || s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: Prefix, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

// clientAddr is the address login throttling counts by.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type loginData struct {
	Next, Username string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if ses, _ := s.loadSession(r); ses != nil {
		redirect(w, r, safeNext(r.URL.Query().Get("next")))
		return
	}
	s.showLogin(w, r, http.StatusOK, "", loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, errKey string, d loginData) {
	tok := randomToken()
	s.setCookie(w, r, loginCookie, tok, time.Hour)
	p := &pageData{Title: "login.title", CSRF: tok, Data: d}
	p.Lang = pickLang(r)
	if errKey != "" {
		p.Error = p.T(errKey)
	}
	s.render(w, r, status, "login", p)
}

// safeNext keeps a redirect after login inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.form")
		return
	}
	d := loginData{Next: safeNext(r.PostFormValue("next")), Username: strings.TrimSpace(r.PostFormValue("username"))}
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.showLogin(w, r, http.StatusForbidden, "err.csrf", d)
		return
	}
	ctx := r.Context()
	userKey, addrKey := "user:"+strings.ToLower(d.Username), "addr:"+s.clientAddr(r)
	since := time.Now().Add(-throttleWindow)
	nu, err := s.st.LoginFailures(ctx, userKey, since)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	na, err := s.st.LoginFailures(ctx, addrKey, since)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if nu >= maxUserFailures || na >= maxAddrFailures {
		s.log.Warn("login throttled", "by_account", nu >= maxUserFailures, "by_address", na >= maxAddrFailures)
		s.showLogin(w, r, http.StatusTooManyRequests, "login.throttled", d)
		return
	}
	u, lookupErr := s.st.User(ctx, d.Username)
	hash := u.PasswordHash
	if lookupErr != nil {
		if !errors.Is(lookupErr, bot.ErrNotFound) {
			s.internal(w, r, lookupErr)
			return
		}
		hash = dummyHash()
	}
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return
	}
	ok := CheckPassword(hash, r.PostFormValue("password"))
	<-s.hashing
	if !ok || lookupErr != nil {
		if err := s.st.RecordLoginFailure(ctx, userKey, addrKey); err != nil {
			s.log.Warn("record login failure", "err", err)
		}
		if lookupErr == nil { // a known account: worth a line in the audit log
			s.audit(r, "login failed", u.Name, "")
		}
		s.showLogin(w, r, http.StatusUnauthorized, "login.wrong", d)
		return
	}
	if err := s.st.ClearLoginFailures(ctx, userKey); err != nil {
		s.log.Warn("clear login failures", "err", err)
	}
	tok := randomToken()
	if err := s.st.CreateSession(ctx, hashToken(tok), u.Name, randomToken(), time.Now().Add(s.cfg.SessionTTL)); err != nil {
		s.internal(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, tok, s.cfg.SessionTTL)
	s.setCookie(w, r, loginCookie, "", -time.Second)
	r = r.WithContext(context.WithValue(ctx, sessionKey{}, &session{Name: u.Name, Role: Role(u.Role)}))
	s.audit(r, "login", u.Name, "")
	redirect(w, r, d.Next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	ses := sessionFrom(r.Context())
	if err := s.st.DeleteSession(r.Context(), ses.hash); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "logout", ses.Name, "")
	s.setCookie(w, r, sessionCookie, "", -time.Second)
	redirect(w, r, Prefix+"login?done=logout")
}

// switchLang stores the chosen interface language and goes back.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	l := r.PathValue("lang")
	if l != "de" && l != "en" {
		l = "en"
	}
	s.setCookie(w, r, langCookie, l, 365*24*time.Hour)
	back := Prefix
	if ref, err := url.Parse(r.Header.Get("Referer")); err == nil && ref.Host == r.Host {
		back = safeNext(ref.RequestURI())
	}
	redirect(w, r, back)
}

// pickLang is the interface language: the cookie, else the browser's
// Accept-Language, else English.
func pickLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "de" || c.Value == "en") {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "de"):
			return "de"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "en"
}
