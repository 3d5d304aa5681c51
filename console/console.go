// Package console is the web console of the recruiting team: accounts
// and roles, the entry editor with a shared draft, a preview chat that
// answers from the draft, publishing with versions, diffs and rollback.
//
// Pages are server-rendered with html/template from embedded files and
// work with plain forms; every form carries a CSRF token tied to the
// session, and the Content-Security-Policy allows no inline script.
package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
	"github.com/careerbot/careerbot/knowledge"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Prefix is the path the console is served under.
const Prefix = "/console/"

// Config configures the console. Store and Live are required.
type Config struct {
	Store *knowledge.Store
	// Live is the published knowledge base the bot answers from; the
	// console reloads it after a publish.
	Live *knowledge.Live
	// Engine holds the answer settings (thresholds, contact) the preview
	// uses; its Knowledge, Journal and Observer are ignored.
	Engine bot.Config
	// EvalCases are the project's eval questions the preview checks.
	EvalCases []eval.Case
	// SecureCookies marks cookies Secure even on plain HTTP, for a TLS
	// proxy in front; TrustProxy also believes X-Forwarded-For and
	// X-Forwarded-Proto.
	SecureCookies, TrustProxy bool
	// EditorsPublish lets editors publish (a setting can also turn it on).
	EditorsPublish bool
	// ContactChanged, when set, receives the team's contact after an admin
	// changed it, so the running bot uses it at once.
	ContactChanged func(bot.Contact)
	// SessionTTL is how long a login lasts (default 12 hours).
	SessionTTL time.Duration
	Logger     *slog.Logger
}

// Server serves the console under Prefix.
type Server struct {
	cfg   Config
	st    *knowledge.Store
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux

	previewMu sync.Mutex
	preview   previewCache

	// hashing bounds the password checks run at once: each takes 19 MiB,
	// and a burst of logins must not take the server's memory.
	hashing chan struct{}
}

// New builds the console and records the published knowledge base as the
// first version when there is none (when the database can be written).
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Live == nil {
		return nil, errors.New("console: store and live knowledge base are required")
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, st: cfg.Store, log: cfg.Logger, hashing: make(chan struct{}, maxHashing)}
	if err := s.parseTemplates(); err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	// Without it the history starts at the first publish, which records
	// the state before it anyway: a read-only database must not stop serve.
	if err := s.st.EnsureBaseline(ctx); err != nil {
		s.log.Warn("record the first version", "err", err)
	}
	s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler with the console's security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	assets, _ := fs.Sub(assetFS, "assets")
	files := http.StripPrefix(Prefix+"assets/", http.FileServerFS(assets))
	m.Handle("GET "+Prefix+"assets/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
	m.HandleFunc("GET "+Prefix+"login", s.loginPage)
	m.HandleFunc("POST "+Prefix+"login", s.login)
	m.HandleFunc("GET "+Prefix+"lang/{lang}", s.switchLang)
	m.Handle("POST "+Prefix+"logout", s.action(Viewer, s.logout))

	m.Handle("GET "+Prefix+"{$}", s.page(Viewer, s.entryList))
	m.Handle("GET "+Prefix+"entries", s.page(Viewer, s.entryList))
	m.Handle("GET "+Prefix+"entries/new", s.page(Editor, s.newEntryPage))
	m.Handle("POST "+Prefix+"entries/new", s.action(Editor, s.saveEntry))
	m.Handle("GET "+Prefix+"entries/{id}", s.page(Viewer, s.editEntryPage))
	m.Handle("POST "+Prefix+"entries/{id}", s.action(Editor, s.saveEntry))
	m.Handle("POST "+Prefix+"entries/{id}/check", s.action(Editor, s.checkEntry))
	m.Handle("GET "+Prefix+"entries/{id}/delete", s.page(Editor, s.deleteEntryPage))
	m.Handle("POST "+Prefix+"entries/{id}/delete", s.action(Editor, s.deleteEntry))

	m.Handle("GET "+Prefix+"topics", s.page(Viewer, s.topicsPage))
	m.Handle("POST "+Prefix+"topics/{id}", s.action(Editor, s.saveTopic))
	m.Handle("POST "+Prefix+"topics/{id}/delete", s.action(Editor, s.deleteTopic))

	m.Handle("GET "+Prefix+"draft", s.page(Viewer, s.draftPage))
	m.Handle("POST "+Prefix+"draft/publish", s.action(Editor, s.publish))
	m.Handle("POST "+Prefix+"draft/discard", s.action(Editor, s.discard))
	m.Handle("GET "+Prefix+"history", s.page(Viewer, s.historyPage))
	m.Handle("GET "+Prefix+"history/diff", s.page(Viewer, s.diffPage))
	m.Handle("POST "+Prefix+"history/{id}/rollback", s.action(Editor, s.rollback))

	m.Handle("GET "+Prefix+"preview", s.page(Viewer, s.previewPage))
	m.Handle("GET "+Prefix+"preview/eval", s.page(Viewer, s.evalPage))

	m.Handle("GET "+Prefix+"inbox", s.page(Viewer, s.inboxPage))
	m.Handle("POST "+Prefix+"inbox/{id}/accept", s.action(Editor, s.inboxAccept))
	m.Handle("POST "+Prefix+"inbox/{id}/dismiss", s.action(Editor, s.inboxDismiss))
	m.Handle("GET "+Prefix+"inbox/{id}/new", s.page(Editor, s.inboxNew))
	m.Handle("POST "+Prefix+"inbox/actions/{id}/undo", s.action(Editor, s.inboxUndo))

	m.Handle("GET "+Prefix+"dashboard", s.page(Viewer, s.dashboardPage))
	m.Handle("GET "+Prefix+"dashboard.csv", s.page(Viewer, s.dashboardCSV))
	m.Handle("GET "+Prefix+"feedback", s.page(Viewer, s.feedbackPage))
	m.Handle("POST "+Prefix+"abtests/{id}/promote", s.action(Editor, s.promote))

	m.Handle("GET "+Prefix+"settings", s.page(Admin, s.settingsPage))
	m.Handle("POST "+Prefix+"settings", s.action(Admin, s.saveSettings))
	m.Handle("POST "+Prefix+"settings/users", s.action(Admin, s.addUser))
	m.Handle("POST "+Prefix+"settings/users/{name}", s.action(Admin, s.changeUser))

	m.Handle("GET "+Prefix+"audit", s.page(Admin, s.auditPage))
	m.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "err.notfound")
	})
	s.mux = m
}

