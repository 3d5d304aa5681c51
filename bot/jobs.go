package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// KindJobs is a reply that lists open positions (or says honestly that
// none fit).
const KindJobs Kind = "jobs"

// Job is one open position as a reply shows it.
type Job struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Employer is the hiring organisation, or "" when the posting is for a
	// client whose name is not published ("für einen Kunden").
	Employer string `json:"employer,omitempty"`
	// Location is the place as shown ("Hamburg", "Köln, Nordrhein-Westfalen"),
	// "" for a remote-only posting.
	Location string `json:"location"`
	Remote   bool   `json:"remote"`
	// EmploymentType holds schema.org values: FULL_TIME, PART_TIME,
	// CONTRACTOR, TEMPORARY, INTERN, …
	EmploymentType []string `json:"employment_type"`
	// DatePosted is YYYY-MM-DD.
	DatePosted string `json:"date_posted,omitempty"`
	URL        string `json:"url"`
}

// JobIntent says what a message wants with respect to open positions.
type JobIntent int

// The intents a JobFinder tells apart.
const (
	// JobsNone: not about open positions.
	JobsNone JobIntent = iota
	// JobsSearch: a request for open positions ("Habt ihr offene Stellen?").
	JobsSearch
	// JobsAdvice: a career question about finding a job ("Wie finde ich
	// einen Job als Backend-Entwickler?"): answered from the knowledge
	// base, with an offer to look at the current postings.
	JobsAdvice
	// JobsRefine: only filters ("und in Berlin?", "nur remote"); a job
	// search when the conversation's last reply was one.
	JobsRefine
)

// JobPlace is a place filter: a city, a city and its surroundings, a
// federal state or a named region.
type JobPlace struct {
	// Kind is 'c' (city), 'n' (near a city), 's' (federal state) or 'g'
	// (region such as Ruhrgebiet).
	Kind byte
	// Key is the place's key in the finder's gazetteer: a folded name such
	// as "muenchen", a state code such as "nw", a region key.
	Key string
}

// JobQuery is the set of filters of a job search. The zero query finds
// every current posting.
type JobQuery struct {
	Place  JobPlace
	Remote bool
	// Types are schema.org employment types (FULL_TIME, PART_TIME, …).
	Types []string
	// Skills are skill keys ("java", "go", "csharp"), Levels seniority
	// keys ("junior", "senior", "werkstudent"): a posting fits when its
	// title or description names any of them.
	Skills []string
	Levels []string
	// Page counts from 0; each page holds JobsPerPage postings.
	Page int
}

// JobsPerPage is how many postings one reply shows.
const JobsPerPage = 3

// JobAlternative is a nearby search that does find postings, offered when
// a search finds none.
type JobAlternative struct {
	Query JobQuery
	// Label names it ("Hamburg", "remote"), Count is how many it finds.
	Label string
	Count int
	// Unfiltered marks the place's postings without the search's other
	// filters, offered when no place fits them either.
	Unfiltered bool
}

// JobResult is what a search found.
type JobResult struct {
	// Jobs is the requested page, best first.
	Jobs []Job
	// Total is how many current postings fit in all.
	Total int
	// PlaceName is the place filter as shown ("München", "Bayern").
	PlaceName string
	// Filters describes the query per language ("Raum München, Java,
	// Teilzeit"), "" for the zero query.
	Filters map[Lang]string
	// Alternatives are offered when Total is 0: other places, remote.
	Alternatives []JobAlternative
}

// JobFinder finds open positions. A Knowledge (or Config.Jobs) that
// provides it lets the engine answer job searches; without one, questions
// about open positions are answered from the knowledge base as before.
type JobFinder interface {
	// JobIntent tells whether text asks for open positions and which
	// filters it names.
	JobIntent(text string) (JobIntent, JobQuery)
	// FindJobs returns the current postings that fit q. Expired postings
	// are never returned.
	FindJobs(ctx context.Context, q JobQuery) (JobResult, error)
}

