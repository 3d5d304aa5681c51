package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/insights"
)

// inboxDays is how far back the inbox looks by default.
const inboxDays = 30

// inboxGroup is a group of similar unanswered or low-confidence questions
// as the inbox shows it. Its ID stays the same while its most asked
// question does, so a form never acts on a group other than the one shown.
type inboxGroup struct {
	ID, Lang                  string
	Count                     int
	Questions                 []insights.Asked
	Last                      time.Time
	AnsweredBy, AnsweredTitle string
	Suggested, SuggestedTitle string
	Fit                       float64
}

// inboxDetail is what an inbox action stores: the questions it handled
// and the phrasings it added to the draft.
type inboxDetail struct {
	Handled []insights.Asked `json:"handled"`
	Added   []insights.Asked `json:"added,omitempty"`
}

func groupID(a insights.Asked) string {
	h := sha256.Sum256([]byte(a.Lang + "\x00" + normalize(a.Text)))
	return hex.EncodeToString(h[:6])
}

func askedKey(a insights.Asked) string { return a.Lang + "\x00" + normalize(a.Text) }

// inboxGroups returns the groups with what editors have not handled yet,
// most asked first.
func (s *Server) inboxGroups(ctx context.Context, days int, lang string) ([]inboxGroup, []knowledge.InboxAction, error) {
	_, draft, err := s.sides(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	since := now.AddDate(0, 0, -days)
	sugg, err := insights.SuggestFor(ctx, s.st, draft.kb, insights.Options{Since: since, Until: now, ExcludeTests: true})
	if err != nil {
		return nil, nil, err
	}
	actions, err := s.st.InboxActions(ctx)
	if err != nil {
		return nil, nil, err
	}
	handled := map[string]bool{}
	for _, a := range actions {
		if a.Undone {
			continue
		}
		var d inboxDetail
		if json.Unmarshal([]byte(a.Detail), &d) == nil {
			for _, q := range d.Handled {
				handled[askedKey(q)] = true
			}
		}
	}
	asked, err := s.st.AskedSince(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	var out []inboxGroup
	for _, sg := range sugg {
		qs := slices.DeleteFunc(slices.Clone(sg.Questions), func(a insights.Asked) bool { return handled[askedKey(a)] })
		if len(qs) == 0 {
			continue
		}
		g := inboxGroup{ID: groupID(qs[0]), Lang: qs[0].Lang, Questions: qs, Suggested: sg.EntryID, Fit: sg.Fit}
		for _, q := range qs {
			g.Count += q.Count
			info := asked[[2]string{q.Lang, q.Text}]
			if info.Last.After(g.Last) {
				g.Last = info.Last
			}
			if g.AnsweredBy == "" {
				g.AnsweredBy = info.AnsweredBy
			}
		}
		if e := draft.doc.Find(g.AnsweredBy); e != nil {
			g.AnsweredTitle = title(e, lang)
		}
		if e := draft.doc.Find(g.Suggested); e != nil {
			g.SuggestedTitle = title(e, lang)
		}
		out = append(out, g)
	}
	return out, actions, nil
}

type inboxData struct {
	Groups  []inboxGroup
	Days    int
	Entries []option
	Actions []actionView
}

type actionView struct {
	ID                     int64
	Action, EntryTitle, By string
	At                     time.Time
	Questions              []string
	Undone                 bool
}

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	days := periodDays(r, inboxDays)
	lang := pickLang(r)
	groups, actions, err := s.inboxGroups(ctx, days, lang)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	d, err := s.st.Draft(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	data := inboxData{Groups: groups, Days: days}
	for i := range d.Doc.Entries {
		data.Entries = append(data.Entries, option{Value: d.Doc.Entries[i].ID, Label: title(&d.Doc.Entries[i], lang)})
	}
	for _, a := range actions[:min(len(actions), 20)] {
		av := actionView{ID: a.ID, Action: a.Action, By: a.User, At: a.At, Undone: a.Undone}
		if e := d.Doc.Find(a.EntryID); e != nil {
			av.EntryTitle = title(e, lang)
		}
		var det inboxDetail
		if json.Unmarshal([]byte(a.Detail), &det) == nil {
			for _, q := range det.Handled {
				av.Questions = append(av.Questions, q.Text)
			}
		}
		data.Actions = append(data.Actions, av)
	}
	s.render(w, r, http.StatusOK, "inbox", &pageData{Title: "nav.inbox", Nav: "inbox", Data: data, Draft: d.Saved})
}

// findGroup looks a group up again by its id for a form's action.
func (s *Server) findGroup(r *http.Request, id string) (inboxGroup, bool, error) {
	// The same period as the page the form came from, so the groups are
	// the ones the editor saw.
	groups, _, err := s.inboxGroups(r.Context(), periodDays(r, inboxDays), pickLang(r))
	if err != nil {
		return inboxGroup{}, false, err
	}
	for _, g := range groups {
		if g.ID == id {
			return g, true, nil
		}
	}
	return inboxGroup{}, false, nil
}

func (s *Server) inboxAccept(w http.ResponseWriter, r *http.Request) {
	g, ok, err := s.findGroup(r, r.PathValue("id"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		redirect(w, r, Prefix+"inbox?done=gone")
		return
	}
	entryID := r.PostFormValue("entry")
	if entryID == "" {
		s.fail(w, r, http.StatusUnprocessableEntity, "inbox.noentry")
		return
	}
	var added []insights.Asked
	err = s.st.UpdateDraft(r.Context(), sessionFrom(r.Context()).Name, func(doc *knowledge.Document) error {
		e := doc.Find(entryID)
		if e == nil {
			return errConflict{}
		}
		for _, q := range g.Questions {
			t, ok := e.Texts[q.Lang]
			if !ok || slices.ContainsFunc(t.Questions, func(have string) bool { return normalize(have) == normalize(q.Text) }) {
				continue
			}
			t.Questions = append(slices.Clone(t.Questions), q.Text)
			e.Texts[q.Lang] = t
			added = append(added, insights.Asked{Text: q.Text, Lang: q.Lang})
		}
		if ps := problemsOf(doc, entryID); len(ps) > 0 {
			return errInvalid{ps}
		}
		return nil
	})
	var invalid errInvalid
	switch {
	case errors.As(err, new(errConflict)):
		s.fail(w, r, http.StatusNotFound, "err.noentry")
		return
	case errors.As(err, &invalid):
		_, msg := plainProblem(invalid.problems[0], pickLang(r))
		s.fail(w, r, http.StatusUnprocessableEntity, "inbox.cannot", msg)
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	s.recordInbox(w, r, g, "accept", entryID, added)
}

func (s *Server) inboxDismiss(w http.ResponseWriter, r *http.Request) {
	g, ok, err := s.findGroup(r, r.PathValue("id"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		redirect(w, r, Prefix+"inbox?done=gone")
		return
	}
	s.recordInbox(w, r, g, "dismiss", "", nil)
}

func (s *Server) recordInbox(w http.ResponseWriter, r *http.Request, g inboxGroup, action, entryID string, added []insights.Asked) {
	det := inboxDetail{Added: added}
	for _, q := range g.Questions {
		det.Handled = append(det.Handled, insights.Asked{Text: q.Text, Lang: q.Lang})
	}
	b, _ := json.Marshal(det)
	id, err := s.st.AddInboxAction(r.Context(), knowledge.InboxAction{GroupID: g.ID, Action: action, EntryID: entryID,
		Detail: string(b), User: sessionFrom(r.Context()).Name})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "inbox "+action, g.ID, entryID)
	if action == "new" {
		return
	}
	redirect(w, r, Prefix+"inbox?done="+action+"#action-"+strconv.FormatInt(id, 10))
}

// inboxNew opens the new-entry form with the group's questions.
func (s *Server) inboxNew(w http.ResponseWriter, r *http.Request) {
	g, ok, err := s.findGroup(r, r.PathValue("id"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		redirect(w, r, Prefix+"inbox?done=gone")
		return
	}
	var qs []string
	for _, q := range g.Questions {
		if q.Lang == g.Lang {
			qs = append(qs, q.Text)
		}
	}
	v := url.Values{"group": {g.ID}, "days": {strconv.Itoa(periodDays(r, inboxDays))}, "lang": {g.Lang}, "q": {strings.Join(qs, "\n")}}
	redirect(w, r, Prefix+"entries/new?"+v.Encode())
}

// inboxCreated records that a new entry was made from a group.
func (s *Server) inboxCreated(w http.ResponseWriter, r *http.Request, groupID, entryID string) {
	g, ok, err := s.findGroup(r, groupID)
	if err != nil || !ok {
		return
	}
	s.recordInbox(w, r, g, "new", entryID, nil)
}

func (s *Server) inboxUndo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.form")
		return
	}
	actions, err := s.st.InboxActions(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	i := slices.IndexFunc(actions, func(a knowledge.InboxAction) bool { return a.ID == id && !a.Undone })
	if i < 0 {
		redirect(w, r, Prefix+"inbox?done=gone")
		return
	}
	a := actions[i]
	var det inboxDetail
	_ = json.Unmarshal([]byte(a.Detail), &det)
	if a.Action == "accept" && len(det.Added) > 0 {
		err := s.st.UpdateDraft(ctx, sessionFrom(ctx).Name, func(doc *knowledge.Document) error {
			e := doc.Find(a.EntryID)
			if e == nil {
				return nil // the entry is gone, and its phrasings with it
			}
			for _, q := range det.Added {
				t := e.Texts[q.Lang]
				t.Questions = slices.DeleteFunc(slices.Clone(t.Questions), func(have string) bool { return have == q.Text })
				e.Texts[q.Lang] = t
			}
			return nil
		})
		if err != nil {
			s.internal(w, r, err)
			return
		}
	}
	if _, err := s.st.UndoInboxAction(ctx, id); err != nil && !errors.Is(err, bot.ErrNotFound) {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "inbox undo "+a.Action, a.GroupID, a.EntryID)
	redirect(w, r, Prefix+"inbox?done=undone")
}
