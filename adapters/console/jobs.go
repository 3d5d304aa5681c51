package console

import (
	"fmt"
	"io"

	"github.com/careerbot/careerbot/bot"
)

// writeJobsText prints a job-search reply with its postings as numbered
// blocks (title; employer, place, type, date; link) in place of the bullet
// list the text carries for adapters without cards. It reports false when
// the reply holds no such list.
func writeJobsText(w io.Writer, r bot.Reply) bool {
	intro, outro, ok := bot.SplitJobsText(r)
	if !ok {
		return false
	}
	fmt.Fprintf(w, "%s\n\n", Plain.Render(intro))
	for i, j := range r.Jobs {
		fmt.Fprintf(w, "  %d. %s\n     %s\n", i+1, j.Title, bot.JobDetails(j, r.Lang, " · "))
		if j.URL != "" {
			fmt.Fprintf(w, "     %s\n", j.URL)
		}
	}
	if outro != "" {
		fmt.Fprintf(w, "\n%s\n", Plain.Render(outro))
	}
	return true
}