// Empty reports whether the query has no filter.
func (q JobQuery) Empty() bool {
	return q.Place.Kind == 0 && !q.Remote && len(q.Types) == 0 && len(q.Skills) == 0 && len(q.Levels) == 0
}

// Refine applies a follow-up's filters to the conversation's query: a new
// place replaces the old one, "remote" alone drops the place, and a new set
// of types, skills or levels replaces the old set. Paging starts over.
func (q JobQuery) Refine(f JobQuery) JobQuery {
	out := q
	out.Page = 0
	switch {
	case f.Place.Kind != 0:
		out.Place, out.Remote = f.Place, f.Remote
	case f.Remote:
		out.Place, out.Remote = JobPlace{}, true
	}
	if len(f.Types) > 0 {
		out.Types = f.Types
	}
	if len(f.Skills) > 0 {
		out.Skills = f.Skills
	}
	if len(f.Levels) > 0 {
		out.Levels = f.Levels
	}
	return out
}

// jobsIDPrefix starts the pseudo entry ids of job-search buttons ("more",
// "show current postings"). Like entry ids they use only [a-z0-9_-] and
// fit Telegram's 64-byte callback data, and they carry the whole query, so
// a button works without server-side state, also after a restart.
const jobsIDPrefix = "_jobs"

var jobTypeCodes = map[string]string{
	"FULL_TIME": "ft", "PART_TIME": "pt", "CONTRACTOR": "co", "TEMPORARY": "te",
	"INTERN": "in", "VOLUNTEER": "vo", "PER_DIEM": "pd", "OTHER": "ot",
}

// JobsEntryID encodes q as a button's entry id: "_jobs-p1-cmuenchen-kjava-r".
func JobsEntryID(q JobQuery) string {
	var b strings.Builder
	b.WriteString(jobsIDPrefix)
	if q.Page > 0 {
		b.WriteString("-p" + strconv.Itoa(q.Page))
	}
	if q.Place.Kind != 0 {
		b.WriteString("-" + string(q.Place.Kind) + q.Place.Key)
	}
	if q.Remote {
		b.WriteString("-r")
	}
	for _, t := range q.Types {
		if c, ok := jobTypeCodes[t]; ok {
			b.WriteString("-t" + c)
		}
	}
	for _, s := range q.Skills {
		b.WriteString("-k" + s)
	}
	for _, l := range q.Levels {
		b.WriteString("-l" + l)
	}
	return b.String()
}

// ParseJobsEntryID decodes an id made by JobsEntryID; ok is false for any
// other id.
func ParseJobsEntryID(id string) (q JobQuery, ok bool) {
	rest, found := strings.CutPrefix(id, jobsIDPrefix)
	if !found || rest != "" && rest[0] != '-' {
		return JobQuery{}, false
	}
	for part := range strings.SplitSeq(rest, "-") {
		if part == "" {
			continue
		}
		tag, val := part[0], part[1:]
		switch {
		case tag == 'p':
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 1000 {
				return JobQuery{}, false
			}
			q.Page = n
		case tag == 'c' || tag == 'n' || tag == 's' || tag == 'g':
			q.Place = JobPlace{Kind: tag, Key: val}
		case tag == 'r' && val == "":
			q.Remote = true
		case tag == 't':
			for t, c := range jobTypeCodes {
				if c == val && !slices.Contains(q.Types, t) {
					q.Types = append(q.Types, t)
				}
			}
		case tag == 'k' && val != "":
			q.Skills = append(q.Skills, val)
		case tag == 'l' && val != "":
			q.Levels = append(q.Levels, val)
		default:
			return JobQuery{}, false
		}
	}
	return q, true
}

// JobLookup finds one current posting by id, for sharing it.
type JobLookup interface {
	// Job returns the posting as a reply shows it; ok is false when it
	// is unknown or expired.
	Job(id string) (j Job, ok bool)
}
