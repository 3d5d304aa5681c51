package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// testContact is the recruiting team the tests configure.
var testContact = bot.Contact{Name: "Team Karriere", Address: "karriere@example.com"}

// newStore opens a new database with the default content in a temporary
// directory.
func newStore(t testing.TB) *knowledge.Store {
	t.Helper()
	ctx := context.Background()
	s, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatalf("knowledge.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newEngine returns an engine on the default knowledge base, configured
// by cfg (its Knowledge is filled in).
func newEngine(t testing.TB, cfg bot.Config) (*bot.Engine, *knowledge.Store) {
	t.Helper()
	s := newStore(t)
	live, err := knowledge.NewLive(context.Background(), s)
	if err != nil {
		t.Fatalf("knowledge.NewLive: %v", err)
	}
	cfg.Knowledge = live
	e, err := bot.NewEngine(cfg)
	if err != nil {
		t.Fatalf("bot.NewEngine: %v", err)
	}
	return e, s
}

func ask(t testing.TB, e *bot.Engine, req bot.Request) bot.Reply {
	t.Helper()
	r, err := e.Ask(context.Background(), req)
	if err != nil {
		t.Fatalf("Ask(%.60q): %v", req.Text, err)
	}
	return r
}

// checkReply asserts what holds for every reply.
func checkReply(t testing.TB, e *bot.Engine, r bot.Reply) {
	t.Helper()
	if r.Lang != bot.German && r.Lang != bot.English {
		t.Errorf("reply language %q", r.Lang)
	}
	if strings.TrimSpace(r.Text) == "" {
		t.Error("reply has no text")
	}
	if !(r.Confidence >= 0 && r.Confidence <= 1) {
		t.Errorf("confidence %v outside [0,1]", r.Confidence)
	}
	if strings.Contains(r.Text, "{recruiter}") || strings.Contains(r.Text, "{contact}") {
		t.Errorf("unfilled placeholder in %q", r.Text)
	}
	if r.Answered() != (r.Kind == bot.KindAnswer) || r.Answered() && r.EntryID == "" {
		t.Errorf("reply kind %s with entry %q", r.Kind, r.EntryID)
	}
	// Answers and "did you mean" offer a few questions; the other replies
	// may offer every topic.
	if (r.Kind == bot.KindAnswer || r.Kind == bot.KindClarify) && len(r.Suggestions) > bot.MaxSuggestions {
		t.Errorf("%s reply with %d suggestions, at most %d", r.Kind, len(r.Suggestions), bot.MaxSuggestions)
	}
	for _, s := range r.Suggestions {
		if s.Question == "" {
			t.Errorf("suggestion %s has no question", s.EntryID)
		}
		if _, err := e.Open(context.Background(), s.EntryID, r.Lang); err != nil {
			t.Errorf("suggestion %s cannot be opened: %v", s.EntryID, err)
		}
		if s.EntryID == r.EntryID && r.Answered() {
			t.Errorf("answer %s suggests itself", r.EntryID)
		}
	}
}

// hostileInputs are messages a person or a bot may send; each must get a
// clear reply and never an error, whatever it contains.
var hostileInputs = []struct {
	name, text string
	noAnswer   bool // must not be answered from the knowledge base
}{
	{"empty", "", true},
	{"whitespace", " \t\n\r\u00a0\u2003 ", true},
	{"1 MB of text", strings.Repeat("Welche Datenbanken braucht ein Backend-Entwickler? ", 1<<20/51), false},
	{"1 MB single word", strings.Repeat("datenbank", 1<<20/9), false},
	{"invalid UTF-8", "Pr\xfcfung \xff\xfe\xc3\x28 Datenbank\x80", false},
	{"only invalid UTF-8", "\xff\xfe\xfd\xc3", true},
	{"control characters", "Daten\x00bank\x01\x02\x1b[31m\x7f\u200b\u202e?", false},
	{"only control characters", "\x00\x01\x02\x1b\x7f", true},
	{"double quote", `"`, true},
	{"unbalanced quote", `"Datenbank`, false},
	{"star", "*", true},
	{"prefix star", "Daten*", false},
	{"NEAR", "NEAR(", false},
	{"NEAR query", "NEAR(Datenbank Server, 3)", false},
	{"AND", "AND", false},
	{"boolean query", "Datenbank AND Server OR NOT Java", false},
	{"minus", "-", true},
	{"caret", "^", true},
	{"column filter", "entries:Datenbank {question answer}: x", false},
	{"SQL injection", "'; DROP TABLE entries; --", true},
	{"SQL union", "' OR 1=1 UNION SELECT * FROM entries --", true},
	{"emoji only", "🙂👍🏽👨\u200d💻🚀", true},
	{"punctuation only", "?!.,;:()[]{}<>/\\|", true},
	{"very long word", strings.Repeat("x", 5000), true},
	{"digits only", "1234567890", true},
	{"other scripts", "Разработчик 开发者 مطور", true},
	{"markup", "<script>alert(1)</script> **bold** _x_", true},
}

func TestAskHostileInput(t *testing.T) {
	e, s := newEngine(t, bot.Config{Contact: testContact})
	before, err := s.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range hostileInputs {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []bot.Lang{"", bot.German, bot.English} {
				r := ask(t, e, bot.Request{Text: tt.text, Lang: lang})
				checkReply(t, e, r)
				if tt.noAnswer && r.Answered() {
					t.Errorf("answered %.40q with %s (%.2f)", tt.text, r.EntryID, r.Confidence)
				}
				if lang != "" && r.Lang != lang {
					t.Errorf("forced %s, replied in %s", lang, r.Lang)
				}
			}
		})
	}
	// Nothing a question contains reaches the database.
	if after, err := s.Version(context.Background()); err != nil || after != before {
		t.Errorf("kb_version %d → %d, %v", before, after, err)
	}
	if _, err := s.Export(context.Background()); err != nil {
		t.Errorf("the knowledge base is broken after hostile input: %v", err)
	}
}

