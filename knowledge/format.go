package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FormatVersion is the version of the import/export format this build reads
// and writes.
const FormatVersion = 1

// Limits that keep one bad import file from bloating the database.
const (
	maxIDLen       = 64
	maxQuestionLen = 500
	maxAnswerLen   = 4000
	maxQuestions   = 100
)

// Document is the knowledge base in its interchange format, as written by
// `careerbot kb export` and read by `careerbot kb import`:
//
//	{"version":1,"topics":[…],"synonyms":[[…]],"entries":[{"id":…,"topic":…,
//	 "related":[…],"texts":{"de":{"questions":[…],"answer":…},"en":{…}}}]}
//
// topics and synonyms are optional on import.
type Document struct {
	Version  int        `json:"version" yaml:"version"`
	Topics   []Topic    `json:"topics,omitempty" yaml:"topics,omitempty"`
	Synonyms [][]string `json:"synonyms,omitempty" yaml:"synonyms,omitempty"`
	Entries  []Entry    `json:"entries" yaml:"entries"`
}

// Topic groups entries in the menu.
type Topic struct {
	ID     string            `json:"id" yaml:"id"`
	Titles map[string]string `json:"titles" yaml:"titles"`
	Lead   string            `json:"lead,omitempty" yaml:"lead,omitempty"`
}

// Entry is one knowledge-base entry.
type Entry struct {
	ID      string          `json:"id" yaml:"id"`
	Topic   string          `json:"topic" yaml:"topic"`
	Related []string        `json:"related" yaml:"related"`
	Texts   map[string]Text `json:"texts" yaml:"texts"`
	// Reviewed is the date (YYYY-MM-DD) an editor last checked the entry;
	// Owner is who answers for it. Both optional; see `kb stale`.
	Reviewed string `json:"reviewed,omitempty" yaml:"reviewed,omitempty"`
	Owner    string `json:"owner,omitempty" yaml:"owner,omitempty"`
}

// Text is an entry's content in one language.
type Text struct {
	Questions []string `json:"questions" yaml:"questions"`
	Answer    string   `json:"answer" yaml:"answer"`
	// AnswerSie is the German answer in the formal register ("Sie") for
	// people who write formally; required where Answer says "du".
	AnswerSie string `json:"answer_sie,omitempty" yaml:"answer_sie,omitempty"`
	// Variant is a second answer under A/B test (variant B); optional.
	Variant string `json:"variant,omitempty" yaml:"variant,omitempty"`
	// VariantSie is the formal form of Variant.
	VariantSie string `json:"variant_sie,omitempty" yaml:"variant_sie,omitempty"`
}

// Problem is one thing wrong with an import file, located by entry and field.
type Problem struct {
	Entry string
	Field string
	Msg   string
}

func (p Problem) String() string {
	switch {
	case p.Entry == "" && p.Field == "":
		return p.Msg
	case p.Entry == "":
		return p.Field + ": " + p.Msg
	}
	return fmt.Sprintf("entry %q, %s: %s", p.Entry, p.Field, p.Msg)
}

// ValidationError lists every problem found in a document.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in knowledge base file:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Decode reads a document in JSON or YAML (JSON is YAML, but JSON input
// gets the stricter JSON decoder and its clearer error positions). Unknown
// fields are an error, so a typo in a field name is not silently dropped.
func Decode(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read knowledge base file: %w", err)
	}
	if len(data) > 64<<20 {
		return nil, fmt.Errorf("knowledge base file is larger than 64 MiB")
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("knowledge base file is not valid UTF-8")
	}
	var doc Document
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("parse JSON: %w", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("parse JSON: unexpected data after the document")
		}
		return &doc, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("knowledge base file is empty")
		}
		return nil, fmt.Errorf("parse YAML: %w", err)
	}
	if err := dec.Decode(new(yaml.Node)); err != io.EOF {
		return nil, fmt.Errorf("parse YAML: more than one document in the file")
	}
	return &doc, nil
}

// Encode writes doc as indented JSON or as YAML.
func Encode(w io.Writer, doc *Document, format string) error {
	switch format {
	case "", "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	case "yaml", "yml":
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(doc); err != nil {
			return err
		}
		return enc.Close()
	}
	return fmt.Errorf("unknown format %q: use json or yaml", format)
}

