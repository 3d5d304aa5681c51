package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// newLiveOn loads the store's knowledge base for an engine.
func newLiveOn(t testing.TB, s *knowledge.Store) *knowledge.Live {
	t.Helper()
	live, err := knowledge.NewLive(context.Background(), s)
	if err != nil {
		t.Fatalf("knowledge.NewLive: %v", err)
	}
	return live
}

// newJournalEngine returns an engine on the default knowledge base that
// logs its questions to the same store.
func newJournalEngine(t testing.TB, cfg bot.Config) (*bot.Engine, *knowledge.Store) {
	t.Helper()
	s := newStore(t)
	return engineOn(t, s, cfg), s
}

// engineOn builds an engine over s that logs to s.
func engineOn(t testing.TB, s *knowledge.Store, cfg bot.Config) *bot.Engine {
	t.Helper()
	cfg.Knowledge, cfg.Journal = newLiveOn(t, s), s
	e, err := bot.NewEngine(cfg)
	if err != nil {
		t.Fatalf("bot.NewEngine: %v", err)
	}
	return e
}

// observedAnswer is one ObserveAnswer call.
type observedAnswer struct {
	platform string
	lang     bot.Lang
	kind     bot.Kind
	took     time.Duration
}

// recordingObserver records what the engine reports.
type recordingObserver struct {
	bot.NopObserver
	mu      sync.Mutex
	answers []observedAnswer
	limited []string
}

func (o *recordingObserver) ObserveAnswer(platform string, lang bot.Lang, kind bot.Kind, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.answers = append(o.answers, observedAnswer{platform, lang, kind, took})
}

func (o *recordingObserver) ObserveRateLimited(platform string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.limited = append(o.limited, platform)
}

func (o *recordingObserver) answersOn(platform string) []observedAnswer {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []observedAnswer
	for _, a := range o.answers {
		if a.platform == platform {
			out = append(out, a)
		}
	}
	return out
}

func (o *recordingObserver) limitedOn(platform string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, p := range o.limited {
		if p == platform {
			n++
		}
	}
	return n
}

// loggedQuestion is one row of the questions table.
type loggedQuestion struct {
	askedAt                                       int64
	platform, user, question, lang, kind, entryID string
	confidence                                    float64
	answered                                      bool
	kbVersion                                     int64
	variant                                       string
}