func TestAskEmptyKinds(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	for _, text := range []string{"", "   ", "🙂", "🙂👍🏽", "?!", "\x00\xff"} {
		if r := ask(t, e, bot.Request{Text: text}); r.Kind != bot.KindEmpty {
			t.Errorf("Ask(%q).Kind = %s, want %s", text, r.Kind, bot.KindEmpty)
		}
	}
}

// TestAskUnrelated checks that questions about other things are never
// answered with a backend-career entry.
func TestAskUnrelated(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	questions := []string{
		"Wie wird das Wetter morgen?",
		"What's the weather like tomorrow?",
		"Give me a recipe for lasagna",
		"Hast du ein Rezept für Apfelkuchen?",
		"How do I become a dentist?",
		"Wie werde ich Koch?",
		"Wie werde ich Zahnarzt?",
		"How tall is Mount Everest?",
		"Who won the football world cup?",
		"Wie spät ist es?",
	}
	for _, q := range questions {
		t.Run(q, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: q})
			checkReply(t, e, r)
			if r.Answered() {
				t.Errorf("answered with %s (%.2f)", r.EntryID, r.Confidence)
			}
		})
	}
}

func TestAskAnswers(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	tests := []struct {
		q    string
		lang bot.Lang
	}{
		{"Was macht ein Backend-Entwickler?", bot.German},
		{"Brauche ich ein Studium, um Backend-Entwicklerin zu werden?", bot.German},
		{"Kann ich als Seiteneinsteiger Backend-Entwickler werden?", bot.German},
		{"Welche Programmiersprachen sollte ich lernen?", bot.German},
		{"What does a backend developer do all day?", bot.English},
		{"Can I work as a freelancer?", bot.English},
		{"Which programming languages should I learn?", bot.English},
		{"Hallo, wie werde ich Quereinsteiger?", bot.German},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.q})
			checkReply(t, e, r)
			if !r.Answered() || r.Lang != tt.lang {
				t.Errorf("got %s in %s (%s, %.2f), want an answer in %s", r.Kind, r.Lang, r.EntryID, r.Confidence, tt.lang)
			}
			if r.Question != bot.Clean(tt.q) {
				t.Errorf("reply.Question = %q, want the cleaned question", r.Question)
			}
		})
	}
}

