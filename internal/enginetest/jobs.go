package enginetest

import (
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// JobsReply is a job reply worded as the engine words it, with two
// postings (one with markup characters in its title and URL, one remote
// without employer), for the adapters' rendering tests.
func JobsReply(lang bot.Lang) bot.Reply {
	jobs := []bot.Job{
		{ID: "HH-JAVA-01", Title: "Senior Java Backend Developer (m/w/d)", Employer: "Hanse Logistik GmbH", Location: "Hamburg",
			EmploymentType: []string{"FULL_TIME"}, DatePosted: "2026-11-20", URL: "https://karriere.example.de/jobs/hh-java-01?a=1&b=2"},
		{ID: "REMOTE-GO-3", Title: "Go Developer <Remote> & more", Remote: true,
			EmploymentType: []string{"FULL_TIME", "PART_TIME"}, DatePosted: "2026-11-25", URL: "https://karriere.example.de/jobs/remote-go-3"},
	}
	lines := make([]string, len(jobs))
	for i, j := range jobs {
		lines[i] = "- " + bot.JobLine(j, lang)
	}
	text := lang.Pick("Ich habe 2 passende Stellen gefunden:", "I found 2 matching positions:") + "\n\n" +
		strings.Join(lines, "\n") + "\n\n" + lang.Pick("Fragen beantwortet dir das Team.", "Questions? Ask the team.")
	return bot.Reply{Kind: bot.KindJobs, Lang: lang, Confidence: 1, Text: text, Jobs: jobs,
		Suggestions: []bot.Suggestion{{EntryID: "_jobs-p1", Question: lang.Pick("Weitere Stellen (3)", "More positions (3)")}}}
}
