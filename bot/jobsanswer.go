package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Job searches are remembered per conversation so that "und in Berlin?"
// and "nur remote" refine the last one. The memory holds filters only,
// never the person's words, in memory only, bounded and expiring.
const (
	jobMemorySize = 10000
	jobMemoryIdle = 30 * time.Minute
)

// jobMemory maps conversations to their last job search. Its zero value is
// ready to use.
type jobMemory struct {
	mu sync.Mutex
	m  map[string]jobTurn
}

type jobTurn struct {
	q    JobQuery
	seen time.Time
}

func (m *jobMemory) load(key string, now time.Time) (JobQuery, bool) {
	if key == "" {
		return JobQuery{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.m[key]
	if !ok || now.Sub(t.seen) > jobMemoryIdle {
		return JobQuery{}, false
	}
	return t.q, true
}

func (m *jobMemory) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
}

func (m *jobMemory) store(key string, q JobQuery, now time.Time) {
	if key == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[string]jobTurn)
	}
	if _, ok := m.m[key]; !ok && len(m.m) >= jobMemorySize {
		for k, t := range m.m { // forget the idle ones
			if now.Sub(t.seen) > jobMemoryIdle {
				delete(m.m, k)
			}
		}
		for k := range m.m { // still full: forget any one
			if len(m.m) < jobMemorySize {
				break
			}
			delete(m.m, k)
		}
	}
	m.m[key] = jobTurn{q: q, seen: now}
}

// jobFinder returns the knowledge base's JobFinder, or nil.
func (e *Engine) jobFinder() JobFinder {
	f, _ := e.kb.(JobFinder)
	return f
}

// answerJobs answers a search for open positions, a follow-up that
// refines the conversation's last one, or "mehr" after one. ok is false
// when text is not about open positions; the engine then answers from the
// knowledge base. key is the named conversation ("" for a message that
// stands alone, which has no follow-ups).
func (e *Engine) answerJobs(ctx context.Context, key, text, lower string, lang Lang) (r Reply, ok bool, err error) {
	f := e.jobFinder()
	if f == nil {
		return Reply{}, false, nil
	}
	intent, q := f.JobIntent(text)
	if prev, found := e.jobs.load(key, e.now()); found && intent == JobsNone && isMore(lower) {
		q, intent = prev, JobsSearch
		q.Page++
	}
	switch intent {
	case JobsSearch:
	case JobsRefine:
		prev, found := e.jobs.load(key, e.now())
		if !found {
			return Reply{}, false, nil
		}
		q = prev.Refine(q)
	default:
		// A career question in between: "und Java?" now follows it, not
		// the job search before.
		e.jobs.forget(key)
		return Reply{}, false, nil
	}
	e.jobs.store(key, q, e.now())
	r, err = e.findJobs(ctx, f, q, lang)
	r.Question = text
	return r, true, err
}

// noteJobs remembers the search behind a job reply a menu number opened
// ("1" for "Weitere Stellen"), so that "mehr" goes on from it.
func (e *Engine) noteJobs(key string, r Reply) {
	if r.Kind == KindJobs {
		e.jobs.store(key, r.jobQuery, e.now())
	}
}

// offerJobs adds "see current openings" to a career answer about finding
// a job ("Wie finde ich einen Job als Backend-Entwickler*in?").
func (e *Engine) offerJobs(r *Reply, text string) {
	f := e.jobFinder()
	if f == nil || r.Kind == KindJobs {
		return
	}
	intent, q := f.JobIntent(text)
	if intent != JobsAdvice {
		return
	}
	offer := Suggestion{EntryID: JobsEntryID(q), Question: r.Lang.Pick("Aktuelle Stellen ansehen", "See current openings")}
	r.Suggestions = append([]Suggestion{offer}, r.Suggestions[:min(len(r.Suggestions), MaxSuggestions-1)]...)
}

// openJobs answers a job-search button: "more", an alternative, the offer.
func (e *Engine) openJobs(ctx context.Context, q JobQuery, lang Lang) (Reply, error) {
	f := e.jobFinder()
	if f == nil {
		return Reply{}, fmt.Errorf("open job search: %w", ErrNotFound)
	}
	if lang == "" {
		lang = e.defLang
	}
	r, err := e.findJobs(ctx, f, q, lang)
	r.Question = lang.Pick("Offene Stellen", "Open positions")
	if d := r.Title; d != "" {
		r.Question += ": " + d
	}
	return r, err
}