func TestAskSmalltalk(t *testing.T) {
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	tests := []struct {
		text string
		kind bot.Kind
		lang bot.Lang
	}{
		{"Hallo!", bot.KindGreeting, ""},
		{"Guten Morgen liebes Team", bot.KindGreeting, bot.German},
		{"Danke dir", bot.KindThanks, bot.German},
		{"thanks a lot", bot.KindThanks, bot.English},
		{"Was kannst du?", bot.KindHelp, bot.German},
		{"What can you do?", bot.KindHelp, bot.English},
		{"Hallo, wie werde ich Quereinsteiger?", bot.KindAnswer, bot.German},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.text})
			checkReply(t, e, r)
			if r.Kind != tt.kind || tt.lang != "" && r.Lang != tt.lang {
				t.Errorf("got %s in %s, want %s in %s", r.Kind, r.Lang, tt.kind, tt.lang)
			}
			if r.Kind == bot.KindGreeting || r.Kind == bot.KindHelp {
				if len(r.Suggestions) == 0 {
					t.Error("no topic menu")
				}
			}
		})
	}
}

// TestAskLanguage covers how the reply language is chosen when a message
// is too short to tell: the conversation first, then the locale.
func TestAskLanguage(t *testing.T) {
	type step struct {
		req  bot.Request
		want bot.Lang
	}
	tests := []struct {
		name  string
		cfg   bot.Config
		steps []step
	}{
		{"short follow-up keeps an English conversation", bot.Config{}, []step{
			{bot.Request{Text: "What does a backend developer do?", Conversation: "c1"}, bot.English},
			{bot.Request{Text: "Und Freelancing?", Conversation: "c1"}, bot.English},
			{bot.Request{Text: "Python?", Conversation: "c1"}, bot.English},
		}},
		{"short follow-up keeps a German conversation", bot.Config{DefaultLang: bot.English}, []step{
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Conversation: "c2"}, bot.German},
			{bot.Request{Text: "Freelancing?", Conversation: "c2"}, bot.German},
		}},
		{"conversations do not mix", bot.Config{}, []step{
			{bot.Request{Text: "What does a backend developer do?", Conversation: "en"}, bot.English},
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Conversation: "de"}, bot.German},
			{bot.Request{Text: "Python?", Conversation: "en"}, bot.English},
			{bot.Request{Text: "Python?", Conversation: "de"}, bot.German},
		}},
		{"a clear question switches the conversation", bot.Config{}, []step{
			{bot.Request{Text: "What does a backend developer do?", Conversation: "c3"}, bot.English},
			{bot.Request{Text: "Und was verdient man so als Entwickler?", Conversation: "c3"}, bot.German},
			{bot.Request{Text: "Python?", Conversation: "c3"}, bot.German},
		}},
		{"platform user is a conversation", bot.Config{}, []step{
			{bot.Request{Text: "What does a backend developer do?", Platform: "slack", User: "u1"}, bot.English},
			{bot.Request{Text: "Freelancing?", Platform: "slack", User: "u1"}, bot.English},
		}},
		{"locale breaks the tie", bot.Config{}, []step{
			{bot.Request{Text: "Freelancing?", Locale: "en-US"}, bot.English},
			{bot.Request{Text: "Freelancing?", Locale: "de-DE"}, bot.German},
			{bot.Request{Text: "Python?", Locale: "en_GB"}, bot.English},
			{bot.Request{Text: "Python?", Locale: "fr-FR"}, bot.German},
		}},
		{"conversation before locale", bot.Config{}, []step{
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Conversation: "c4"}, bot.German},
			{bot.Request{Text: "Python?", Conversation: "c4", Locale: "en-US"}, bot.German},
		}},
		{"locale does not override a clear question", bot.Config{}, []step{
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Locale: "en-US"}, bot.German},
			{bot.Request{Text: "What does a backend developer do?", Locale: "de-DE"}, bot.English},
		}},
		{"default language", bot.Config{DefaultLang: bot.English}, []step{
			{bot.Request{Text: "Python?"}, bot.English},
			{bot.Request{Text: "🙂"}, bot.English},
		}},
		{"an English greeting opens in English", bot.Config{}, []step{
			{bot.Request{Text: "hey", Conversation: "g1"}, bot.English},
			{bot.Request{Text: "Hello there!", Conversation: "g2"}, bot.English},
			{bot.Request{Text: "hallo", Conversation: "g3"}, bot.German},
			{bot.Request{Text: "moin", Conversation: "g4"}, bot.German},
			{bot.Request{Text: "hey", Conversation: "g5", Locale: "de-DE"}, bot.German},
		}},
		{"a greeting does not switch a German conversation", bot.Config{}, []step{
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Conversation: "g6"}, bot.German},
			{bot.Request{Text: "hey", Conversation: "g6"}, bot.German},
		}},
		{"forced language", bot.Config{}, []step{
			{bot.Request{Text: "Was macht ein Backend-Entwickler?", Lang: bot.English}, bot.English},
			{bot.Request{Text: "What does a backend developer do?", Lang: bot.German}, bot.German},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newEngine(t, tt.cfg)
			for i, st := range tt.steps {
				r := ask(t, e, st.req)
				checkReply(t, e, r)
				if r.Lang != st.want {
					t.Errorf("step %d, %q: replied in %s, want %s", i, st.req.Text, r.Lang, st.want)
				}
			}
		})
	}
}

