package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
	"github.com/careerbot/careerbot/knowledge/insights"
)

func runKB(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "kb", args, []subcommand{
		{"list", kbList},
		{"show", kbShow},
		{"export", kbExport},
		{"import", kbImport},
		{"validate", kbValidate},
		{"stale", kbStale},
		{"promote", kbPromote},
		{"suggest", kbSuggest},
	})
}

func kbList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb list")
	db := dbFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	doc, err := exportStore(ctx, e, *db)
	if err != nil {
		return err
	}
	for _, en := range doc.Entries {
		q := ""
		if t, ok := en.Texts["de"]; ok && len(t.Questions) > 0 {
			q = t.Questions[0]
		}
		// Phrasings may come from what people typed (kb suggest --accept).
		fmt.Fprintf(e.stdout, "%-32s %-12s %s\n", en.ID, en.Topic, insights.TerminalSafe(q))
	}
	return nil
}

func kbShow(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb show")
	db := dbFlag(fs)
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usagef("kb show needs exactly one entry id (see 'careerbot kb list')")
	}
	doc, err := exportStore(ctx, e, *db)
	if err != nil {
		return err
	}
	for _, en := range doc.Entries {
		if en.ID == ids[0] {
			return knowledge.Encode(e.stdout, &knowledge.Document{Version: knowledge.FormatVersion, Entries: []knowledge.Entry{en}}, "yaml")
		}
	}
	return fmt.Errorf("no entry %q (see 'careerbot kb list')", ids[0])
}

func kbExport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb export")
	db := dbFlag(fs)
	format := fs.String("format", "json", "json or yaml")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return usagef("kb export writes one file; got %d arguments", len(files))
	}
	if f := strings.ToLower(*format); f != "json" && f != "yaml" && f != "yml" {
		return usagef("--format %q: use json or yaml", *format)
	}
	doc, err := exportStore(ctx, e, *db)
	if err != nil {
		return err
	}
	if len(files) == 0 || files[0] == "-" {
		return knowledge.Encode(e.stdout, doc, strings.ToLower(*format))
	}
	// Write beside the target and rename, so a failed export never leaves
	// half a file where a good one was.
	tmp, err := os.CreateTemp(filepath.Dir(files[0]), ".careerbot-export-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", files[0], err)
	}
	defer os.Remove(tmp.Name())
	if err := knowledge.Encode(tmp, doc, strings.ToLower(*format)); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", files[0], err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", files[0], err)
	}
	if err := os.Rename(tmp.Name(), files[0]); err != nil {
		return fmt.Errorf("write %s: %w", files[0], err)
	}
	fmt.Fprintf(e.stderr, "exported %d entries to %s\n", len(doc.Entries), files[0])
	return nil
}

func kbImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb import")
	db := dbFlag(fs)
	replace := fs.Bool("replace", false, "delete the whole knowledge base first (default: replace only entries with the file's ids)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("kb import needs exactly one file (use - for standard input)")
	}
	doc, err := readDocument(e, files[0])
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := knowledge.ImportOptions{Replace: *replace, Author: "cli", Message: "kb import " + filepath.Base(files[0])}
	if err := st.Import(ctx, doc, opt); err != nil {
		return fmt.Errorf("%s: %w\nnothing was changed", files[0], err)
	}
	n := printWarnings(e, files[0], doc)
	fmt.Fprintf(e.stderr, "imported %d entries from %s%s\n", len(doc.Entries), files[0], warningCount(n))
	return nil
}

func kbValidate(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "kb validate")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("kb validate needs exactly one file")
	}
	doc, err := readDocument(e, files[0])
	if err != nil {
		return err
	}
	if err := doc.Validate(nil); err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	n := printWarnings(e, files[0], doc)
	fmt.Fprintf(e.stdout, "%s: %d entries, valid%s\n", files[0], len(doc.Entries), warningCount(n))
	return nil
}

// printWarnings writes what the file should fix but may keep, one line
// each on standard error, and returns how many there were.
func printWarnings(e env, name string, doc *knowledge.Document) int {
	ws := doc.Warnings()
	for _, w := range ws {
		fmt.Fprintf(e.stderr, "%s: warning: %s\n", name, w)
	}
	return len(ws)
}

func warningCount(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 warning)"
	}
	return fmt.Sprintf(" (%d warnings)", n)
}

func readDocument(e env, name string) (*knowledge.Document, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("open knowledge base file: %w", err)
		}
		defer f.Close()
		r = f
	}
	doc, err := knowledge.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return doc, nil
}

func exportStore(ctx context.Context, e env, db string) (*knowledge.Document, error) {
	st, err := openStore(ctx, e, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Export(ctx)
}

func kbStale(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb stale")
	db := dbFlag(fs)
	older := fs.String("older-than", "180d", "list entries not reviewed for this long")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	age, err := parseAge(*older)
	if err != nil {
		return usagef("--older-than: %v", err)
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	stale, err := st.Stale(ctx, st.Now().Add(-age))
	if err != nil {
		return err
	}
	for _, s := range stale {
		fmt.Fprintf(e.stdout, "%-32s %-12s reviewed %-10s owner %s\n", s.ID, s.Topic, cmp.Or(s.Reviewed, "never"), cmp.Or(s.Owner, "-"))
	}
	fmt.Fprintf(e.stderr, "%d entries due for review (not reviewed within %s)\n", len(stale), formatAge(age))
	return nil
}

func kbPromote(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "kb promote")
	db := dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || (strings.ToUpper(rest[1]) != "A" && strings.ToUpper(rest[1]) != "B") {
		return usagef("kb promote needs an entry id and the winning variant, A or B")
	}
	st, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// The losing text stays in the version history.
	if err := st.EnsureBaseline(ctx); err != nil {
		return err
	}
	if err := st.Promote(ctx, rest[0], strings.ToUpper(rest[1])); err != nil {
		return err
	}
	if err := st.RecordVersion(ctx, "cli", fmt.Sprintf("kb promote %s %s", rest[0], strings.ToUpper(rest[1]))); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: variant %s is now the only answer\n", rest[0], strings.ToUpper(rest[1]))
	return nil
}
