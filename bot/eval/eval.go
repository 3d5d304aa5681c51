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
//
// A dialogue is asked turn by turn in one conversation. Each turn is
// judged like a question, or must get small talk in its language
// ("smalltalk": true); "differs": true also requires an answer that is
// not the previous turn's text word for word:
//
//	{"id": "p01", "turns": [{"q": "Muss ich studieren?", "lang": "de", "expect": ["studi"]},
//	  {"q": "und ohne Studium?", "lang": "de", "expect": ["quereinst"], "differs": true},
//	  {"q": "danke, tschüss", "lang": "de", "smalltalk": true}]}
//
// Question and dialogue lines may be mixed in one file.
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

// Turn is one question with what its reply must be.
type Turn struct {
	Q        string   `json:"q"`
	Lang     bot.Lang `json:"lang"`
	Expect   []string `json:"expect,omitempty"`
	Fallback bool     `json:"fallback,omitempty"`
	// Smalltalk turns must get a small-talk reply (bot.Reply.Smalltalk)
	// in their language; dialogue turns only.
	Smalltalk bool `json:"smalltalk,omitempty"`
	// Differs requires an answer other than the previous turn's text;
	// dialogue turns only.
	Differs bool `json:"differs,omitempty"`

	expect []*regexp.Regexp // compiled Expect
}

// Case is one line of a question file: a question, or a dialogue when
// Turns is set.
type Case struct {
	Turn
	ID    string `json:"id,omitempty"`
	Turns []Turn `json:"turns,omitempty"`

	Line int `json:"-"`
}

// Dialogue reports whether the case is a dialogue.
func (c Case) Dialogue() bool { return len(c.Turns) > 0 }

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
	if c.Turns == nil && c.ID == "" {
		return c, c.Turn.check(false)
	}
	if c.ID == "" || len(c.Turns) == 0 || c.Q != "" || c.Lang != "" || len(c.Expect) > 0 || c.Fallback || c.Smalltalk || c.Differs {
		return c, fmt.Errorf(`a dialogue has an "id" and a list of "turns", and nothing else`)
	}
	for i := range c.Turns {
		if err := c.Turns[i].check(true); err != nil {
			return c, fmt.Errorf("turn %d: %w", i+1, err)
		}
	}
	if c.Turns[0].Differs {
		return c, fmt.Errorf(`turn 1: "differs" needs a previous turn`)
	}
	return c, nil
}

// check validates a question or, inDialogue, a dialogue turn, and compiles
// its patterns.
func (t *Turn) check(inDialogue bool) error {
	if strings.TrimSpace(t.Q) == "" {
		return fmt.Errorf(`"q" is missing`)
	}
	if t.Lang != bot.German && t.Lang != bot.English {
		return fmt.Errorf(`"lang" must be "de" or "en"`)
	}
	if !inDialogue && (t.Smalltalk || t.Differs) {
		return fmt.Errorf(`"smalltalk" and "differs" are for dialogue turns`)
	}
	n := 0
	for _, set := range []bool{len(t.Expect) > 0, t.Fallback, t.Smalltalk} {
		if set {
			n++
		}
	}
	if n != 1 {
		if inDialogue {
			return fmt.Errorf(`give one of "expect" (a list of patterns), "fallback": true or "smalltalk": true`)
		}
		return fmt.Errorf(`give either "expect" (a list of patterns) or "fallback": true`)
	}
	if t.Differs && len(t.Expect) == 0 {
		return fmt.Errorf(`"differs" goes with "expect"`)
	}
	for _, p := range t.Expect {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return fmt.Errorf("pattern %q: %v", p, err)
		}
		t.expect = append(t.expect, re)
	}
	return nil
}

// Result is the outcome of one question or dialogue turn.
type Result struct {
	Case  Case
	Reply bot.Reply
	Pass  bool
	// Why says what went wrong, for a miss.
	Why string
	// Turn is the turn's number from 1 in a dialogue, else 0; Prior holds
	// the dialogue's earlier turns' results.
	Turn  int
	Prior []Result
}

// Report is the outcome of a whole file.
type Report struct {
	Results                    []Result
	InScope, InScopePassed     int
	OutOfScope, OutScopePassed int
	// Dialogues counts the dialogues; Turns and TurnsPassed their turns.
	Dialogues, Turns, TurnsPassed int
}

// InScopeRate is the share of in-scope cases answered correctly.
func (r Report) InScopeRate() float64 { return rate(r.InScopePassed, r.InScope) }

// OutOfScopeRate is the share of out-of-scope cases not answered.
func (r Report) OutOfScopeRate() float64 { return rate(r.OutScopePassed, r.OutOfScope) }

// TurnRate is the share of dialogue turns judged right.
func (r Report) TurnRate() float64 { return rate(r.TurnsPassed, r.Turns) }