// TestForcedLanguageStillAnswers checks that /lang en does not stop a
// German question from being understood.
func TestForcedLanguageStillAnswers(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	de := ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?"})
	en := ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?", Lang: bot.English})
	if !de.Answered() || !en.Answered() || de.EntryID != en.EntryID || en.Lang != bot.English {
		t.Errorf("unforced: %s %s %s; forced en: %s %s %s", de.Kind, de.EntryID, de.Lang, en.Kind, en.EntryID, en.Lang)
	}
}

// TestEveryEntry opens every entry in both languages and asks each of its
// questions: answers carry at most three existing follow-ups and never an
// unfilled placeholder.
func TestEveryEntry(t *testing.T) {
	ctx := context.Background()
	for _, contact := range []bot.Contact{testContact, {}} {
		e, s := newEngine(t, bot.Config{Contact: contact})
		doc, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range doc.Entries {
			for _, lang := range bot.Langs {
				r, err := e.Open(ctx, entry.ID, lang)
				if err != nil {
					t.Fatalf("Open(%s, %s): %v", entry.ID, lang, err)
				}
				checkReply(t, e, r)
				if r.EntryID != entry.ID || r.Lang != lang || r.Kind != bot.KindAnswer {
					t.Errorf("Open(%s, %s) = %s %s %s", entry.ID, lang, r.Kind, r.EntryID, r.Lang)
				}
				raw := entry.Texts[string(lang)].Answer
				if strings.Contains(raw, "{contact}") && contact.Address != "" && !strings.Contains(r.Text, contact.Address) {
					t.Errorf("%s/%s: the contact address is missing from %q", entry.ID, lang, r.Text)
				}
				if strings.Contains(raw, "{recruiter}") && contact.Name != "" && !strings.Contains(r.Text, contact.Name) {
					t.Errorf("%s/%s: the recruiters' name is missing from %q", entry.ID, lang, r.Text)
				}
				if len(r.Suggestions) > bot.MaxSuggestions {
					t.Errorf("%s: %d suggestions", entry.ID, len(r.Suggestions))
				}
			}
			for lang, text := range entry.Texts {
				for _, q := range text.Questions {
					r := ask(t, e, bot.Request{Text: q, Lang: bot.Lang(lang)})
					checkReply(t, e, r)
				}
			}
		}
	}
}

func TestBuiltinRepliesFillContact(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t, bot.Config{Contact: testContact})
	for _, lang := range bot.Langs {
		for _, text := range []string{"Danke!", "Thanks!", "Hallo", "Hilfe", "", "Wie wird das Wetter?", "How do I become a dentist?"} {
			r := ask(t, e, bot.Request{Text: text, Lang: lang})
			checkReply(t, e, r)
			if r.Kind == bot.KindFallback && !strings.Contains(r.Text, testContact.Address) {
				t.Errorf("fallback in %s does not name the contact: %q", lang, r.Text)
			}
		}
		m, err := e.Menu(ctx, lang)
		if err != nil {
			t.Fatal(err)
		}
		checkReply(t, e, m)
		if m.Kind != bot.KindHelp || len(m.Suggestions) == 0 {
			t.Errorf("Menu(%s) = %s with %d suggestions", lang, m.Kind, len(m.Suggestions))
		}
	}
}

