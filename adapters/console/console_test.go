package console_test

import (
	"bytes"
	"context"
	"errors"
	"github.com/careerbot/careerbot/internal/enginetest"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/adapters/console"
	"github.com/careerbot/careerbot/bot"
)

// newEngine returns the real engine over the default knowledge base in a
// temporary SQLite database.
func newEngine(t *testing.T) *bot.Engine {
	t.Helper()
	return enginetest.New(t, "", bot.Config{}).Engine
}

// chat runs the adapter over input and returns what it printed.
func chat(t *testing.T, a bot.Answerer, lang bot.Lang, input string) string {
	t.Helper()
	var out bytes.Buffer
	if err := console.New(a, strings.NewReader(input), &out, lang).Run(context.Background()); err != nil {
		t.Fatalf("Run: %v\noutput:\n%s", err, out.String())
	}
	return out.String()
}

func mustAsk(t *testing.T, eng *bot.Engine, req bot.Request) bot.Reply {
	t.Helper()
	r, err := eng.Ask(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConversation(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	out := chat(t, eng, "", "Hallo\n1\n/lang en\nCan career changers start?\n/quit\n")

	// The greeting lists the topics, numbered from 1.
	greeting := mustAsk(t, eng, bot.Request{Text: "Hallo"})
	if greeting.Kind != bot.KindGreeting || len(greeting.Suggestions) < 3 {
		t.Fatalf("engine greeting: kind %s, %d suggestions", greeting.Kind, len(greeting.Suggestions))
	}
	for i, s := range greeting.Suggestions {
		if want := "  [" + string(rune('1'+i)) + "] " + s.Question + "\n"; !strings.Contains(out, want) {
			t.Errorf("the greeting lacks %q", want)
		}
	}
	// "1" opens the first topic's entry, in German.
	picked, err := eng.Open(ctx, greeting.Suggestions[0].EntryID, bot.German)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, console.Plain.Render(picked.Text)) {
		t.Errorf("picking 1 did not print entry %s:\n%s", picked.EntryID, out)
	}
	// After /lang en the question is answered in English.
	_, after, ok := strings.Cut(out, "I'll answer in English now.")
	if !ok {
		t.Fatalf("no confirmation of /lang en:\n%s", out)
	}
	english := mustAsk(t, eng, bot.Request{Text: "Can career changers start?", Lang: bot.English})
	if english.Lang != bot.English || !english.Answered() {
		t.Fatalf("engine: %s reply in %s", english.Kind, english.Lang)
	}
	if !strings.Contains(after, console.Plain.Render(english.Text)) {
		t.Errorf("the English answer is missing after /lang en:\n%s", after)
	}
	if !strings.HasSuffix(out, "> Bye, and good luck!\n") {
		t.Errorf("/quit did not end with an English goodbye:\n%s", out)
	}
	if strings.Contains(out, "**") {
		t.Errorf("markup was not rendered for the terminal:\n%s", out)
	}
}

func TestLines(t *testing.T) {
	eng := newEngine(t)
	tests := []struct {
		name    string
		lang    bot.Lang
		input   string
		want    []string
		notWant []string
	}{
		{"number too large", "", "42\n", []string{"Diese Nummer steht nicht zur Auswahl."}, nil},
		{"zero", "", "0\n", []string{"Diese Nummer steht nicht zur Auswahl."}, nil},
		{"negative", "", "-1\n", []string{"Diese Nummer steht nicht zur Auswahl."}, nil},
		{"out of range in English", bot.English, "9\n", []string{"That number is not one of the choices."}, nil},
		{"picking after an answer", "", "Brauche ich ein Studium?\n1\n", []string{"Informatik"}, []string{"nicht zur Auswahl"}},
		{"bad /lang", "", "/lang fr\n/lang\n", []string{"Use /lang de or /lang en."}, []string{"I'll answer in English"}},
		{"/sprache de", bot.English, "/sprache de\n/quit\n", []string{"Ich antworte jetzt auf Deutsch.", "Tschüss und viel Erfolg!"}, nil},
		{"/help in English", bot.English, "/help\n", []string{"[1] "}, []string{"Aufgaben im Beruf"}},
		{"/hilfe", "", "/hilfe\n", []string{"[1] Aufgaben im Beruf"}, nil},
		{"/quit stops reading", "", "/quit\nBrauche ich ein Studium?\n", []string{"Tschüss"}, []string{"Informatik"}},
		{"end of input without /quit", "", "Brauche ich ein Studium?", []string{"Informatik"}, []string{"Tschüss"}},
		{"no input at all", "", "", []string{"[1] Aufgaben im Beruf"}, nil},
		{"blank and broken lines", "", "\n   \n\xff\xfe\n\x01\x02\n", []string{"keine Frage erkannt"}, nil},
		{"Windows line ends", "", "/lang en\r\nDo I need a degree?\r\n", []string{"computer science"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := chat(t, eng, tt.lang, tt.input)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out, w) {
					t.Errorf("output contains %q:\n%s", w, out)
				}
			}
		})
	}
}

