package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/knowledge"
)

// maxAskBody bounds a POST /v1/ask body; a question is cut far below it.
const maxAskBody = 64 << 10

// maxConversation bounds the "conversation" key a client may send; the
// engine keeps it in memory.
const maxConversation = 256

// apiServer serves the health checks and the JSON question API.
type apiServer struct {
	answerer   bot.Answerer
	store      *knowledge.Store
	adapters   []bot.Adapter
	pseudonyms *bot.Pseudonymizer
	log        *slog.Logger
	limits     apiLimits
	// jobsFeed, when set, is reported in /readyz's details; a failing feed
	// does not make the server unready (the last good postings are served).
	jobsFeed interface{ Status() string }
}

func (s *apiServer) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("POST /v1/ask", s.ask)
	mux.HandleFunc("/v1/ask", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "use POST with a JSON body {\"question\": \"...\"}")
	})
}

// ready reports 200 when the database can be written and every adapter
// that can tell is connected; otherwise 503 naming what is not ready.
func (s *apiServer) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]string{}
	ok := true
	if err := s.store.CheckWritable(ctx); err != nil {
		checks["database"], ok = databaseProblem(err), false
		s.log.Warn("readiness: database", "err", err)
	} else {
		checks["database"] = "ok"
	}
	for _, a := range s.adapters {
		rc, can := a.(bot.ReadyChecker)
		if !can {
			continue
		}
		if err := rc.Ready(ctx); err != nil {
			checks[a.Name()], ok = "not ready", false
			if errors.Is(err, delivery.ErrStuck) {
				checks[a.Name()] = "inbox stuck"
			}
			s.log.Warn("readiness: adapter", "adapter", a.Name(), "err", err)
		} else {
			checks[a.Name()] = "ok"
		}
	}
	if s.jobsFeed != nil {
		checks["jobs_feed"] = s.jobsFeed.Status()
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, checks)
}

// databaseProblem names what is wrong with the database in a word or two.
func databaseProblem(err error) string {
	switch {
	case errors.Is(err, knowledge.ErrReadOnly):
		return "read-only"
	case errors.Is(err, knowledge.ErrFull):
		return "full"
	case errors.Is(err, knowledge.ErrDamaged):
		return "damaged"
	}
	return "unavailable"
}

type askRequest struct {
	Question     *string `json:"question"`
	Lang         string  `json:"lang"`
	User         string  `json:"user"`
	Conversation string  `json:"conversation"`
}

func (s *apiServer) ask(w http.ResponseWriter, r *http.Request) {
	client, ok := s.admit(w, r)
	if !ok {
		return
	}
	var req askRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAskBody))
	err := dec.Decode(&req)
	if err == nil {
		// One object and nothing after it: whatever follows would be
		// silently dropped, and padding would slip past the size limit.
		if _, err = dec.Token(); err == nil {
			err = errors.New("data after the JSON object")
		} else if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "body is larger than 64 KiB")
			return
		}
		writeError(w, http.StatusBadRequest, "body must be a JSON object like {\"question\": \"...\", \"lang\": \"de\"}")
		return
	}
	if req.Question == nil || strings.TrimSpace(*req.Question) == "" {
		writeError(w, http.StatusBadRequest, "\"question\" is missing or empty")
		return
	}
	lang, err := bot.ParseLang(req.Lang)
	if err != nil {
		writeError(w, http.StatusBadRequest, "\"lang\" must be \"de\" or \"en\"")
		return
	}
	if len(req.Conversation) > maxConversation {
		writeError(w, http.StatusBadRequest, "\"conversation\" is longer than 256 bytes")
		return
	}
	// Without a user the token itself is the user, so leaving "user" out
	// does not escape the per-user limit. "api" pseudonyms stay what
	// `careerbot forget --platform api` computes.
	user := s.pseudonyms.Pseudonym("api-token", client)
	if req.User != "" {
		user = s.pseudonyms.Pseudonym("api", req.User)
	}
	conversation := ""
	if req.Conversation != "" {
		conversation = "api:" + client + ":" + req.Conversation // clients cannot reach each other's
	}
	reply, err := s.answerer.Ask(r.Context(), bot.Request{Text: *req.Question, Lang: lang, Platform: "api", User: user,
		Conversation: conversation})
	if err != nil {
		s.log.Error("answer failed", "err", err)
		writeError(w, http.StatusInternalServerError, "the bot could not answer; please try again")
		return
	}
	if reply.Kind == bot.KindSilent {
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusTooManyRequests, "too many questions from this user (or, without \"user\", this token); try again in a minute")
		return
	}
	s.log.Debug("answered", "kind", reply.Kind, "entry", reply.EntryID, "lang", reply.Lang)
	writeJSON(w, http.StatusOK, toJSON(bot.Clean(*req.Question), reply))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// recoverPanics turns a panic in one request into a 500 and a log line, so
// one bad request cannot stop the server.
func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic in handler", "path", r.URL.Path, "panic", v)
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