func loggedQuestions(t testing.TB, s *knowledge.Store) []loggedQuestion {
	t.Helper()
	rows, err := s.DB().Query(`SELECT asked_at, platform, user, question, lang, kind, entry_id, confidence,
		answered, kb_version, variant FROM questions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []loggedQuestion
	for rows.Next() {
		var q loggedQuestion
		if err := rows.Scan(&q.askedAt, &q.platform, &q.user, &q.question, &q.lang, &q.kind, &q.entryID,
			&q.confidence, &q.answered, &q.kbVersion, &q.variant); err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestJournalRecordsEveryField asks questions of every outcome from a
// platform and checks each logged row against the reply.
func TestJournalRecordsEveryField(t *testing.T) {
	ctx := context.Background()
	s := newABStore(t)
	version, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock := newTestClock()
	obs := &recordingObserver{}
	e := engineOn(t, s, bot.Config{Now: clock.Now, Observer: obs})
	userA, userB := abUsers(t)
	tests := []struct {
		name         string
		req          bot.Request
		wantQuestion string
		wantLang     bot.Lang
		wantKind     bot.Kind
		wantEntry    string
		wantVariant  string
	}{
		{"answer under test, B", bot.Request{Text: "  How do I care\tfor a\u00a0quokka?\x00 ", Platform: "telegram", User: userB},
			"How do I care for a quokka?", bot.English, bot.KindAnswer, "quokka-care", "B"},
		{"answer under test, A", bot.Request{Text: "How do I care for a quokka?", Platform: "slack", User: userA},
			"How do I care for a quokka?", bot.English, bot.KindAnswer, "quokka-care", "A"},
		{"answer not under test in German", bot.Request{Text: "Wie pflege ich einen Quokka?", Platform: "slack", User: userB},
			"Wie pflege ich einen Quokka?", bot.German, bot.KindAnswer, "quokka-care", ""},
		{"greeting, no user", bot.Request{Text: "Hallo!", Platform: "console"},
			"Hallo!", bot.German, bot.KindGreeting, "", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(time.Minute)
			r := ask(t, e, tt.req)
			if r.Kind != tt.wantKind || r.EntryID != tt.wantEntry || r.Variant != tt.wantVariant {
				t.Fatalf("reply %s %q variant %q, want %s %q variant %q", r.Kind, r.EntryID, r.Variant, tt.wantKind, tt.wantEntry, tt.wantVariant)
			}
			rows := loggedQuestions(t, s)
			if len(rows) != i+1 {
				t.Fatalf("%d rows logged after %d questions", len(rows), i+1)
			}
			want := loggedQuestion{
				askedAt: clock.Now().Unix(), platform: tt.req.Platform, user: tt.req.User, question: tt.wantQuestion,
				lang: string(tt.wantLang), kind: string(tt.wantKind), entryID: tt.wantEntry, confidence: r.Confidence,
				answered: tt.wantKind == bot.KindAnswer, kbVersion: version, variant: tt.wantVariant,
			}
			if got := rows[i]; got != want {
				t.Errorf("logged\n %+v\nwant\n %+v", got, want)
			}
			obsd := obs.answersOn(tt.req.Platform)
			if len(obsd) == 0 {
				t.Fatalf("no ObserveAnswer for %s", tt.req.Platform)
			}
			// The injected clock stands still, so the measured time is 0.
			if o := obsd[len(obsd)-1]; o.lang != tt.wantLang || o.kind != tt.wantKind || o.took != 0 {
				t.Errorf("observed %+v, want %s %s in 0s", o, tt.wantLang, tt.wantKind)
			}
		})
	}
}

// TestJournalFallbackAndVersion checks an unanswered question and that
// the version logged follows the knowledge base's edits.
func TestJournalFallbackAndVersion(t *testing.T) {
	ctx := context.Background()
	s := newABStore(t)
	e := engineOn(t, s, bot.Config{})
	r := ask(t, e, bot.Request{Text: "Wie wird das Wetter morgen in Berlin?", Platform: "api", User: "p1"})
	if r.Answered() {
		t.Fatalf("the weather was answered: %+v", r)
	}
	if err := s.Promote(ctx, "quokka-care", "B"); err != nil {
		t.Fatal(err)
	}
	ask(t, e, bot.Request{Text: "Wie wird das Wetter morgen in Berlin?", Platform: "api", User: "p1"})
	rows := loggedQuestions(t, s)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	if q := rows[0]; q.answered || q.kind != string(r.Kind) || q.confidence != r.Confidence {
		t.Errorf("logged %+v for reply %s at %.3f", q, r.Kind, r.Confidence)
	}
	if rows[1].kbVersion != rows[0].kbVersion+1 {
		t.Errorf("kb_version %d then %d, want it bumped by the promotion", rows[0].kbVersion, rows[1].kbVersion)
	}
}

// TestJournalOnlyWithPlatform checks that questions without a platform
// (`careerbot ask`, tests, Open) are neither logged nor observed.
func TestJournalOnlyWithPlatform(t *testing.T) {
	obs := &recordingObserver{}
	e, s := newJournalEngine(t, bot.Config{Observer: obs})
	ctx := context.Background()
	ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?", User: "p1"})
	ask(t, e, bot.Request{Text: "Hallo"})
	if _, err := e.Open(ctx, "entry-career-changer", bot.German); err != nil {
		t.Fatal(err)
	}
	if rows := loggedQuestions(t, s); len(rows) != 0 {
		t.Errorf("logged %d questions without a platform: %+v", len(rows), rows)
	}
	if n := len(obs.answersOn("")); n != 0 {
		t.Errorf("%d answers observed without a platform", n)
	}
}

// TestJournalFailureStillAnswers logs to a closed database: the user gets
// the answer anyway, and the engine's log names the problem without the
// question.
func TestJournalFailureStillAnswers(t *testing.T) {
	ctx := context.Background()
	broken, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "broken.db"))
	if err != nil {
		t.Fatal(err)
	}
	broken.Close()
	var logBuf bytes.Buffer
	e, err := bot.NewEngine(bot.Config{Knowledge: newLiveOn(t, newStore(t)), Journal: broken,
		Logger: slog.New(slog.NewTextHandler(&logBuf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const question = "Was macht ein Backend-Entwickler?"
	if r := ask(t, e, bot.Request{Text: question, Platform: "api", User: "p1"}); r.Kind != bot.KindAnswer {
		t.Errorf("reply %s, want an answer", r.Kind)
	}
	log := logBuf.String()
	if !strings.Contains(log, "question not logged") {
		t.Errorf("the failure was not logged: %q", log)
	}
	if strings.Contains(log, "Backend-Entwickler") || strings.Contains(log, "p1") {
		t.Errorf("the log holds the question or the user: %q", log)
	}
}