// Validate checks a document on its own. known holds ids that already exist
// in the database (for a merging import), so related links may point there.
// It reports errors only; see Warnings for what an import accepts but an
// editor should fix.
func (d *Document) Validate(known map[string]bool) error {
	var ps []Problem
	add := func(entry, field, format string, args ...any) {
		ps = append(ps, Problem{Entry: entry, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if d.Version != FormatVersion {
		add("", "version", "is %d, this careerbot reads version %d", d.Version, FormatVersion)
	}
	if len(d.Entries) == 0 {
		add("", "entries", "no entries")
	}
	topics := map[string]bool{}
	for i, t := range d.Topics {
		field := fmt.Sprintf("topics[%d]", i)
		switch {
		case !idPattern.MatchString(t.ID) || len(t.ID) > maxIDLen:
			add("", field+".id", "%q is not a valid id (lowercase letters, digits, '-' and '_', at most %d characters)", t.ID, maxIDLen)
		case topics[t.ID]:
			add("", field+".id", "duplicate topic %q", t.ID)
		}
		topics[t.ID] = true
		for lang := range t.Titles {
			if lang != "de" && lang != "en" {
				add("", field+".titles", "unknown language %q (use de or en)", lang)
			}
		}
	}
	ids := map[string]bool{}
	for i, e := range d.Entries {
		label := e.ID
		if label == "" {
			label = fmt.Sprintf("#%d", i+1)
		}
		switch {
		case !idPattern.MatchString(e.ID) || len(e.ID) > maxIDLen:
			add(label, "id", "not a valid id (lowercase letters, digits, '-' and '_', at most %d characters)", maxIDLen)
		case ids[e.ID]:
			add(label, "id", "duplicate id")
		}
		ids[e.ID] = true
		if e.Topic == "" {
			add(label, "topic", "missing")
		} else if len(d.Topics) > 0 && !topics[e.Topic] {
			add(label, "topic", "%q is not listed in topics", e.Topic)
		}
		if len(e.Texts) == 0 {
			add(label, "texts", "no text in any language")
		}
		if e.Reviewed != "" {
			if _, err := time.Parse(time.DateOnly, e.Reviewed); err != nil {
				add(label, "reviewed", "%q is not a date like 2026-11-27", e.Reviewed)
			}
		}
		for lang, t := range e.Texts {
			validateText(label, lang, t, add)
		}
	}
	for _, e := range d.Entries {
		seen := map[string]bool{}
		for _, r := range e.Related {
			switch {
			case r == e.ID:
				add(e.ID, "related", "links to itself")
			case seen[r]:
				add(e.ID, "related", "lists %q twice", r)
			case !ids[r] && !known[r]:
				add(e.ID, "related", "unknown entry %q", r)
			}
			seen[r] = true
		}
	}
	for i, t := range d.Topics {
		if t.Lead != "" && !ids[t.Lead] && !known[t.Lead] {
			add("", fmt.Sprintf("topics[%d].lead", i), "unknown entry %q", t.Lead)
		}
	}
	for i, g := range d.Synonyms {
		if len(g) < 2 {
			add("", fmt.Sprintf("synonyms[%d]", i), "a synonym group needs at least two terms")
		}
		for _, term := range g {
			if strings.TrimSpace(term) == "" {
				add("", fmt.Sprintf("synonyms[%d]", i), "empty term")
			}
		}
	}
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

func validateText(entry, lang string, t Text, add func(entry, field, format string, args ...any)) {
	field := "texts." + lang
	if lang != "de" && lang != "en" {
		add(entry, field, "unknown language %q (use de or en)", lang)
		return
	}
	if strings.TrimSpace(t.Answer) == "" {
		add(entry, field+".answer", "empty answer")
	} else if len(t.Answer) > maxAnswerLen {
		add(entry, field+".answer", "longer than %d bytes", maxAnswerLen)
	}
	if t.Variant != "" && strings.TrimSpace(t.Variant) == "" || len(t.Variant) > maxAnswerLen {
		add(entry, field+".variant", "blank or longer than %d bytes", maxAnswerLen)
	}
	validateRegister(entry, lang, t, add)
	validatePlaceholders(entry, lang, t, add)
	if len(t.Questions) == 0 {
		add(entry, field+".questions", "no questions")
	}
	if len(t.Questions) > maxQuestions {
		add(entry, field+".questions", "more than %d questions", maxQuestions)
	}
	for j, q := range t.Questions {
		switch {
		case strings.TrimSpace(q) == "":
			add(entry, fmt.Sprintf("%s.questions[%d]", field, j), "empty question")
		case len(q) > maxQuestionLen:
			add(entry, fmt.Sprintf("%s.questions[%d]", field, j), "longer than %d bytes", maxQuestionLen)
		}
	}
}

// Warnings lists what an import accepts but an editor should fix: German
// titles and first questions (shown on buttons, menus and headings) that
// name only men, contact sentences that dangle without a configured
// address, and formal answers that repeat the informal one.
func (d *Document) Warnings() []Problem {
	ps := append(d.warnTitles(), d.warnContact()...)
	for _, e := range d.Entries {
		t, ok := e.Texts["de"]
		if !ok {
			continue
		}
		if t.AnswerSie != "" && t.AnswerSie == t.Answer {
			ps = append(ps, Problem{Entry: e.ID, Field: "texts.de.answer_sie",
				Msg: "is the same as answer: leave it out where the answer does not address the reader"})
		}
		if t.VariantSie != "" && t.VariantSie == t.Variant {
			ps = append(ps, Problem{Entry: e.ID, Field: "texts.de.variant_sie",
				Msg: "is the same as variant: leave it out where the variant does not address the reader"})
		}
	}
	return ps
}
