package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
)

// maxBody bounds a request body: a question is cut at 1000 characters, so
// even one written entirely in JSON escapes fits.
const maxBody = 16 << 10

// entryIDPattern is what knowledge-base entry ids look like.
var entryIDPattern = regexp.MustCompile(`^[a-z0-9_-]{1,128}$`)

// reply is one bot message as the widget receives it. Text is in the
// knowledge base's light markup; the widget renders it as DOM nodes, never
// as HTML.
type reply struct {
	Kind        string           `json:"kind"`
	Lang        bot.Lang         `json:"lang"`
	Text        string           `json:"text"`
	EntryID     string           `json:"entry_id,omitempty"`
	Variant     string           `json:"variant,omitempty"`
	Suggestions []bot.Suggestion `json:"suggestions,omitempty"`
	// Feedback offers 👍/👎: only answers from the knowledge base get it.
	Feedback bool `json:"feedback,omitempty"`
	// Actions are buttons that send {"action": id}: the hand-off's consent.
	Actions []action `json:"actions,omitempty"`
	// Listen asks the page to wait for events (GET /web/v1/events): a
	// hand-off is open and the recruiting team may write.
	Listen bool `json:"listen,omitempty"`
}

type action struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

func toReply(r bot.Reply) reply {
	return reply{Kind: string(r.Kind), Lang: r.Lang, Text: r.Text, EntryID: r.EntryID,
		Variant: r.Variant, Suggestions: r.Suggestions, Feedback: r.Answered()}
}

// textReply is a reply of the web chat's own (a privacy notice, the
// contact), without buttons.
func textReply(kind string, lang bot.Lang, text string) reply {
	return reply{Kind: kind, Lang: lang, Text: text}
}

// session is the caller of an authenticated request.
type session struct {
	id   string // the session id from the token; never logged or stored
	user string // its pseudonym
}

type sessionHandler func(w http.ResponseWriter, r *http.Request, s session)

// endpoint checks the caller's origin, sets the CORS headers and the
// per-address limit, and answers everything else with JSON errors.
func (a *Adapter) endpoint(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !a.allowOrigin(w, r) {
			return
		}
		if !a.perAddress.allow(clientAddress(r)) {
			a.tooMany(w, "address")
			return
		}
		h(w, r)
	}
}

