// Package eval checks a bot's answers against a question file, the way
// editors check the knowledge base after an edit.
//
// The file is JSON Lines. An in-scope case must be answered, in its
// language, with an answer that matches every regular expression
// (case-insensitively):
//
//	{"q": "Was macht ein Backend Entwickler?", "lang": "de", "expect": ["server|datenbank"]}
//
// An out-of-scope case must not be answered:
//
//	{"q": "How tall is Mount Everest?", "lang": "en", "fallback": true}
package eval

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// Case is one line of a question file.
type Case struct {
	Q        string   `json:"q"`
	Lang     bot.Lang `json:"lang"`
	Expect   []string `json:"expect"`
	Fallback bool     `json:"fallback"`

	Line   int              `json:"-"`
	expect []*regexp.Regexp // compiled Expect
}

// Load reads and checks a question file, reporting every bad line at once.
func Load(r io.Reader) ([]Case, error) {
	var cases []Case
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		c, err := parseCase(line)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read question file: %w", err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("bad question file:\n  %s", strings.Join(problems, "\n  "))
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("question file has no questions")
	}
	return cases, nil
}

func parseCase(line string) (Case, error) {
	var c Case
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("not a question object: %w", err)
	}
	if strings.TrimSpace(c.Q) == "" {
		return c, fmt.Errorf(`"q" is missing`)
	}
	if c.Lang != bot.German && c.Lang != bot.English {
		return c, fmt.Errorf(`"lang" must be "de" or "en"`)
	}
	if c.Fallback == (len(c.Expect) > 0) {
		return c, fmt.Errorf(`give either "expect" (a list of patterns) or "fallback": true`)
	}
	for _, p := range c.Expect {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return c, fmt.Errorf("pattern %q: %v", p, err)
		}
		c.expect = append(c.expect, re)
	}
	return c, nil
}

// Result is the outcome of one case.
type Result struct {
	Case  Case
	Reply bot.Reply
	Pass  bool
	// Why says what went wrong, for a miss.
	Why string
}

// Report is the outcome of a whole file.
type Report struct {
	Results                    []Result
	InScope, InScopePassed     int
	OutOfScope, OutScopePassed int
}

// InScopeRate is the share of in-scope cases answered correctly.
func (r Report) InScopeRate() float64 { return rate(r.InScopePassed, r.InScope) }

// OutOfScopeRate is the share of out-of-scope cases not answered.
func (r Report) OutOfScopeRate() float64 { return rate(r.OutScopePassed, r.OutOfScope) }

func rate(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

// Run asks every case and judges the replies. The question's language is
// not given to the bot: telling it is part of what is checked.
func Run(ctx context.Context, a bot.Answerer, cases []Case) (Report, error) {
	var rep Report
	for _, c := range cases {
		r, err := a.Ask(ctx, bot.Request{Text: c.Q})
		if err != nil {
			return rep, fmt.Errorf("line %d: %w", c.Line, err)
		}
		res := judge(c, r)
		if c.Fallback {
			rep.OutOfScope++
			if res.Pass {
				rep.OutScopePassed++
			}
		} else {
			rep.InScope++
			if res.Pass {
				rep.InScopePassed++
			}
		}
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

func judge(c Case, r bot.Reply) Result {
	res := Result{Case: c, Reply: r}
	switch {
	case c.Fallback && r.Answered():
		res.Why = "answered, but should not be"
	case c.Fallback:
		res.Pass = true
	case !r.Answered():
		res.Why = fmt.Sprintf("not answered (%s)", r.Kind)
	case r.Lang != c.Lang:
		res.Why = fmt.Sprintf("answered in %s, expected %s", r.Lang, c.Lang)
	default:
		for i, re := range c.expect {
			if !re.MatchString(r.Text) {
				res.Why = fmt.Sprintf("answer does not match %q", c.Expect[i])
				return res
			}
		}
		res.Pass = true
	}
	return res
}

// Write prints each miss with what was answered and its confidence, then
// the totals; verbose prints the passes too.
func (r Report) Write(w io.Writer, verbose bool) {
	for _, res := range r.Results {
		if res.Pass && !verbose {
			continue
		}
		mark := "MISS"
		if res.Pass {
			mark = "ok  "
		}
		got := res.Reply.EntryID
		if got == "" {
			got = "-"
		}
		fmt.Fprintf(w, "%s line %d [%s] %q\n     %s; got %s %s (confidence %.2f)\n",
			mark, res.Case.Line, res.Case.Lang, res.Case.Q, cmp.Or(res.Why, "passed"), res.Reply.Kind, got, res.Reply.Confidence)
	}
	fmt.Fprintf(w, "in scope:     %d/%d answered correctly (%.1f%%)\n", r.InScopePassed, r.InScope, 100*r.InScopeRate())
	fmt.Fprintf(w, "out of scope: %d/%d not answered (%.1f%%)\n", r.OutScopePassed, r.OutOfScope, 100*r.OutOfScopeRate())
	fmt.Fprintf(w, "total:        %d/%d passed\n", r.InScopePassed+r.OutScopePassed, len(r.Results))
}
