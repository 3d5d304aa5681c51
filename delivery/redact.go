package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// tokenPatterns match credentials by their shape, also ones no Redactor
// was told about: Slack tokens and a Telegram bot token in a URL path.
var tokenPatterns = regexp.MustCompile(`xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|/bot[0-9]+(:|%3A|%3a)[A-Za-z0-9_-]+`)

// Redacted replaces a secret in logs.
const Redacted = "[REDACTED]"

// Redactor removes secrets from text: the ones it was given (in plain and
// URL-escaped form) and anything shaped like a Slack or Telegram token.
// Every error from a platform client passes through one before it is
// logged.
type Redactor struct {
	r *strings.Replacer
}

// NewRedactor returns a Redactor for secrets; empty ones are ignored.
func NewRedactor(secrets ...string) *Redactor {
	var pairs []string
	for _, s := range secrets {
		if len(s) < 4 {
			continue // too short to find without damaging the text
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			pairs = append(pairs, form, Redacted)
		}
	}
	return &Redactor{r: strings.NewReplacer(pairs...)}
}

// String redacts s.
func (r *Redactor) String(s string) string {
	if r != nil {
		s = r.r.Replace(s)
	}
	return tokenPatterns.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "/bot") {
			return "/bot" + Redacted
		}
		return Redacted
	})
}

// Error is err's text, redacted; "" for nil.
func (r *Redactor) Error(err error) string {
	if err == nil {
		return ""
	}
	return r.String(err.Error())
}

// Handler wraps h so that every message and attribute it logs is
// redacted: the last line of defence behind the adapters' own care.
func (r *Redactor) Handler(h slog.Handler) slog.Handler {
	return redactHandler{h: h, r: r}
}

type redactHandler struct {
	h slog.Handler
	r *Redactor
}

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.String(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = h.attr(a)
	}
	return redactHandler{h: h.h.WithAttrs(red), r: h.r}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h: h.h.WithGroup(name), r: h.r}
}

func (h redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.r.String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = h.attr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.r.Error(x))
		case fmt.Stringer:
			return slog.String(a.Key, h.r.String(x.String()))
		case []byte:
			return slog.String(a.Key, h.r.String(string(x)))
		default:
			return slog.String(a.Key, h.r.String(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