// preflight answers the browser's CORS preflight for an allowed origin.
func (a *Adapter) preflight(w http.ResponseWriter, r *http.Request) {
	if !a.allowOrigin(w, r) {
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
	w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// allowOrigin lets through requests from the configured origins and from
// the bot's own host (its demo page), and refuses everything else with
// 403: the chat endpoint answers browsers on the pages that embed it.
func (a *Adapter) allowOrigin(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if a.originAllowed(origin, r.Host) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		return true
	}
	// Browsers send no Origin with a same-origin GET (the demo page's long
	// poll); they do send Sec-Fetch-Site.
	if origin == "" && r.Method == http.MethodGet && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	a.log.Info("origin refused", "has_origin", origin != "")
	writeError(w, http.StatusForbidden, "this site may not use the chat; its operator can allow it with CAREERBOT_WEB_ORIGINS")
	return false
}

func (a *Adapter) originAllowed(origin, host string) bool {
	if origin == "" {
		return false
	}
	if p, err := parseOrigin(origin); err == nil && a.origins[p] {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
}

// withSession checks the bearer token and the per-session limit.
func (a *Adapter) withSession(h sessionHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		id, err := a.sessions.check(token)
		if err != nil {
			writeError(w, http.StatusUnauthorized, "the chat session has expired; please start again")
			return
		}
		if !a.perSession.allow(id) {
			a.tooMany(w, "session")
			return
		}
		h(w, r, session{id: id, user: a.cfg.Pseudonyms.Pseudonym(platform, id)})
	}
}

func (a *Adapter) tooMany(w http.ResponseWriter, scope string) {
	a.log.Info("rate limited", "scope", scope)
	a.cfg.Observer.ObserveRateLimited(platform)
	w.Header().Set("Retry-After", "60")
	writeError(w, http.StatusTooManyRequests, "too many messages at once; please wait a minute")
}

type sessionRequest struct {
	Lang string `json:"lang"`
}

type sessionResponse struct {
	Token   string   `json:"token"`
	Lang    bot.Lang `json:"lang"`
	Replies []reply  `json:"replies"`
}

// openSession issues a token and greets with the topic menu.
func (a *Adapter) openSession(w http.ResponseWriter, r *http.Request) {
	var req sessionRequest
	if !decode(w, r, &req) {
		return
	}
	if !a.newSessions.allow(clientAddress(r)) {
		a.tooMany(w, "new_session")
		return
	}
	lang := bot.LangFromLocale(req.Lang)
	menu, err := a.cfg.Answerer.Menu(r.Context(), lang)
	if err != nil {
		a.fail(w, "menu", err)
		return
	}
	_, token := a.sessions.issue()
	a.log.Debug("session opened", "lang", lang)
	writeJSON(w, http.StatusCreated, sessionResponse{Token: token, Lang: lang, Replies: []reply{toReply(menu)}})
}

type messageRequest struct {
	// Text is a typed message.
	Text string `json:"text"`
	// EntryID opens a follow-up in Lang instead.
	EntryID string `json:"entry_id"`
	Lang    string `json:"lang"`
	// Action "person" asks for a human.
	Action string `json:"action"`
}

type messageResponse struct {
	Replies []reply `json:"replies"`
}

// message answers a typed question, a follow-up button or the "talk to a
// person" button.
func (a *Adapter) message(w http.ResponseWriter, r *http.Request, s session) {
	var req messageRequest
	if !decode(w, r, &req) {
		return
	}
	lang, err := bot.ParseLang(req.Lang)
	if err != nil {
		writeError(w, http.StatusBadRequest, "\"lang\" must be \"de\" or \"en\"")
		return
	}
	var out []reply
	switch {
	case req.Action == "person" || req.Action == handoff.ActionRequest:
		out, err = a.person(r.Context(), lang, bot.FormDu, s)
	case a.cfg.Handoff != nil && (req.Action == handoff.ActionConsent || req.Action == handoff.ActionDecline):
		out, err = a.handoffAction(r.Context(), req.Action, lang, s)
	case req.Action != "":
		writeError(w, http.StatusBadRequest, "unknown \"action\"")
		return
	case req.EntryID != "":
		out, err = a.open(r.Context(), req.EntryID, lang, s)
	case strings.TrimSpace(req.Text) != "":
		out, err = a.ask(r.Context(), req.Text, lang, s)
	default:
		writeError(w, http.StatusBadRequest, "send {\"text\": \"...\"} or {\"entry_id\": \"...\"}")
		return
	}
	switch {
	case errors.Is(err, bot.ErrNotFound):
		writeError(w, http.StatusNotFound, "that question no longer exists; please ask in your own words")
	case errors.Is(err, errSilent):
		// Still over the engine's question limit: nothing to say.
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusTooManyRequests, "too many questions at once; please wait a minute")
	case err != nil:
		a.fail(w, "answer", err)
	default:
		// No replies is an answer too: a message passed on to a recruiter.
		writeJSON(w, http.StatusOK, messageResponse{Replies: orEmpty(out)})
	}
}

// errSilent is a question the engine does not answer: its asker is still
// over the rate limit.
var errSilent = errors.New("over the question limit")

func orEmpty(r []reply) []reply {
	if r == nil {
		return []reply{}
	}
	return r
}

func (a *Adapter) open(ctx context.Context, id string, lang bot.Lang, s session) ([]reply, error) {
	if !entryIDPattern.MatchString(id) {
		return nil, bot.ErrNotFound
	}
	if lang == "" {
		lang = bot.German
	}
	if a.cfg.Handoff != nil {
		msg, held, err := a.cfg.Handoff.Hold(ctx, a.handoffPerson(lang, s))
		if err != nil || held {
			return []reply{fromHandoff(msg, lang)}, err
		}
	}
	rep, err := a.cfg.Answerer.OpenFor(ctx, id, lang, s.user)
	if err != nil {
		return nil, err
	}
	return []reply{toReply(rep)}, nil
}

