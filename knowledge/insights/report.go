// Package insights turns the question log and the feedback into what the
// people who edit the knowledge base need to know: what was asked, what
// was answered, what helped, which questions the knowledge base misses
// (grouped, with the entry they would fit), and how A/B tests stand.
//
// It reads the store's tables directly and never reads or prints the
// user column: reports hold question texts, never who asked them.
package insights

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// LowConfidence is the confidence below which even an answered question
// counts as a gap worth an editor's look.
const LowConfidence = 0.6

// smallTalk are the reply kinds that answer no career question: they
// count as questions asked, but neither as gaps nor in the share
// answered.
var smallTalk = map[bot.Kind]bool{
	bot.KindGreeting: true, bot.KindThanks: true, bot.KindHelp: true,
	bot.KindEmpty: true, bot.KindLimited: true, bot.KindSilent: true,
}

// Options select a report's period and how it is told.
type Options struct {
	// Since and Until bound the period; Until defaults to now.
	Since, Until time.Time
	// Location is the time zone days are counted in (default UTC).
	Location *time.Location
	// Retention is how long the store keeps questions, stated in the
	// report's footer.
	Retention time.Duration
	// Top is how many of the most asked entries are listed (default 10).
	Top int
	// ExcludeTests leaves out test traffic (`ask --log`, `eval`).
	ExcludeTests bool
}

// testFilter is the SQL condition that leaves out test traffic, when asked.
func testFilter(exclude bool) string {
	if !exclude {
		return ""
	}
	return " AND " + knowledge.NotTestTraffic("platform")
}

// Report is everything `careerbot report` shows. Shares are in [0,1] and
// 0 when there is nothing to divide by.
type Report struct {
	From      time.Time `json:"from"`
	Until     time.Time `json:"until"`
	Retention string    `json:"retention,omitempty"`
	KBVersion int64     `json:"kb_version"`

	// Questions counts every logged question; SmallTalk those that were
	// greetings, thanks and the like. Answered is out of the others.
	Questions     int     `json:"questions"`
	SmallTalk     int     `json:"small_talk"`
	Answered      int     `json:"answered"`
	AnsweredShare float64 `json:"answered_share"`
	Feedback      Votes   `json:"feedback"`

	PerDay     []Day   `json:"per_day"`
	PerAdapter []Count `json:"per_adapter"`
	PerLang    []Count `json:"per_lang"`

	MostAsked   []EntryCount `json:"most_asked"`
	Helpfulness []EntryVotes `json:"helpfulness"`

	// GapQuestions counts the unanswered and low-confidence questions,
	// Gaps groups them by similarity.
	GapQuestions int      `json:"gap_questions"`
	Gaps         []Group  `json:"gaps"`
	ABTests      []ABTest `json:"ab_tests"`
	// Jobs counts the searches for open positions and groups those that
	// found nothing by place and skill. They are not gaps of the
	// knowledge base.
	Jobs JobDemand `json:"job_searches"`

	// Handoffs are the requests to talk to a person on the recruiting team.
	Handoffs knowledge.HandoffStats `json:"handoffs"`
}

// Count is a number of questions under a key: an adapter or a language.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Day counts the questions asked on one day, and how many were answered.
type Day struct {
	Date      string `json:"date"` // YYYY-MM-DD in the report's time zone
	Questions int    `json:"questions"`
	Answered  int    `json:"answered"`
}

// Votes are 👍 and 👎 counts.
type Votes struct {
	Helpful   int     `json:"helpful"`
	Unhelpful int     `json:"unhelpful"`
	Share     float64 `json:"helpful_share"`
}

// Total is the number of votes.
func (v Votes) Total() int { return v.Helpful + v.Unhelpful }

func newVotes(up, down int) Votes {
	return Votes{Helpful: up, Unhelpful: down, Share: share(up, up+down)}
}

// EntryCount is how often an entry answered a question.
type EntryCount struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Count    int    `json:"count"`
}

