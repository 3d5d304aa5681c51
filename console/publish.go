package console

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// settingEditorsPublish is the console setting that lets editors publish.
const settingEditorsPublish = "editors_publish"

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// mayPublish reports whether the user may publish and roll back.
func (s *Server) mayPublish(ctx context.Context, ses *session) bool {
	if ses.Role.Includes(Publisher) {
		return true
	}
	if !ses.Role.Includes(Editor) {
		return false
	}
	if s.cfg.EditorsPublish {
		return true
	}
	v, err := s.st.Setting(ctx, settingEditorsPublish)
	return err == nil && v == "1"
}

type draftData struct {
	Diff       docDiff
	Saved      bool
	By, At     string
	MayPublish bool
	Problems   []string
	Message    string
}

func (s *Server) draftPage(w http.ResponseWriter, r *http.Request) {
	s.showDraft(w, r, http.StatusOK, nil, "")
}

func (s *Server) showDraft(w http.ResponseWriter, r *http.Request, status int, problems []string, message string) {
	ctx := r.Context()
	d, err := s.st.Draft(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	pub, err := s.st.Export(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	lang := pickLang(r)
	dd := draftData{Diff: diffDocs(pub, d.Doc, lang), Saved: d.Saved, By: d.By,
		MayPublish: s.mayPublish(ctx, sessionFrom(ctx)), Problems: problems, Message: message}
	if d.Saved {
		dd.At = d.Updated.Format("2006-01-02 15:04")
	}
	s.render(w, r, status, "draft", &pageData{Title: "nav.draft", Nav: "draft", Data: dd, Draft: d.Saved})
}

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ses := sessionFrom(ctx)
	if !s.mayPublish(ctx, ses) {
		s.fail(w, r, http.StatusForbidden, "err.publish")
		return
	}
	msg := strings.TrimSpace(r.PostFormValue("message"))
	if msg == "" {
		s.showDraft(w, r, http.StatusUnprocessableEntity, []string{translate(pickLang(r), "publish.nomessage")}, msg)
		return
	}
	d, err := s.st.Draft(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	id, err := s.st.Publish(ctx, knowledge.PublishOptions{Author: ses.Name, Message: msg}, func(cur *knowledge.Document) (*knowledge.Document, error) {
		return knowledge.Merge(cur, d.Base, d.Doc), nil
	})
	var v *knowledge.ValidationError
	if errors.As(err, &v) {
		var ps []string
		for _, p := range v.Problems {
			_, m := plainProblem(p, pickLang(r))
			ps = append(ps, cmp.Or(p.Entry, "-")+": "+m)
		}
		s.showDraft(w, r, http.StatusUnprocessableEntity, ps, msg)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.afterPublish(r, "publish", id, msg)
	redirect(w, r, Prefix+"history?done=published")
}

func (s *Server) afterPublish(r *http.Request, action string, id int64, msg string) {
	s.audit(r, action, "version "+strconv.FormatInt(id, 10), msg)
	if err := s.cfg.Live.Reload(r.Context()); err != nil {
		s.log.Warn("reload after publish", "err", err)
	}
}

func (s *Server) discard(w http.ResponseWriter, r *http.Request) {
	if !s.mayPublish(r.Context(), sessionFrom(r.Context())) {
		s.fail(w, r, http.StatusForbidden, "err.publish")
		return
	}
	if err := s.st.DiscardDraft(r.Context()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "discard", "draft", "")
	redirect(w, r, Prefix+"draft?done=discarded")
}

type historyData struct {
	Versions   []knowledge.VersionInfo
	MayPublish bool
	A, B       int64
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) {
	vs, err := s.st.Versions(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	h := historyData{Versions: vs, MayPublish: s.mayPublish(r.Context(), sessionFrom(r.Context()))}
	if len(vs) > 1 {
		h.A, h.B = vs[1].ID, vs[0].ID
	}
	s.render(w, r, http.StatusOK, "history", &pageData{Title: "nav.history", Nav: "history", Data: h})
}

type diffData struct {
	A, B knowledge.VersionInfo
	Diff docDiff
}

func (s *Server) diffPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, errA := strconv.ParseInt(r.URL.Query().Get("a"), 10, 64)
	b, errB := strconv.ParseInt(r.URL.Query().Get("b"), 10, 64)
	if errA != nil || errB != nil {
		s.fail(w, r, http.StatusBadRequest, "err.versions")
		return
	}
	da, va, err := s.st.VersionDocument(ctx, a)
	if err == nil {
		var db *knowledge.Document
		var vb knowledge.VersionInfo
		db, vb, err = s.st.VersionDocument(ctx, b)
		if err == nil {
			s.render(w, r, http.StatusOK, "diff", &pageData{Title: "diff.title", Nav: "history",
				Data: diffData{A: va, B: vb, Diff: diffDocs(da, db, pickLang(r))}})
			return
		}
	}
	if errors.Is(err, bot.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "err.versions")
		return
	}
	s.internal(w, r, err)
}

func (s *Server) rollback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ses := sessionFrom(ctx)
	if !s.mayPublish(ctx, ses) {
		s.fail(w, r, http.StatusForbidden, "err.publish")
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.versions")
		return
	}
	doc, _, err := s.st.VersionDocument(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "err.versions")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	msg := translate("en", "rollback.message", id)
	if extra := strings.TrimSpace(r.PostFormValue("message")); extra != "" {
		msg += ": " + extra
	}
	nv, err := s.st.Publish(ctx, knowledge.PublishOptions{Author: ses.Name, Message: msg, KeepDraft: true},
		func(*knowledge.Document) (*knowledge.Document, error) { return doc, nil })
	if err != nil {
		s.internal(w, r, fmt.Errorf("rollback to %d: %w", id, err))
		return
	}
	s.afterPublish(r, "rollback", nv, msg)
	redirect(w, r, Prefix+"history?done=rolledback")
}
