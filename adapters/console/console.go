// Package console is the terminal chat adapter: questions from a reader,
// answers with numbered follow-ups to a writer.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/careerbot/careerbot/bot"
)

var _ bot.Adapter = (*Adapter)(nil)

// Adapter is an interactive terminal chat.
type Adapter struct {
	bot  bot.Answerer
	in   *bufio.Reader
	out  io.Writer
	lang bot.Lang // forced by /lang, or ""
	// shown is the language of the previous reply, for /help and /quit.
	shown bot.Lang
	// conversation names this chat to the engine, which reads follow-ups
	// ("mehr", "und ohne Studium?", a menu number) in its context.
	conversation string
}

// New returns a console adapter reading from in and writing to out. lang
// forces the reply language when not empty.
func New(answerer bot.Answerer, in io.Reader, out io.Writer, lang bot.Lang) *Adapter {
	return &Adapter{bot: answerer, in: bufio.NewReader(in), out: out, lang: lang, shown: lang,
		conversation: fmt.Sprintf("console:%d", sessions.Add(1))}
}

// Name implements bot.Adapter.
func (a *Adapter) Name() string { return "console" }

// Run chats until /quit, end of input or ctx is cancelled.
func (a *Adapter) Run(ctx context.Context) error {
	fmt.Fprintln(a.out, "careerbot – Fragen zum Beruf Backend-Entwickler*in / questions about backend development.")
	fmt.Fprintln(a.out, "Type a question, a number to pick a suggestion, /lang de|en, /help or /quit.")
	if err := a.say(ctx, func() (bot.Reply, error) {
		return a.bot.Ask(ctx, bot.Request{Text: "hallo", Lang: a.lang, Conversation: a.conversation})
	}); err != nil {
		return err
	}
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() { // the reader blocks; it ends with the input
		defer close(lines)
		for {
			line, err := a.in.ReadString('\n')
			if line != "" || err == nil {
				select {
				case lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr <- err
				}
				return
			}
		}
	}()
	for {
		fmt.Fprint(a.out, "\n> ")
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(a.out)
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			fmt.Fprintln(a.out)
			select {
			case err := <-readErr:
				return fmt.Errorf("read input: %w", err)
			default:
				return nil
			}
		}
		quit, err := a.handle(ctx, strings.TrimSpace(line))
		if err != nil && ctx.Err() != nil {
			return nil // cancelled while answering: the end, not a failure
		}
		if err != nil || quit {
			return err
		}
	}
}

// handle answers one line; quit is true for /quit.
func (a *Adapter) handle(ctx context.Context, line string) (quit bool, err error) {
	cmd, arg, _ := strings.Cut(line, " ")
	switch strings.ToLower(cmd) {
	case "/quit", "/exit", "/q", "/ende":
		fmt.Fprintln(a.out, a.shown.Pick("Tschüss und viel Erfolg!", "Bye, and good luck!"))
		return true, nil
	case "/help", "/hilfe", "/?":
		// Asked, not opened: the engine remembers the menu, so a number
		// typed next picks from it.
		return false, a.say(ctx, func() (bot.Reply, error) {
			return a.bot.Ask(ctx, bot.Request{Text: "hilfe", Lang: a.replyLang(), Conversation: a.conversation})
		})
	case "/lang", "/sprache", "/language":
		l, err := bot.ParseLang(arg)
		if err != nil || l == "" {
			fmt.Fprintln(a.out, "Use /lang de or /lang en.")
			return false, nil
		}
		a.lang, a.shown = l, l
		fmt.Fprintln(a.out, l.Pick("Ich antworte jetzt auf Deutsch.", "I'll answer in English now."))
		return false, nil
	}
	return false, a.say(ctx, func() (bot.Reply, error) {
		return a.bot.Ask(ctx, bot.Request{Text: line, Lang: a.lang, Conversation: a.conversation, Platform: "console"})
	})
}

func (a *Adapter) replyLang() bot.Lang {
	if a.lang != "" {
		return a.lang
	}
	return a.shown
}

// say gets a reply and prints it; an entry that vanished is a friendly
// line, not an error.
func (a *Adapter) say(ctx context.Context, get func() (bot.Reply, error)) error {
	r, err := get()
	if errors.Is(err, bot.ErrNotFound) {
		fmt.Fprintln(a.out, a.shown.Pick("Diesen Eintrag gibt es nicht mehr.", "That entry no longer exists."))
		return nil
	}
	if err != nil {
		return err
	}
	a.shown = r.Lang
	fmt.Fprintln(a.out)
	WriteReply(a.out, r)
	return nil
}

// sessions numbers the chats of this process, each its own conversation.
var sessions atomic.Int64

// Plain renders the knowledge base's markup for a terminal: bold dropped,
// bullets kept.
var Plain = bot.Renderer{Bullet: "• "}

// WriteReply prints a reply for a person: the text, then the suggestions
// numbered from 1.
func WriteReply(w io.Writer, r bot.Reply) {
	if !writeJobsText(w, r) {
		fmt.Fprintln(w, Plain.Render(r.Text))
	}
	for i, s := range r.Suggestions {
		if i == 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "  [%d] %s\n", i+1, s.Question)
	}
}
