package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/careerbot/careerbot/adapters/console"
	"github.com/careerbot/careerbot/bot"
)

// replyJSON is the JSON shape of an answer, shared by `ask --json` and
// POST /v1/ask.
type replyJSON struct {
	Question    string           `json:"question"`
	Answered    bool             `json:"answered"`
	EntryID     string           `json:"entry_id"`
	Confidence  float64          `json:"confidence"`
	Lang        bot.Lang         `json:"lang"`
	Answer      string           `json:"answer"`
	Suggestions []bot.Suggestion `json:"suggestions"`
	Kind        bot.Kind         `json:"kind"`
	// Jobs is present for kind "jobs" only: the postings shown, [] when
	// none fit.
	Jobs []jobJSON `json:"jobs,omitzero"`
}

// jobJSON is an open position in `ask --json` and POST /v1/ask.
type jobJSON struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Employer       string   `json:"employer"`
	Location       string   `json:"location"`
	Remote         bool     `json:"remote"`
	EmploymentType []string `json:"employment_type"`
	DatePosted     string   `json:"date_posted"`
	URL            string   `json:"url"`
}

func jobsJSON(r bot.Reply) []jobJSON {
	if r.Kind != bot.KindJobs {
		return nil
	}
	out := make([]jobJSON, 0, len(r.Jobs))
	for _, j := range r.Jobs {
		out = append(out, jobJSON{ID: j.ID, Title: j.Title, Employer: bot.JobEmployer(j, r.Lang), Location: j.Location,
			Remote: j.Remote, EmploymentType: append([]string{}, j.EmploymentType...), DatePosted: j.DatePosted, URL: j.URL})
	}
	return out
}

func toJSON(question string, r bot.Reply) replyJSON {
	s := r.Suggestions
	if s == nil {
		s = []bot.Suggestion{}
	}
	entry := ""
	if r.Answered() {
		entry = r.EntryID
	}
	return replyJSON{
		Question:    question,
		Answered:    r.Answered() || r.Kind == bot.KindJobs,
		EntryID:     entry,
		Confidence:  float64(int(r.Confidence*1000+0.5)) / 1000,
		Lang:        r.Lang,
		Answer:      r.Text,
		Suggestions: s,
		Kind:        r.Kind,
		Jobs:        jobsJSON(r),
	}
}

func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "ask")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print each answer as one JSON object per line")
	langName := langFlag(fs)
	logQuestions := fs.Bool("log", false, "log the questions to the database, like serve does (platform \"cli\")")
	conversation := fs.String("conversation", "", "answer all questions in one conversation with this `id`, so follow-ups (\"und ohne Studium?\", \"mehr\", a menu number) are read in context")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	lang, err := parseLangFlag(*langName)
	if err != nil {
		return err
	}
	// The engine answers even when a question cannot be logged; with
	// --log the caller asked for the log, so a failure ends the run.
	logged := &checkedJournal{}
	st, _, eng, err := openEngine(ctx, e, *db, withJournal(*logQuestions), withJournalWrapper(logged.wrap))
	if err != nil {
		return err
	}
	defer st.Close()
	if *logQuestions {
		if err := st.CheckWritable(ctx); err != nil {
			path, _ := dbPath(e, *db)
			return fmt.Errorf("--log: the questions cannot be logged: %w\n(%s; or run without --log)", err, openHint(err, path))
		}
	}

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	answer := func(q string, oneLine bool) error {
		req := bot.Request{Text: q, Lang: lang, Conversation: *conversation}
		if *logQuestions {
			req.Platform = "cli"
		}
		r, err := eng.Ask(ctx, req)
		if err != nil {
			return err
		}
		if logged.err != nil {
			return fmt.Errorf("--log: the question could not be logged: %w", logged.err)
		}
		switch {
		case *asJSON:
			b, err := json.Marshal(toJSON(bot.Clean(q), r))
			if err != nil {
				return err
			}
			out.Write(b)
			out.WriteByte('\n')
		case oneLine:
			fmt.Fprintln(out, strings.Join(strings.Fields(console.Plain.Render(r.Text)), " "))
		default:
			console.WriteReply(out, r)
		}
		return out.Flush()
	}
	if len(words) > 0 {
		return answer(strings.Join(words, " "), false)
	}
	return eachLine(e.stdin, func(line string) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return answer(line, true)
	})
}

// checkedJournal remembers the first error of the question log it wraps.
// ask answers one question at a time, so it needs no lock.
type checkedJournal struct {
	bot.Journal
	err error
}

func (c *checkedJournal) wrap(j bot.Journal) bot.Journal {
	c.Journal = j
	return c
}

func (c *checkedJournal) LogQuestion(ctx context.Context, q bot.Question) error {
	err := c.Journal.LogQuestion(ctx, q)
	if err != nil && c.err == nil {
		c.err = err
	}
	return err
}

// maxLine bounds how much of one input line is kept; the engine reads even
// less. A longer line is cut, not an error.
const maxLine = 64 << 10

// eachLine calls fn for each line of r, of any length, in order.
func eachLine(r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br)
		if len(line) > 0 || err == nil {
			if ferr := fn(strings.TrimSuffix(line, "\r")); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
	}
}

func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(b) < maxLine {
			b = append(b, chunk[:min(len(chunk), maxLine-len(b))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return strings.TrimSuffix(string(b), "\n"), err
	}
}
