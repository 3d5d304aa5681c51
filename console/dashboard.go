package console

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/insights"
)

// dashDays is the dashboard's default period.
const dashDays = 30

type dashboard struct {
	Days        int
	Report      *insights.Report
	Asked       int // questions without small talk
	MostAsked   []bar
	Helpfulness []helpRow
	Chart       chart
	ABTests     []abRow
	MayPublish  bool
}

// bar is a titled count with its length relative to the largest, in
// percent, for a bar drawn in SVG (inline styles are not allowed).
type bar struct {
	ID, Title string
	Count     int
	Width     int
}

type helpRow struct {
	ID, Title          string
	Helpful, Unhelpful int
	Share              float64
}

type abRow struct {
	insights.ABTest
	Title string
}

// chart is the questions-per-day chart in SVG user units.
type chart struct {
	Width, Height int
	Bars          []dayBar
	Peak          int
}

type dayBar struct {
	Date                string
	X, QY, QH, AY, AH   int
	Questions, Answered int
}

func periodDays(r *http.Request, def int) int {
	days, err := strconv.Atoi(r.FormValue("days"))
	if err != nil || days <= 0 || days > 3650 {
		return def
	}
	return days
}

func (s *Server) buildDashboard(ctx context.Context, days int, lang string) (*dashboard, error) {
	now := time.Now()
	rep, err := insights.Build(ctx, s.st, insights.Options{Since: now.AddDate(0, 0, -days), Until: now, ExcludeTests: true, Top: 10})
	if err != nil {
		return nil, err
	}
	doc, err := s.st.Export(ctx)
	if err != nil {
		return nil, err
	}
	name := func(id string) string {
		if e := doc.Find(id); e != nil {
			return title(e, lang)
		}
		return translate(lang, "dash.deleted")
	}
	d := &dashboard{Days: days, Report: rep, Asked: rep.Questions - rep.SmallTalk}
	peak := 1
	for _, m := range rep.MostAsked {
		peak = max(peak, m.Count)
	}
	for _, m := range rep.MostAsked {
		d.MostAsked = append(d.MostAsked, bar{ID: m.ID, Title: name(m.ID), Count: m.Count, Width: max(1, 100*m.Count/peak)})
	}
	for _, h := range rep.Helpfulness {
		d.Helpfulness = append(d.Helpfulness, helpRow{ID: h.ID, Title: name(h.ID), Helpful: h.Helpful, Unhelpful: h.Unhelpful, Share: h.Share})
	}
	// Worst first: the answers that most need an editor's look.
	slices.SortStableFunc(d.Helpfulness, func(a, b helpRow) int {
		return cmp.Or(cmp.Compare(a.Share, b.Share), cmp.Compare(b.Unhelpful, a.Unhelpful))
	})
	for _, t := range rep.ABTests {
		d.ABTests = append(d.ABTests, abRow{ABTest: t, Title: name(t.ID)})
	}
	d.Chart = newChart(rep.PerDay)
	return d, nil
}

func newChart(days []insights.Day) chart {
	c := chart{Height: 100, Peak: 1}
	for _, d := range days {
		c.Peak = max(c.Peak, d.Questions)
	}
	const w = 10
	c.Width = max(w, len(days)*w)
	for i, d := range days {
		qh := 100 * d.Questions / c.Peak
		ah := 100 * d.Answered / c.Peak
		c.Bars = append(c.Bars, dayBar{Date: d.Date, X: i*w + 1, QY: 100 - qh, QH: qh, AY: 100 - ah, AH: ah,
			Questions: d.Questions, Answered: d.Answered})
	}
	return c
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.buildDashboard(r.Context(), periodDays(r, dashDays), pickLang(r))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	d.MayPublish = s.mayPublish(r.Context(), sessionFrom(r.Context()))
	s.render(w, r, http.StatusOK, "dashboard", &pageData{Title: "nav.dashboard", Nav: "dashboard", Data: d})
}

