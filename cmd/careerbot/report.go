package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/insights"
)

func runReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report")
	db := dbFlag(fs)
	since := fs.String("since", "30d", "report on this far back, e.g. 30d, 2w or 36h")
	format := fs.String("format", "text", "text, json or html")
	out := fs.String("out", "", "write the report to `file` (default standard output)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("report takes no arguments")
	}
	age, err := parseAge(*since)
	if err != nil {
		return usagef("--since: %v", err)
	}
	f := strings.ToLower(*format)
	if f != "text" && f != "json" && f != "html" {
		return usagef("--format %q: use text, json or html", *format)
	}
	retention, err := retentionFromEnv(e)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	now := st.Now()
	r, err := insights.Build(ctx, st, insights.Options{Since: now.Add(-age), Until: now, Location: time.Local, Retention: retention})
	if err != nil {
		return err
	}
	var b bytes.Buffer
	switch f {
	case "json":
		err = r.WriteJSON(&b)
	case "html":
		err = r.WriteHTML(&b)
	default:
		err = r.WriteText(&b)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	if err := writeFileAtomic(*out, b.Bytes()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote the report to %s\n", *out)
	return nil
}

// writeFileAtomic writes beside the target and renames, so a failed write
// never leaves half a file. The file is readable by its owner only: a
// report holds what people asked.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".careerbot-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

func kbSuggest(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb suggest")
	db := dbFlag(fs)
	since := fs.String("since", "90d", "look at questions this far back, e.g. 90d")
	accept := fs.Int("accept", 0, "add the questions of group `N` as phrasings of the entry it fits")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("kb suggest takes no arguments; accept a group with --accept N")
	}
	age, err := parseAge(*since)
	if err != nil {
		return usagef("--since: %v", err)
	}
	accepting := flagSet(fs, "accept")
	if accepting && *accept < 1 {
		return usagef("--accept %d: groups are numbered from 1 (see 'careerbot kb suggest')", *accept)
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		return err
	}
	now := st.Now()
	suggestions, err := insights.Suggest(ctx, st, live, now.Add(-age), now)
	if err != nil {
		return err
	}
	if !accepting {
		printSuggestions(e, suggestions, *since)
		return nil
	}
	if *accept > len(suggestions) {
		return usagef("--accept %d: there are only %d groups in the last %s (see 'careerbot kb suggest --since %s')",
			*accept, len(suggestions), *since, *since)
	}
	s := suggestions[*accept-1]
	added, err := insights.Accept(ctx, st, s)
	if errors.Is(err, insights.ErrNeedsNewEntry) {
		return fmt.Errorf("group %d fits no entry, so nothing was added: it needs a new entry; write one and add it with 'careerbot kb import'", s.N)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "group %d → %s: added %d phrasing(s)\n", s.N, added.EntryID, len(added.Added))
	for _, q := range added.Added {
		fmt.Fprintf(e.stdout, "  + [%s] %q\n", insights.TerminalSafe(string(q.Lang)), insights.TerminalSafe(q.Text))
	}
	for _, q := range added.Skipped {
		fmt.Fprintf(e.stdout, "  = [%s] %q: %s\n", insights.TerminalSafe(string(q.Lang)), insights.TerminalSafe(q.Text), q.Reason)
	}
	return nil
}

func printSuggestions(e env, suggestions []insights.Suggestion, since string) {
	const examples = 5
	for _, s := range suggestions {
		if s.EntryID == "" {
			fmt.Fprintf(e.stdout, "%d. %d question(s) → needs a new entry\n", s.N, s.Count)
		} else {
			fmt.Fprintf(e.stdout, "%d. %d question(s) → %s (fit %.2f): %s\n", s.N, s.Count, insights.TerminalSafe(s.EntryID), s.Fit, insights.TerminalSafe(s.Question))
		}
		for _, q := range s.Questions[:min(len(s.Questions), examples)] {
			times := ""
			if q.Count > 1 {
				times = fmt.Sprintf(" (%d×)", q.Count)
			}
			fmt.Fprintf(e.stdout, "     [%s] %q%s\n", insights.TerminalSafe(q.Lang), insights.TerminalSafe(q.Text), times)
		}
		if n := len(s.Questions) - examples; n > 0 {
			fmt.Fprintf(e.stdout, "     … and %d more\n", n)
		}
	}
	if len(suggestions) == 0 {
		fmt.Fprintf(e.stderr, "no unanswered or low-confidence questions in the last %s\n", since)
		return
	}
	fmt.Fprintf(e.stderr, "%d group(s) of unanswered or low-confidence questions in the last %s.\n"+
		"Add a group's questions to the entry it fits with: careerbot kb suggest --since %s --accept N\n",
		len(suggestions), since, since)
}

// flagSet reports whether the flag called name was given.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