// findJobs searches and words the reply: up to JobsPerPage postings and
// "more", or an honest "none" with the nearest alternatives and the
// recruiting team's contact.
func (e *Engine) findJobs(ctx context.Context, f JobFinder, q JobQuery, lang Lang) (Reply, error) {
	res, err := f.FindJobs(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("find jobs: %w", err)
	}
	filters := res.Filters[lang]
	r := Reply{Kind: KindJobs, Lang: lang, Confidence: 1, Title: filters, Jobs: res.Jobs, jobQuery: q}
	if r.Jobs == nil {
		r.Jobs = []Job{}
	}
	var b strings.Builder
	switch {
	case res.Total == 0 && q.Empty():
		b.WriteString(lang.Pick("Im Moment sind bei uns keine Stellen ausgeschrieben. Wenn du wissen möchtest, was bald kommt, wende dich an {contact}.",
			"We have no open positions at the moment. To hear about upcoming ones, contact {contact}."))
	case res.Total == 0:
		e.writeNoJobs(&b, res, filters, lang)
		for _, a := range res.Alternatives {
			if len(r.Suggestions) == MaxSuggestions {
				break
			}
			r.Suggestions = append(r.Suggestions, Suggestion{EntryID: JobsEntryID(a.Query), Question: alternativeLabel(a, lang)})
		}
	case len(res.Jobs) == 0:
		b.WriteString(lang.Pick("Das waren alle passenden Stellen.", "Those were all the matching positions."))
	default:
		writeJobs(&b, res, q, filters, lang)
		if first := q.Page*JobsPerPage + len(res.Jobs); first < res.Total {
			more := q
			more.Page++
			r.Suggestions = append(r.Suggestions, Suggestion{EntryID: JobsEntryID(more),
				Question: lang.Pick(fmt.Sprintf("Weitere Stellen (%d)", res.Total-first), fmt.Sprintf("More positions (%d)", res.Total-first))})
		}
	}
	r.Text = e.fill(b.String(), lang)
	return r, nil
}

// writeJobs words a page of postings as bullets.
func writeJobs(b *strings.Builder, res JobResult, q JobQuery, filters string, lang Lang) {
	from := q.Page*JobsPerPage + 1
	switch {
	case q.Page > 0:
		fmt.Fprintf(b, lang.Pick("Stellen %d–%d von %d", "Positions %d–%d of %d"), from, from+len(res.Jobs)-1, res.Total)
	case res.Total == 1:
		b.WriteString(lang.Pick("Ich habe eine passende Stelle gefunden", "I found one matching position"))
	default:
		fmt.Fprintf(b, lang.Pick("Ich habe %d passende Stellen gefunden", "I found %d matching positions"), res.Total)
	}
	if filters != "" {
		fmt.Fprintf(b, " (%s)", filters)
	}
	b.WriteString(":\n\n")
	for i, j := range res.Jobs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- " + JobLine(j, lang))
	}
	b.WriteString(lang.Pick("\n\nBewerben kannst du dich direkt über den Link. Fragen beantwortet dir {contact}.",
		"\n\nApply directly through the link. Questions? Ask {contact}."))
}

// writeNoJobs says honestly that nothing fits and where something does.
func (e *Engine) writeNoJobs(b *strings.Builder, res JobResult, filters string, lang Lang) {
	fmt.Fprintf(b, lang.Pick("Zu deiner Suche (%s) habe ich im Moment leider keine offene Stelle.",
		"I'm sorry, there is no open position for your search (%s) at the moment."), filters)
	if len(res.Alternatives) > 0 {
		labels := make([]string, len(res.Alternatives))
		for i, a := range res.Alternatives {
			labels[i] = fmt.Sprintf("%s (%d)", alternativeName(a, lang), a.Count)
		}
		fmt.Fprintf(b, lang.Pick(" Stattdessen gibt es: %s.", " Instead, there are: %s."), strings.Join(labels, ", "))
	}
	b.WriteString(lang.Pick(" Schau gern bald wieder vorbei, oder wende dich an {contact}.",
		" Have a look again soon, or contact {contact}."))
}