// dashboardCSV exports the dashboard's figures, one row per figure.
func (s *Server) dashboardCSV(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r)
	days := periodDays(r, dashDays)
	d, err := s.buildDashboard(r.Context(), days, lang)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="careerbot-%dd.csv"`, days))
	cw := csv.NewWriter(w)
	t := func(k string) string { return translate(lang, k) }
	rep := d.Report
	rows := [][]string{{t("csv.section"), t("csv.key"), t("csv.title"), t("csv.value")}}
	add := func(section, key, title string, v any) {
		rows = append(rows, []string{section, key, csvSafe(title), fmt.Sprint(v)})
	}
	add("total", "questions", t("dash.questions"), d.Asked)
	add("total", "answered", t("dash.answered"), rep.Answered)
	add("total", "answered_share", t("dash.answered_share"), fmt.Sprintf("%.3f", rep.AnsweredShare))
	add("total", "open", t("dash.open"), rep.GapQuestions)
	add("total", "helpful", t("vote.up"), rep.Feedback.Helpful)
	add("total", "unhelpful", t("vote.down"), rep.Feedback.Unhelpful)
	for _, day := range rep.PerDay {
		add("day", day.Date, t("dash.questions"), day.Questions)
		add("day_answered", day.Date, t("dash.answered"), day.Answered)
	}
	for _, b := range d.MostAsked {
		add("most_asked", b.ID, b.Title, b.Count)
	}
	for _, h := range d.Helpfulness {
		add("helpful", h.ID, h.Title, h.Helpful)
		add("unhelpful", h.ID, h.Title, h.Unhelpful)
	}
	for _, c := range rep.PerAdapter {
		add("platform", c.Key, c.Key, c.Count)
	}
	for _, c := range rep.PerLang {
		add("language", c.Key, c.Key, c.Count)
	}
	_ = cw.WriteAll(rows)
}

// csvSafe keeps a spreadsheet from running text people typed as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

type voteRow struct {
	knowledge.Vote
	Title string
}

type feedbackData struct {
	Days  int
	All   bool
	Votes []voteRow
}

func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fd := feedbackData{Days: periodDays(r, dashDays), All: r.URL.Query().Get("all") == "1"}
	votes, err := s.st.Votes(ctx, time.Now().AddDate(0, 0, -fd.Days), !fd.All, 300)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	doc, err := s.st.Export(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	lang := pickLang(r)
	for _, v := range votes {
		row := voteRow{Vote: v, Title: translate(lang, "dash.deleted")}
		if e := doc.Find(v.EntryID); e != nil {
			row.Title = title(e, lang)
		}
		fd.Votes = append(fd.Votes, row)
	}
	s.render(w, r, http.StatusOK, "feedback", &pageData{Title: "nav.feedback", Nav: "feedback", Data: fd})
}

// promote ends an A/B test by publishing the winning variant as the only
// answer. It is a version of its own, so the losing text stays in the
// history and a rollback brings the test back.
func (s *Server) promote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ses := sessionFrom(ctx)
	if !s.mayPublish(ctx, ses) {
		s.fail(w, r, http.StatusForbidden, "err.publish")
		return
	}
	id, variant := r.PathValue("id"), r.PostFormValue("variant")
	if variant != "A" && variant != "B" {
		s.fail(w, r, http.StatusBadRequest, "err.form")
		return
	}
	msg := translate("en", "promote.message", variant, id)
	v, err := s.st.Publish(ctx, knowledge.PublishOptions{Author: ses.Name, Message: msg, KeepDraft: true}, func(cur *knowledge.Document) (*knowledge.Document, error) {
		e := cur.Find(id)
		if e == nil {
			return nil, errConflict{}
		}
		for l, t := range e.Texts {
			if t.Variant == "" {
				continue
			}
			var f textForm
			getSie(t, &f)
			if variant == "B" {
				t.Answer, f.AnswerSie = t.Variant, f.VariantSie
			}
			t.Variant, f.VariantSie = "", ""
			setSie(&t, &f)
			e.Texts[l] = t
		}
		return cur, nil
	})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.afterPublish(r, "promote", v, msg)
	redirect(w, r, Prefix+"dashboard?done=promoted")
}