// fakeAnswerer answers every call from fixed replies and errors.
type fakeAnswerer struct {
	reply   bot.Reply
	openErr error
	askErr  error
}

func (f fakeAnswerer) Ask(context.Context, bot.Request) (bot.Reply, error) { return f.reply, f.askErr }
func (f fakeAnswerer) Open(context.Context, string, bot.Lang) (bot.Reply, error) {
	return bot.Reply{}, f.openErr
}
func (f fakeAnswerer) OpenFor(context.Context, string, bot.Lang, string) (bot.Reply, error) {
	return bot.Reply{}, f.openErr
}
func (f fakeAnswerer) Suggest(context.Context, bot.Request, int) ([]bot.Suggestion, error) {
	return nil, nil
}
func (f fakeAnswerer) Menu(context.Context, bot.Lang) (bot.Reply, error)     { return f.reply, nil }
func (f fakeAnswerer) Topics(context.Context, bot.Lang) ([]bot.Topic, error) { return nil, nil }

func TestAnswererError(t *testing.T) {
	boom := errors.New("database on fire")
	a := fakeAnswerer{reply: bot.Reply{Kind: bot.KindGreeting, Lang: bot.German, Text: "Hallo."}, askErr: boom}
	var out bytes.Buffer
	err := console.New(a, strings.NewReader("x\n"), &out, "").Run(context.Background())
	if !errors.Is(err, boom) {
		t.Errorf("Run returned %v, want the answerer's error", err)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadError(t *testing.T) {
	eng := newEngine(t)
	broken := errors.New("terminal gone")
	var out bytes.Buffer
	err := console.New(eng, failingReader{broken}, &out, "").Run(context.Background())
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), "read input") {
		t.Errorf("Run returned %v, want a wrapped read error", err)
	}
}

// lockedWriter lets the test read what Run writes from another goroutine.
type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestCancel checks that Run returns when its context ends while it waits
// for a line that never comes.
func TestCancel(t *testing.T) {
	eng := newEngine(t)
	in, inW := io.Pipe()
	defer inW.Close() // ends the blocked reader goroutine
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedWriter{}
	done := make(chan error, 1)
	go func() { done <- console.New(eng, in, out, "").Run(ctx) }()

	if _, err := io.WriteString(inW, "Brauche ich ein Studium?\n"); err != nil {
		t.Fatal(err)
	}
	// The write returns once the line was read; the bot is now answering
	// it or waiting for the next one. Either way cancel must end Run.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v after cancel, want nil", err)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a timing check
		t.Fatal("Run did not return after its context was cancelled")
	}
	if !strings.Contains(out.String(), "Aufgaben im Beruf") {
		t.Errorf("no greeting before the cancel:\n%s", out.String())
	}
}

func TestWriteReply(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  string
	}{
		{"no suggestions", bot.Reply{Text: "Nur **Text**."}, "Nur Text.\n"},
		{"numbered suggestions", bot.Reply{Text: "Antwort.", Suggestions: []bot.Suggestion{
			{EntryID: "a", Question: "Erste Frage?"}, {EntryID: "b", Question: "Zweite Frage?"},
		}}, "Antwort.\n\n  [1] Erste Frage?\n  [2] Zweite Frage?\n"},
		{"bullets", bot.Reply{Text: "Liste:\n- PHP\n- SQL"}, "Liste:\n• PHP\n• SQL\n"},
		{"literal asterisk", bot.Reply{Text: "Entwickler*innen"}, "Entwickler*innen\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			console.WriteReply(&b, tt.reply)
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}

func TestName(t *testing.T) {
	if n := console.New(fakeAnswerer{}, strings.NewReader(""), io.Discard, "").Name(); n != "console" {
		t.Errorf("Name() = %q", n)
	}
}