// ask answers typed text: the privacy commands, a request for a person,
// or a question for the engine. lang is the widget's language, a
// tie-breaker for messages too short to tell.
func (a *Adapter) ask(ctx context.Context, text string, lang bot.Lang, s session) ([]reply, error) {
	if cmd, cmdLang, ok := privacyCommand(text); ok && a.cfg.Operator != nil {
		return a.privacy(ctx, cmd, orLang(cmdLang, lang), s)
	}
	if a.cfg.Handoff != nil {
		msgs, handled, err := a.cfg.Handoff.HandleText(ctx, a.handoffPerson(lang, s), text)
		if err != nil || handled {
			return fromHandoffAll(msgs, orLang(lang, bot.German)), err
		}
	} else if bot.AsksForPerson(text) {
		return a.person(ctx, lang, bot.FormOf(text), s)
	}
	rep, err := a.cfg.Answerer.Ask(ctx, bot.Request{Text: text, Locale: string(lang),
		Conversation: platform + ":" + s.id, Platform: platform, User: s.user})
	switch {
	case err != nil:
		return nil, err
	case rep.Kind == bot.KindSilent:
		return nil, errSilent
	}
	return []reply{toReply(rep)}, nil
}

// person answers "talk to a person": with the hand-off when recruiters
// take conversations over, else with the recruiting team's contact.
func (a *Adapter) person(ctx context.Context, lang bot.Lang, form bot.Form, s session) ([]reply, error) {
	lang = orLang(lang, bot.German)
	if a.cfg.Handoff != nil {
		return a.handoffAction(ctx, handoff.ActionRequest, lang, s)
	}
	return []reply{textReply("person", lang, bot.PersonText(a.cfg.Contact, lang, form))}, nil
}

func (a *Adapter) handoffAction(ctx context.Context, id string, lang bot.Lang, s session) ([]reply, error) {
	lang = orLang(lang, bot.German)
	msgs, err := a.cfg.Handoff.HandleAction(ctx, a.handoffPerson(lang, s), id)
	return fromHandoffAll(msgs, lang), err
}

// handoffPerson is the session as the hand-off sees it: its pseudonym, and
// the session id as the address its events are queued under.
func (a *Adapter) handoffPerson(lang bot.Lang, s session) handoff.Person {
	return handoff.Person{Platform: platform, User: s.user, Address: s.id, Lang: orLang(lang, bot.German)}
}

func fromHandoffAll(msgs []handoff.Message, lang bot.Lang) []reply {
	out := make([]reply, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, fromHandoff(m, lang))
	}
	return out
}

type feedbackRequest struct {
	EntryID string `json:"entry_id"`
	Lang    string `json:"lang"`
	Helpful *bool  `json:"helpful"`
	Variant string `json:"variant"`
}

type feedbackResponse struct {
	Text string `json:"text"`
}

// feedback stores a 👍/👎 on an answer.
func (a *Adapter) feedback(w http.ResponseWriter, r *http.Request, s session) {
	var req feedbackRequest
	if !decode(w, r, &req) {
		return
	}
	lang, err := bot.ParseLang(req.Lang)
	if err != nil || req.Helpful == nil || !entryIDPattern.MatchString(req.EntryID) || (req.Variant != "" && req.Variant != "A" && req.Variant != "B") {
		writeError(w, http.StatusBadRequest, "send {\"entry_id\": \"...\", \"lang\": \"de\", \"helpful\": true}")
		return
	}
	lang = orLang(lang, bot.German)
	if a.cfg.Feedback != nil {
		f := bot.Feedback{EntryID: req.EntryID, Lang: lang, Helpful: *req.Helpful, Platform: platform,
			User: s.user, At: a.cfg.Now(), Variant: req.Variant}
		if err := a.cfg.Feedback.RecordFeedback(r.Context(), f); err != nil {
			a.fail(w, "feedback", err)
			return
		}
	}
	a.cfg.Observer.ObserveFeedback(platform, *req.Helpful)
	writeJSON(w, http.StatusOK, feedbackResponse{Text: lang.Pick("Danke für deine Rückmeldung!", "Thanks for your feedback!")})
}

// fail logs an internal error and tells the person to try again.
func (a *Adapter) fail(w http.ResponseWriter, what string, err error) {
	a.log.Error("request failed", "step", what, "err", err)
	writeError(w, http.StatusInternalServerError, "the chat could not answer; please try again")
}

// decode reads one bounded JSON object, answering 400 or 413 itself.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	err := dec.Decode(v)
	if err == nil {
		if _, err = dec.Token(); errors.Is(err, io.EOF) {
			err = nil
		} else if err == nil {
			err = errors.New("data after the JSON object")
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "the message is too large")
	default:
		writeError(w, http.StatusBadRequest, "the body must be one JSON object")
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// clientAddress is the TCP peer's IP: behind a reverse proxy, all clients
// share the proxy's address and its limit.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func orLang(l, fallback bot.Lang) bot.Lang {
	if l == "" {
		return fallback
	}
	return l
}
