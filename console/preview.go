package console

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/bot/eval"
	"github.com/careerbot/careerbot/knowledge"
)

// candidates is how many search hits the preview shows.
const candidates = 5

// previewCache keeps the engines of the last draft and published version,
// so trying questions one after another does not rebuild the index.
type previewCache struct {
	contact    bot.Contact
	draftKey   [32]byte
	draft      side
	pubVersion int64
	pub        side
}

// side is one knowledge base the preview answers from, with its engine.
type side struct {
	kb  bot.Knowledge
	eng *bot.Engine
	doc *knowledge.Document
}

func (s *Server) newSide(doc *knowledge.Document, kb bot.Knowledge, contact bot.Contact) (side, error) {
	cfg := s.cfg.Engine
	cfg.Knowledge, cfg.Journal, cfg.Observer, cfg.RateLimit, cfg.Contact = kb, nil, nil, -1, contact
	eng, err := bot.NewEngine(cfg)
	return side{kb: kb, eng: eng, doc: doc}, err
}

// sides returns the published knowledge base and the draft as it would be
// published.
func (s *Server) sides(ctx context.Context) (pub, draft side, err error) {
	d, err := s.st.Draft(ctx)
	if err != nil {
		return pub, draft, err
	}
	cur, err := s.st.Export(ctx)
	if err != nil {
		return pub, draft, err
	}
	merged := d.Doc
	body, _ := json.Marshal(merged)
	key := sha256.Sum256(body)
	contact := s.contact(ctx)
	s.previewMu.Lock()
	defer s.previewMu.Unlock()
	c := &s.preview
	if c.contact != contact {
		*c = previewCache{contact: contact}
	}
	if c.draft.eng == nil || c.draftKey != key {
		if c.draft, err = s.newSide(merged, knowledge.NewStatic(merged), contact); err != nil {
			return pub, draft, err
		}
		c.draftKey = key
	}
	if v := s.cfg.Live.Version(); c.pub.eng == nil || c.pubVersion != v {
		if c.pub, err = s.newSide(cur, s.cfg.Live, contact); err != nil {
			return pub, draft, err
		}
		c.pubVersion = v
	}
	return c.pub, c.draft, nil
}

// answerView is one side's reply to a test question.
type answerView struct {
	Kind, Text, Title, EntryID, Variant string
	Confidence                          float64
	Answered                            bool
	Candidates                          []candidateView
}

type candidateView struct {
	ID, Title  string
	Confidence float64
}

type previewData struct {
	Q, Lang          string
	Draft, Published *answerView
	Changed          bool
	EvalCases        int
}

func (s *Server) previewPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	pd := previewData{Q: q, Lang: r.URL.Query().Get("lang"), EvalCases: len(s.cfg.EvalCases)}
	if q != "" {
		pub, draft, err := s.sides(r.Context())
		if err != nil {
			s.internal(w, r, err)
			return
		}
		req := bot.Request{Text: q}
		if l, err := bot.ParseLang(pd.Lang); err == nil && pd.Lang != "" {
			req.Lang = l
		}
		if pd.Draft, err = s.answer(r.Context(), draft, req, pickLang(r)); err != nil {
			s.internal(w, r, err)
			return
		}
		if pd.Published, err = s.answer(r.Context(), pub, req, pickLang(r)); err != nil {
			s.internal(w, r, err)
			return
		}
		pd.Changed = pd.Draft.EntryID != pd.Published.EntryID || pd.Draft.Text != pd.Published.Text
	}
	s.render(w, r, http.StatusOK, "preview", &pageData{Title: "nav.preview", Nav: "preview", Data: pd})
}

func (s *Server) answer(ctx context.Context, sd side, req bot.Request, uiLang string) (*answerView, error) {
	rep, err := sd.eng.Ask(ctx, req)
	if err != nil {
		return nil, err
	}
	v := &answerView{Kind: string(rep.Kind), Text: rep.Text, EntryID: rep.EntryID, Variant: rep.Variant,
		Confidence: rep.Confidence, Answered: rep.Answered()}
	if e := sd.doc.Find(rep.EntryID); e != nil {
		v.Title = title(e, uiLang)
	}
	lang := rep.Lang
	if lang == "" {
		lang = bot.German
	}
	matches, err := sd.kb.Search(ctx, req.Text, lang, candidates)
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		c := candidateView{ID: m.EntryID, Title: m.EntryID, Confidence: m.Confidence}
		if e := sd.doc.Find(m.EntryID); e != nil {
			c.Title = title(e, uiLang)
		}
		v.Candidates = append(v.Candidates, c)
	}
	return v, nil
}

// evalChange is an eval question whose answer the draft changes.
type evalChange struct {
	Q, Lang            string
	Published, Draft   string // the answering entry's title, or the reply kind
	PubPass, DraftPass bool
}

type evalData struct {
	Cases                  int
	PubPassed, DraftPassed int
	Changes                []evalChange
}

func (s *Server) evalPage(w http.ResponseWriter, r *http.Request) {
	ed := evalData{Cases: len(s.cfg.EvalCases)}
	if ed.Cases > 0 {
		pub, draft, err := s.sides(r.Context())
		if err != nil {
			s.internal(w, r, err)
			return
		}
		rp, err := eval.Run(r.Context(), pub.eng, s.cfg.EvalCases)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		rd, err := eval.Run(r.Context(), draft.eng, s.cfg.EvalCases)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		ed.PubPassed, ed.DraftPassed = rp.InScopePassed+rp.OutScopePassed, rd.InScopePassed+rd.OutScopePassed
		lang := pickLang(r)
		for i := range rp.Results {
			a, b := rp.Results[i], rd.Results[i]
			if a.Reply.EntryID == b.Reply.EntryID && a.Reply.Kind == b.Reply.Kind && a.Pass == b.Pass {
				continue
			}
			ed.Changes = append(ed.Changes, evalChange{Q: a.Case.Q, Lang: string(a.Case.Lang),
				Published: replyLabel(pub.doc, a.Reply, lang), Draft: replyLabel(draft.doc, b.Reply, lang),
				PubPass: a.Pass, DraftPass: b.Pass})
		}
	}
	s.render(w, r, http.StatusOK, "eval", &pageData{Title: "eval.title", Nav: "preview", Data: ed})
}

func replyLabel(doc *knowledge.Document, rep bot.Reply, lang string) string {
	if e := doc.Find(rep.EntryID); e != nil && rep.Answered() {
		return title(e, lang)
	}
	return translate(lang, "kind."+string(rep.Kind))
}