// EntryVotes is the feedback on one entry.
type EntryVotes struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Votes
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Build computes the report for the period in opt.
func Build(ctx context.Context, st *knowledge.Store, opt Options) (*Report, error) {
	if opt.Until.IsZero() {
		opt.Until = st.Now()
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Top <= 0 {
		opt.Top = 10
	}
	r := &Report{From: opt.Since.In(opt.Location), Until: opt.Until.In(opt.Location)}
	if opt.Retention > 0 {
		r.Retention = formatDays(opt.Retention)
	}
	db := st.DB()
	var err error
	if r.KBVersion, err = st.Version(ctx); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	titles, err := entryTitles(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("report: entry titles: %w", err)
	}
	log, err := readLog(ctx, db, opt.Since, opt.Until, opt.Location, opt.ExcludeTests)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.fromLog(log, opt, titles)
	if err := r.readFeedback(ctx, db, opt, titles); err != nil {
		return nil, fmt.Errorf("report: feedback: %w", err)
	}
	terms, err := NewTermer(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.Gaps = groupGaps(log.gaps, terms)
	if r.ABTests, err = abTests(ctx, db, opt, titles, log.shown); err != nil {
		return nil, fmt.Errorf("report: A/B tests: %w", err)
	}
	if r.Handoffs, err = st.HandoffStats(ctx, opt.Since, opt.Until); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return r, nil
}

// logSummary is what one pass over the question log collects.
type logSummary struct {
	total, smallTalk, answered int
	days                       map[string]*Day
	adapters, langs, entries   map[string]int
	gaps                       []Asked
	gapCount                   int
	shown                      map[armKey]int // answers per entry and variant
	loc                        *time.Location
	jobs                       jobDemand
}

type armKey struct{ entry, variant string }

// readLog scans the questions asked in [since, until] once, without
// test traffic when excludeTests is set. The user column is deliberately
// not selected.
func readLog(ctx context.Context, db *sql.DB, since, until time.Time, loc *time.Location, excludeTests bool) (*logSummary, error) {
	s := &logSummary{loc: loc, days: map[string]*Day{}, adapters: map[string]int{}, langs: map[string]int{},
		entries: map[string]int{}, shown: map[armKey]int{}}
	rows, err := db.QueryContext(ctx, `SELECT asked_at, platform, question, lang, kind, entry_id, confidence, answered, variant
		FROM questions WHERE asked_at >= ? AND asked_at <= ?`+testFilter(excludeTests)+` ORDER BY asked_at`, since.Unix(), until.Unix())
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	defer rows.Close()
	gaps := map[Asked]int{}
	for rows.Next() {
		var q logRow
		if err := rows.Scan(&q.at, &q.platform, &q.text, &q.lang, &q.kind, &q.entry, &q.confidence, &q.answered, &q.variant); err != nil {
			return nil, fmt.Errorf("read questions: %w", err)
		}
		s.add(q, gaps)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	for a, n := range gaps {
		a.Count = n
		s.gaps = append(s.gaps, a)
	}
	return s, nil
}

type logRow struct {
	at                                   int64
	platform, text, lang, entry, variant string
	kind                                 bot.Kind
	confidence                           float64
	answered                             bool
}

func (s *logSummary) add(q logRow, gaps map[Asked]int) {
	s.total++
	s.adapters[q.platform]++
	s.langs[q.lang]++
	key := s.dayKey(q.at)
	day := s.days[key]
	if day == nil {
		day = &Day{Date: key}
		s.days[key] = day
	}
	day.Questions++
	if smallTalk[q.kind] {
		s.smallTalk++
		return
	}
	if q.kind == bot.KindJobs {
		s.jobs.add(q)
		if q.answered {
			s.answered++
			day.Answered++
		}
		return
	}
	if q.answered {
		s.answered++
		day.Answered++
		s.entries[q.entry]++
		if q.variant != "" {
			s.shown[armKey{q.entry, q.variant}]++
		}
	}
	if (!q.answered || q.confidence < LowConfidence) && q.text != "" {
		s.gapCount++
		gaps[Asked{Text: q.text, Lang: q.lang}]++
	}
}

// dayKey names the day of a moment in the report's time zone.
func (s *logSummary) dayKey(unix int64) string {
	return time.Unix(unix, 0).In(s.loc).Format(time.DateOnly)
}

func (r *Report) fromLog(s *logSummary, opt Options, titles map[string]string) {
	r.Questions, r.SmallTalk, r.Answered = s.total, s.smallTalk, s.answered
	r.AnsweredShare = share(s.answered, s.total-s.smallTalk)
	r.GapQuestions = s.gapCount
	r.Jobs = s.jobs.report()
	r.PerDay = days(s.days, opt)
	r.PerAdapter, r.PerLang = counts(s.adapters), counts(s.langs)
	for id, n := range s.entries {
		r.MostAsked = append(r.MostAsked, EntryCount{ID: id, Question: titles[id], Count: n})
	}
	slices.SortFunc(r.MostAsked, func(a, b EntryCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID))
	})
	r.MostAsked = r.MostAsked[:min(len(r.MostAsked), opt.Top)]
}

// days lists every day of the period, those without questions too, so a
// chart shows quiet days as gaps.
func days(seen map[string]*Day, opt Options) []Day {
	var out []Day
	from, until := opt.Since.In(opt.Location), opt.Until.In(opt.Location)
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, opt.Location)
	for ; !d.After(until); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		if day, ok := seen[key]; ok {
			out = append(out, *day)
			continue
		}
		out = append(out, Day{Date: key})
	}
	return out
}

func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// readFeedback fills in the overall and per-entry 👍 and 👎.
func (r *Report) readFeedback(ctx context.Context, db *sql.DB, opt Options, titles map[string]string) error {
	rows, err := db.QueryContext(ctx, `SELECT entry_id, sum(helpful), sum(1 - helpful) FROM feedback
		WHERE created_at >= ? AND created_at <= ?`+testFilter(opt.ExcludeTests)+` GROUP BY entry_id`, opt.Since.Unix(), opt.Until.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	var up, down int
	for rows.Next() {
		var e EntryVotes
		var h, u int
		if err := rows.Scan(&e.ID, &h, &u); err != nil {
			return err
		}
		e.Question, e.Votes = titles[e.ID], newVotes(h, u)
		up, down = up+h, down+u
		r.Helpfulness = append(r.Helpfulness, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	r.Feedback = newVotes(up, down)
	slices.SortFunc(r.Helpfulness, func(a, b EntryVotes) int {
		return cmp.Or(cmp.Compare(b.Total(), a.Total()), cmp.Compare(a.ID, b.ID))
	})
	return nil
}

// entryTitles maps each entry to its first German question, else its
// first English one.
func entryTitles(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT entry_id, question FROM entry_questions
		ORDER BY entry_id, CASE lang WHEN 'de' THEN 0 ELSE 1 END, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	titles := map[string]string{}
	for rows.Next() {
		var id, q string
		if err := rows.Scan(&id, &q); err != nil {
			return nil, err
		}
		if _, ok := titles[id]; !ok {
			titles[id] = q
		}
	}
	return titles, rows.Err()
}

// formatDays writes a duration as whole days where it is one ("90d").
func formatDays(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
