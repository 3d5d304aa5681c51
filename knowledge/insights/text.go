package insights

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// How much of the long lists the text and HTML reports show; the JSON
// report has everything.
const (
	shownGroups   = 20
	shownExamples = 3
	shownEntries  = 15
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report as plain text for a terminal. Every text
// that came from the database passes TerminalSafe.
func (r *Report) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "careerbot report %s – %s, knowledge base version %d\n\n",
		r.From.Format("2006-01-02 15:04"), r.Until.Format("2006-01-02 15:04"), r.KBVersion)
	fmt.Fprintf(b, "Questions   %d (%d of them small talk)\n", r.Questions, r.SmallTalk)
	fmt.Fprintf(b, "Answered    %d of %d (%s)\n", r.Answered, r.Questions-r.SmallTalk, percent(r.AnsweredShare))
	fmt.Fprintf(b, "Feedback    👍 %d  👎 %d (%s helpful)\n", r.Feedback.Helpful, r.Feedback.Unhelpful, helpful(r.Feedback))
	fmt.Fprintf(b, "Gaps        %d unanswered or low-confidence questions in %d groups\n", r.GapQuestions, len(r.Gaps))

	section(b, "Questions per day")
	peak := 0
	for _, d := range r.PerDay {
		peak = max(peak, d.Questions)
	}
	for _, d := range r.PerDay {
		fmt.Fprintf(b, "  %s %5d  %s\n", d.Date, d.Questions, bar(d.Questions, peak, 40))
	}
	countTable(b, "Questions per adapter", r.PerAdapter)
	countTable(b, "Questions per language", r.PerLang)

	section(b, "Most asked entries (answered questions)")
	for i, e := range r.MostAsked {
		fmt.Fprintf(b, "  %2d. %5d  %-32s %s\n", i+1, e.Count, TerminalSafe(e.ID), TerminalSafe(e.Question))
	}
	section(b, "Helpfulness per entry")
	for _, e := range r.Helpfulness[:min(len(r.Helpfulness), shownEntries)] {
		fmt.Fprintf(b, "  👍 %4d  👎 %4d  %6s  %-32s %s\n", e.Helpful, e.Unhelpful, percent(e.Share), TerminalSafe(e.ID), TerminalSafe(e.Question))
	}
	if n := len(r.Helpfulness) - shownEntries; n > 0 {
		fmt.Fprintf(b, "  … and %d more entries with votes (see --format json)\n", n)
	}
	r.writeGapsText(b)
	r.writeJobsText(b)
	r.writeABText(b)
	section(b, "Hand-offs to recruiters")
	h := r.Handoffs
	fmt.Fprintf(b, "  %d requested: %d passed on, %d taken (median %s to take), %d timed out, %d outside business hours, %d declined\n",
		h.Requested, h.PassedOn, h.Taken, takeTime(h.MedianTakeSeconds), h.TimedOut, h.OffHours, h.Declined)
	fmt.Fprintf(b, "\n%s\n", r.PrivacyNote())
	return b.Flush()
}

func (r *Report) writeGapsText(b *bufio.Writer) {
	section(b, "Unanswered and low-confidence questions, grouped")
	for _, g := range r.Gaps[:min(len(r.Gaps), shownGroups)] {
		fmt.Fprintf(b, "  %3d×  %s\n", g.Count, quote(g.Questions[0]))
		for _, q := range g.Questions[1:min(len(g.Questions), shownExamples)] {
			fmt.Fprintf(b, "        %s\n", quote(q))
		}
		if n := len(g.Questions) - shownExamples; n > 0 {
			fmt.Fprintf(b, "        … and %d more\n", n)
		}
	}
	if n := len(r.Gaps) - shownGroups; n > 0 {
		fmt.Fprintf(b, "  … and %d more groups (see --format json)\n", n)
	}
	if len(r.Gaps) > 0 {
		fmt.Fprintln(b, "  To add them to entries: careerbot kb suggest")
	}
}

func (r *Report) writeABText(b *bufio.Writer) {
	section(b, "A/B tests")
	for _, t := range r.ABTests {
		state := ""
		if !t.UnderTest {
			state = " (ended)"
		}
		fmt.Fprintf(b, "  %s%s  %s\n", TerminalSafe(t.ID), state, TerminalSafe(t.Question))
		for _, v := range []struct {
			name string
			arm  Arm
		}{{"A", t.A}, {"B", t.B}} {
			fmt.Fprintf(b, "    %s: shown %d, 👍 %d of %d votes (%s)\n", v.name, v.arm.Shown, v.arm.Helpful, v.arm.Total(), helpful(v.arm.Votes))
		}
		fmt.Fprintf(b, "    %s\n", t.Summary())
	}
}

// Summary says in one line how the test stands.
func (t ABTest) Summary() string {
	switch {
	case t.PValue == nil:
		return fmt.Sprintf("%s: each variant needs at least %d votes", t.Verdict, MinVotes)
	case t.Better != "" && t.UnderTest:
		return fmt.Sprintf("p = %s, %s: %s is more helpful (careerbot kb promote %s %s)", pvalue(*t.PValue), t.Verdict, t.Better, t.ID, t.Better)
	case t.Better != "":
		return fmt.Sprintf("p = %s, %s: %s was more helpful", pvalue(*t.PValue), t.Verdict, t.Better)
	}
	return fmt.Sprintf("p = %s, %s", pvalue(*t.PValue), t.Verdict)
}

// PrivacyNote is the report's footer: what it holds and for how long the
// data behind it is kept.
func (r *Report) PrivacyNote() string {
	keep := "as long as CAREERBOT_RETENTION says"
	if r.Retention != "" {
		keep = "for " + r.Retention + " (CAREERBOT_RETENTION)"
	}
	return "Questions and feedback are kept " + keep + ", then deleted. This report names no users: " +
		"it shows question texts as people typed them, so share it only with the people who edit the knowledge base."
}

func section(b *bufio.Writer, title string) {
	fmt.Fprintf(b, "\n%s\n%s\n", title, strings.Repeat("─", utf8.RuneCountInString(title)))
}

func countTable(b *bufio.Writer, title string, cs []Count) {
	section(b, title)
	total := 0
	for _, c := range cs {
		total += c.Count
	}
	for _, c := range cs {
		fmt.Fprintf(b, "  %-12s %6d  %6s\n", cmp.Or(TerminalSafe(c.Key), "(none)"), c.Count, percent(share(c.Count, total)))
	}
}

func bar(n, peak, width int) string {
	if peak == 0 {
		return ""
	}
	return strings.Repeat("█", (n*width+peak-1)/peak)
}

func quote(a Asked) string {
	s := fmt.Sprintf("%q", TerminalSafe(a.Text))
	if a.Count > 1 {
		s += fmt.Sprintf(" (%d×)", a.Count)
	}
	return s + " [" + TerminalSafe(a.Lang) + "]"
}

func percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// helpful is the helpful share, or a dash when nobody voted.
func helpful(v Votes) string {
	if v.Total() == 0 {
		return "–"
	}
	return percent(v.Share)
}

// pvalue writes a p-value with the precision that matters.
func pvalue(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}

// takeTime formats the median time to take a hand-off.
func takeTime(seconds int) string {
	if seconds < 60 {
		return fmt.Sprintf("%d s", seconds)
	}
	return fmt.Sprintf("%d min", (seconds+30)/60)
}