// alternativeName names an alternative in a sentence: "Berlin", "remote",
// "alle Stellen in Hamburg".
func alternativeName(a JobAlternative, lang Lang) string {
	switch {
	case a.Unfiltered && a.Label == "":
		return lang.Pick("alle Stellen", "all positions")
	case a.Unfiltered:
		return lang.Pick("alle Stellen in ", "all positions in ") + a.Label
	case a.Query.Remote && a.Query.Place.Kind == 0:
		return lang.Pick("remote / Homeoffice", "remote")
	}
	return a.Label
}

// alternativeLabel is an alternative's button.
func alternativeLabel(a JobAlternative, lang Lang) string {
	switch {
	case a.Unfiltered:
		name := alternativeName(a, lang)
		return fmt.Sprintf("%s%s (%d)", strings.ToUpper(name[:1]), name[1:], a.Count)
	case a.Query.Remote && a.Query.Place.Kind == 0:
		return fmt.Sprintf(lang.Pick("Remote-Stellen (%d)", "Remote positions (%d)"), a.Count)
	}
	return fmt.Sprintf(lang.Pick("Stellen in %s (%d)", "Positions in %s (%d)"), a.Label, a.Count)
}

// jobTypeNames are the employment types as a reply names them.
var jobTypeNames = map[string][2]string{
	"FULL_TIME": {"Vollzeit", "full-time"}, "PART_TIME": {"Teilzeit", "part-time"},
	"CONTRACTOR": {"freiberuflich", "freelance"}, "TEMPORARY": {"befristet", "temporary"},
	"INTERN": {"Praktikum", "internship"}, "VOLUNTEER": {"Ehrenamt", "volunteer"},
	"PER_DIEM": {"tageweise", "per diem"}, "OTHER": {"sonstige", "other"},
}

// JobTypeName names a schema.org employment type in lang ("Teilzeit").
func JobTypeName(t string, lang Lang) string {
	if n, ok := jobTypeNames[t]; ok {
		return lang.Pick(n[0], n[1])
	}
	return t
}

// JobLine is one posting as a line of text: "**Title** – Employer,
// Hamburg, Vollzeit, seit 20.11.2026: https://…". Adapters without cards
// show it as it is.
func JobLine(j Job, lang Lang) string {
	line := "**" + j.Title + "** – " + JobDetails(j, lang, ", ")
	if j.URL != "" {
		line += ": " + j.URL
	}
	return line
}

// JobEmployer is the employer, or "für einen Kunden" when the posting does
// not name one.
func JobEmployer(j Job, lang Lang) string {
	if j.Employer == "" {
		return lang.Pick("für einen Kunden", "for a client")
	}
	return j.Employer
}

// JobWhere is the place, "remote", or both.
func JobWhere(j Job, lang Lang) string {
	switch {
	case j.Remote && j.Location != "":
		return j.Location + lang.Pick(" oder remote", " or remote")
	case j.Remote:
		return "remote"
	}
	return j.Location
}

// JobTypes names the employment types.
func JobTypes(j Job, lang Lang) string {
	names := make([]string, 0, len(j.EmploymentType))
	for _, t := range j.EmploymentType {
		names = append(names, JobTypeName(t, lang))
	}
	return strings.Join(names, lang.Pick(" oder ", " or "))
}

// JobDate is "seit 20.11.2026" / "since 2026-11-20", or "".
func JobDate(j Job, lang Lang) string {
	t, err := time.Parse(time.DateOnly, j.DatePosted)
	if err != nil {
		return ""
	}
	return lang.Pick("seit "+t.Format("02.01.2006"), "since "+t.Format(time.DateOnly))
}

// SplitJobsText cuts a job reply's text around its list of postings, for
// adapters that show the postings as cards: the text before the list, the
// text after it; ok is false when the reply has no such list.
func SplitJobsText(r Reply) (intro, outro string, ok bool) {
	if r.Kind != KindJobs || len(r.Jobs) == 0 {
		return "", "", false
	}
	lines := make([]string, len(r.Jobs))
	for i, j := range r.Jobs {
		lines[i] = "- " + JobLine(j, r.Lang)
	}
	intro, outro, ok = strings.Cut(r.Text, strings.Join(lines, "\n"))
	return strings.TrimSpace(intro), strings.TrimSpace(outro), ok
}

// JobDetails is a posting's employer, place, type and date in one line,
// joined by sep.
func JobDetails(j Job, lang Lang, sep string) string {
	parts := []string{JobEmployer(j, lang), JobWhere(j, lang)}
	if t := JobTypes(j, lang); t != "" {
		parts = append(parts, t)
	}
	if d := JobDate(j, lang); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, sep)
}