func TestOpenUnknown(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	for _, id := range []string{"no-such-entry", "", "'; DROP TABLE entries; --", strings.Repeat("x", 10000)} {
		_, err := e.Open(context.Background(), id, bot.German)
		if !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Open(%.20q) = %v, want ErrNotFound", id, err)
		}
	}
}

func TestTopics(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	for _, lang := range append(bot.Langs, "") {
		topics, err := e.Topics(context.Background(), lang)
		if err != nil || len(topics) == 0 {
			t.Fatalf("Topics(%s) = %v, %v", lang, topics, err)
		}
		for _, tp := range topics {
			if tp.Title == "" || tp.Lead == "" {
				t.Errorf("Topics(%s): %+v lacks a title or lead", lang, tp)
			}
		}
	}
}

// TestMenuBounded lists the first MaxMenu topics, in menu order, when the
// knowledge base has more.
func TestMenuBounded(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	doc := &knowledge.Document{Version: knowledge.FormatVersion}
	for i := range 3 * bot.MaxMenu {
		id := fmt.Sprintf("entry-%02d", i)
		topic := fmt.Sprintf("topic-%02d", i)
		doc.Topics = append(doc.Topics, knowledge.Topic{ID: topic, Titles: map[string]string{"de": "Thema " + topic, "en": "Topic " + topic}, Lead: id})
		doc.Entries = append(doc.Entries, knowledge.Entry{ID: id, Topic: topic, Related: []string{}, Texts: map[string]knowledge.Text{
			"de": {Questions: []string{fmt.Sprintf("Wie pflege ich Quokka Nummer %d?", i)}, Answer: "Mit Geduld."},
			"en": {Questions: []string{fmt.Sprintf("How do I care for quokka number %d?", i)}, Answer: "With patience."},
		}})
	}
	if err := s.Import(ctx, doc, knowledge.ImportOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	live, err := knowledge.NewLive(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := bot.NewEngine(bot.Config{Knowledge: live})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Menu(ctx, bot.English)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Suggestions) != bot.MaxMenu {
		t.Fatalf("menu lists %d topics, want %d", len(r.Suggestions), bot.MaxMenu)
	}
	for i, sg := range r.Suggestions {
		if want := fmt.Sprintf("entry-%02d", i); sg.EntryID != want {
			t.Errorf("menu item %d opens %s, want %s", i, sg.EntryID, want)
		}
	}
}

func TestNewEngineNeedsKnowledge(t *testing.T) {
	if _, err := bot.NewEngine(bot.Config{}); err == nil {
		t.Error("NewEngine without a knowledge base succeeded")
	}
}

// TestRateLimit checks that a user over the limit gets one notice, then
// silence, and may ask again after the window.
func TestRateLimit(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	e, _ := newEngine(t, bot.Config{RateLimit: 3, RateWindow: time.Minute, Now: func() time.Time { return now }})
	req := bot.Request{Text: "Was macht ein Backend-Entwickler?", Platform: "slack", User: "pseudonym-1"}
	want := []bot.Kind{bot.KindAnswer, bot.KindAnswer, bot.KindAnswer, bot.KindLimited, bot.KindSilent, bot.KindSilent}
	for i, k := range want {
		if r := ask(t, e, req); r.Kind != k {
			t.Errorf("question %d: %s, want %s", i+1, r.Kind, k)
		}
	}
	if r := ask(t, e, bot.Request{Text: req.Text, Platform: "slack", User: "pseudonym-2"}); r.Kind != bot.KindAnswer {
		t.Errorf("another user: %s, want an answer", r.Kind)
	}
	if r := ask(t, e, bot.Request{Text: req.Text}); r.Kind != bot.KindAnswer {
		t.Errorf("no user: %s, want an answer", r.Kind)
	}
	now = now.Add(time.Minute)
	if r := ask(t, e, req); r.Kind != bot.KindAnswer {
		t.Errorf("after the window: %s, want an answer", r.Kind)
	}
}

// TestJournal checks that questions from a platform are logged to the
// store's question log, and others are not.
func TestJournal(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	live, err := knowledge.NewLive(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := bot.NewEngine(bot.Config{Knowledge: live, Journal: s})
	if err != nil {
		t.Fatal(err)
	}
	ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?", Platform: "console", User: "p1"})
	ask(t, e, bot.Request{Text: "Wie wird das Wetter?", Platform: "console", User: "p1"})
	ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?"}) // no platform: not logged
	st, err := s.StatsSince(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Questions != 2 || st.Answered != 1 || st.Users != 1 {
		t.Errorf("StatsSince = %+v, want 2 questions, 1 answered, 1 user", st)
	}
}

// TestAskConcurrent asks from several goroutines at once; run with -race.
func TestAskConcurrent(t *testing.T) {
	e, _ := newEngine(t, bot.Config{MaxConcurrent: 2})
	questions := []string{"Was macht ein Backend-Entwickler?", "Freelancing?", "How do I become a dentist?", "Hallo", ""}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 20 {
				q := questions[(g+i)%len(questions)]
				_, err := e.Ask(context.Background(), bot.Request{Text: q, Conversation: string(rune('a' + g%3))})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestAskCancelled checks that a request whose context has ended while it
// waited for a slot returns the context's error.
func TestAskCancelled(t *testing.T) {
	e, _ := newEngine(t, bot.Config{MaxConcurrent: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// With a free slot the answer may still be computed; either way no
	// error other than the context's.
	if _, err := e.Ask(ctx, bot.Request{Text: "Hallo"}); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("Ask with a cancelled context = %v", err)
	}
}

// TestOpenIn checks that an entry opened by a button continues the
// conversation: its language and form of address, and "mehr" or a typed
// number afterwards.
func TestOpenIn(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t, bot.Config{})
	open := func(t *testing.T, req bot.Request, id string) bot.Reply {
		t.Helper()
		r, err := e.OpenIn(ctx, req, id)
		if err != nil {
			t.Fatalf("OpenIn(%s): %v", id, err)
		}
		checkReply(t, e, r)
		if r.EntryID != id {
			t.Fatalf("OpenIn(%s) answered %q", id, r.EntryID)
		}
		return r
	}
	related := func(r bot.Reply) map[string]bool {
		m := map[string]bool{}
		for _, s := range r.Suggestions {
			m[s.EntryID] = true
		}
		return m
	}
	t.Run("more goes on from the opened entry", func(t *testing.T) {
		req := bot.Request{Conversation: "o1"}
		ask(t, e, bot.Request{Text: "What does a backend developer do?", Conversation: "o1"})
		opened := open(t, req, "entry-degree")
		if opened.Lang != bot.English {
			t.Errorf("opened in %s, want the conversation's English", opened.Lang)
		}
		more := ask(t, e, bot.Request{Text: "more", Conversation: "o1"})
		if !related(opened)[more.EntryID] {
			t.Errorf("more after entry-degree answered %q, want one of %v", more.EntryID, opened.Suggestions)
		}
	})
	t.Run("a typed number picks from the opened entry's suggestions", func(t *testing.T) {
		req := bot.Request{Conversation: "o2", Lang: bot.German}
		opened := open(t, req, "skills-overview")
		pick := ask(t, e, bot.Request{Text: "1", Conversation: "o2"})
		if len(opened.Suggestions) == 0 || pick.EntryID != opened.Suggestions[0].EntryID {
			t.Errorf("1 answered %q, want %v", pick.EntryID, opened.Suggestions)
		}
	})
	t.Run("formal conversation gets the Sie answer", func(t *testing.T) {
		ask(t, e, bot.Request{Text: "Guten Tag, könnten Sie mir sagen, was ein Backend-Entwickler macht?", Conversation: "o3"})
		r := open(t, bot.Request{Conversation: "o3"}, "entry-degree")
		if r.Lang != bot.German || !strings.Contains(r.Text, "Sie ") {
			t.Errorf("opened in %s without Sie: %q", r.Lang, r.Text)
		}
	})
	t.Run("unknown entry", func(t *testing.T) {
		if _, err := e.OpenIn(ctx, bot.Request{Conversation: "o4"}, "no-such-entry"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("OpenIn(no-such-entry) = %v, want ErrNotFound", err)
		}
	})
}