// pageData is what every template gets.
type pageData struct {
	Lang    string
	Title   string
	Nav     string
	Session *session
	CSRF    string
	Notice  string // a translated confirmation
	Error   string // a translated problem
	Data    any
	Draft   bool // the draft has unpublished changes
}

// T translates a message key into the page's language.
func (p *pageData) T(key string, args ...any) string { return translate(p.Lang, key, args...) }

// Can reports whether the signed-in user has a role.
func (p *pageData) Can(role string) bool {
	return p.Session != nil && p.Session.Role.Includes(Role(role))
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	funcs := template.FuncMap{
		"join":  strings.Join,
		"pct":   func(f float64) string { return fmt.Sprintf("%.0f %%", 100*f) },
		"date":  func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"add":   func(a, b int) int { return a + b },
		"list":  func(xs ...int) []int { return xs },
		"deref": func(f *float64) float64 { return *f },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return fmt.Errorf("template %s: %w", base, err)
		}
		s.pages[base] = t
	}
	return nil
}

// render writes a page; a template error becomes a plain 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *pageData) {
	t := s.pages[name]
	if t == nil {
		s.log.Error("unknown template", "template", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if p.Lang == "" {
		p.Lang = pickLang(r)
	}
	if p.Session == nil {
		p.Session = sessionFrom(r.Context())
	}
	if p.Session != nil {
		p.CSRF = p.Session.CSRF
	}
	if p.Notice == "" {
		if k := r.URL.Query().Get("done"); k != "" && hasMessage("done."+k) {
			p.Notice = p.T("done." + k)
		}
	}
	var b strings.Builder
	if err := t.Execute(&b, p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// fail shows a friendly error page; details belong in the log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	p := &pageData{Title: "err.title"}
	p.Lang = pickLang(r)
	p.Error = p.T(key, args...)
	s.render(w, r, status, "error", p)
}

// internal logs err and shows a generic error page.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "err.internal")
}

// redirect sends the browser to a console path after a POST.
func redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// audit records an action; a failure is logged, not shown.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	user := ""
	if ses := sessionFrom(r.Context()); ses != nil {
		user = ses.Name
	}
	if err := s.st.Audit(r.Context(), knowledge.AuditEvent{User: user, Action: action, Target: target, Detail: detail}); err != nil {
		s.log.Warn("audit failed", "action", action, "err", err)
	}
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	evs, err := s.st.AuditLog(r.Context(), 200)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", &pageData{Title: "nav.audit", Nav: "settings", Data: evs})
}
