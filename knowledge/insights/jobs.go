package insights

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/jobs"
)

// JobDemand is what people searched open positions for: how many
// searches there were, and those that found nothing grouped by their
// filters ("Hamburg + Java"), the demand the recruiting team can act on.
type JobDemand struct {
	Searches int `json:"searches"`
	Found    int `json:"found"`
	// Unmet groups the searches that found no posting by place and skill,
	// most frequent first.
	Unmet []Count `json:"unmet"`
}

// jobDemand collects job searches from the log.
type jobDemand struct {
	searches, found int
	unmet           map[string]int
}

// add counts one logged job search; a search that found nothing is read
// again for its filters. A follow-up ("und in Berlin?") was logged with
// its own words, so it counts with the filters it names.
func (d *jobDemand) add(q logRow) {
	d.searches++
	if q.answered {
		d.found++
		return
	}
	_, query := jobs.Detect(q.text)
	query.Types = nil // place, skill and level are what the team recruits for
	key := strings.ReplaceAll(jobs.Describe(query, bot.German), ", ", " + ")
	if key == "" {
		key = "(ohne Filter)"
	}
	if d.unmet == nil {
		d.unmet = map[string]int{}
	}
	d.unmet[key]++
}

func (d *jobDemand) report() JobDemand {
	out := JobDemand{Searches: d.searches, Found: d.found}
	for k, n := range d.unmet {
		out.Unmet = append(out.Unmet, Count{Key: k, Count: n})
	}
	slices.SortFunc(out.Unmet, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })
	return out
}

func (r *Report) writeJobsText(b *bufio.Writer) {
	if r.Jobs.Searches == 0 {
		return
	}
	section(b, "Job searches")
	fmt.Fprintf(b, "  %d searches for open positions, %d found postings\n", r.Jobs.Searches, r.Jobs.Found)
	for _, c := range r.Jobs.Unmet[:min(len(r.Jobs.Unmet), shownGroups)] {
		fmt.Fprintf(b, "  %5d× found nothing: %s\n", c.Count, c.Key)
	}
}