func rate(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

// Run asks every case and judges the replies. The question's language is
// not given to the bot: telling it is part of what is checked. Each
// dialogue is asked in a conversation of its own; questions in none.
func Run(ctx context.Context, a bot.Answerer, cases []Case) (Report, error) {
	var rep Report
	for _, c := range cases {
		if c.Dialogue() {
			if err := rep.runDialogue(ctx, a, c); err != nil {
				return rep, err
			}
			continue
		}
		r, err := a.Ask(ctx, bot.Request{Text: c.Q})
		if err != nil {
			return rep, fmt.Errorf("line %d: %w", c.Line, err)
		}
		res := judge(c.Turn, r, "")
		res.Case = c
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

func (rep *Report) runDialogue(ctx context.Context, a bot.Answerer, c Case) error {
	rep.Dialogues++
	conversation := fmt.Sprintf("eval:%d:%s", c.Line, c.ID)
	var prior []Result
	prev := ""
	for i, t := range c.Turns {
		r, err := a.Ask(ctx, bot.Request{Text: t.Q, Conversation: conversation})
		if err != nil {
			return fmt.Errorf("line %d, turn %d: %w", c.Line, i+1, err)
		}
		res := judge(t, r, prev)
		res.Case, res.Turn, res.Prior = c, i+1, prior
		rep.Turns++
		if res.Pass {
			rep.TurnsPassed++
		}
		rep.Results = append(rep.Results, res)
		prior = append(prior[:len(prior):len(prior)], res)
		prev = r.Text
	}
	return nil
}

// judge checks one reply; prev is the previous turn's reply text in a
// dialogue.
func judge(t Turn, r bot.Reply, prev string) Result {
	res := Result{Reply: r}
	switch {
	case t.Smalltalk && !r.Smalltalk():
		res.Why = fmt.Sprintf("not small talk (%s)", r.Kind)
	case t.Smalltalk && r.Lang != t.Lang:
		res.Why = fmt.Sprintf("small talk in %s, expected %s", r.Lang, t.Lang)
	case t.Smalltalk:
		res.Pass = true
	case t.Fallback && r.Answered():
		res.Why = "answered, but should not be"
	case t.Fallback:
		res.Pass = true
	case !r.Answered():
		res.Why = fmt.Sprintf("not answered (%s)", r.Kind)
	case r.Lang != t.Lang:
		res.Why = fmt.Sprintf("answered in %s, expected %s", r.Lang, t.Lang)
	case t.Differs && r.Text == prev:
		res.Why = "the same answer as the previous turn"
	default:
		for i, re := range t.expect {
			if !re.MatchString(r.Text) {
				res.Why = fmt.Sprintf("answer does not match %q", t.Expect[i])
				return res
			}
		}
		res.Pass = true
	}
	return res
}

// Write prints each miss with what was answered and its confidence (a
// dialogue turn with the turns before it), then the totals; verbose
// prints the passes too.
func (r Report) Write(w io.Writer, verbose bool) {
	for _, res := range r.Results {
		if res.Pass && !verbose {
			continue
		}
		mark := "MISS"
		if res.Pass {
			mark = "ok  "
		}
		q, lang := res.Case.Q, res.Case.Lang
		where := fmt.Sprintf("line %d", res.Case.Line)
		if res.Turn > 0 {
			t := res.Case.Turns[res.Turn-1]
			q, lang = t.Q, t.Lang
			where = fmt.Sprintf("line %d dialogue %s turn %d", res.Case.Line, res.Case.ID, res.Turn)
		}
		fmt.Fprintf(w, "%s %s [%s] %q\n", mark, where, lang, q)
		if !res.Pass {
			for i, p := range res.Prior {
				fmt.Fprintf(w, "       turn %d %q -> %s %s\n", i+1, res.Case.Turns[i].Q, p.Reply.Kind, cmp.Or(p.Reply.EntryID, "-"))
			}
		}
		fmt.Fprintf(w, "     %s; got %s %s (confidence %.2f)\n",
			cmp.Or(res.Why, "passed"), res.Reply.Kind, cmp.Or(res.Reply.EntryID, "-"), res.Reply.Confidence)
	}
	if r.InScope+r.OutOfScope > 0 {
		fmt.Fprintf(w, "in scope:     %d/%d answered correctly (%.1f%%)\n", r.InScopePassed, r.InScope, 100*r.InScopeRate())
		fmt.Fprintf(w, "out of scope: %d/%d not answered (%.1f%%)\n", r.OutScopePassed, r.OutOfScope, 100*r.OutOfScopeRate())
		fmt.Fprintf(w, "total:        %d/%d passed\n", r.InScopePassed+r.OutScopePassed, r.InScope+r.OutOfScope)
	}
	if r.Turns > 0 {
		fmt.Fprintf(w, "turns:        %d/%d right in %d dialogues (%.1f%%)\n", r.TurnsPassed, r.Turns, r.Dialogues, 100*r.TurnRate())
	}
}
