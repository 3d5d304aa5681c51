package console

import (
	"fmt"
	"io"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// writeJobsText prints a job-search reply's text with its postings as
// numbered blocks (title; employer, place, type, date; link) in place of
// the bullet list the text carries for adapters without cards. It reports
// false when the text holds no such list.
func writeJobsText(w io.Writer, r bot.Reply) bool {
	if r.Kind != bot.KindJobs || len(r.Jobs) == 0 {
		return false
	}
	lines := make([]string, len(r.Jobs))
	for i, j := range r.Jobs {
		lines[i] = "- " + bot.JobLine(j, r.Lang)
	}
	list := strings.Join(lines, "\n")
	before, after, found := strings.Cut(r.Text, list)
	if !found {
		return false
	}
	fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(Plain.Render(before)))
	for i, j := range r.Jobs {
		details := []string{bot.JobEmployer(j, r.Lang), bot.JobWhere(j, r.Lang)}
		if t := bot.JobTypes(j, r.Lang); t != "" {
			details = append(details, t)
		}
		if d := bot.JobDate(j, r.Lang); d != "" {
			details = append(details, d)
		}
		fmt.Fprintf(w, "  %d. %s\n     %s\n", i+1, j.Title, strings.Join(details, " · "))
		if j.URL != "" {
			fmt.Fprintf(w, "     %s\n", j.URL)
		}
	}
	if rest := strings.TrimSpace(Plain.Render(after)); rest != "" {
		fmt.Fprintf(w, "\n%s\n", rest)
	}
	return true
}
