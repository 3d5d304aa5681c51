package knowledge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// logQuestion logs one question by user at at.
func logQuestion(t testing.TB, s *Store, user string, at time.Time, text string) {
	t.Helper()
	q := bot.Question{At: at, Platform: "telegram", User: user, Text: text, Lang: bot.German, Kind: bot.KindAnswer,
		EntryID: "quokka-care", Confidence: 0.9, Answered: true}
	if err := s.LogQuestion(context.Background(), q); err != nil {
		t.Fatalf("LogQuestion: %v", err)
	}
}

// recordFeedback stores one 👍 by user at at.
// answerSeq numbers the answers recordFeedback votes on.
var answerSeq atomic.Int64

func recordFeedback(t testing.TB, s *Store, user string, at time.Time, helpful bool) {
	t.Helper()
	// Each call votes on an answer of its own, so every call counts.
	f := bot.Feedback{EntryID: "quokka-care", Lang: bot.German, Helpful: helpful, Platform: "telegram", User: user, At: at,
		Answer: fmt.Sprintf("message-%d", answerSeq.Add(1))}
	if err := s.RecordFeedback(context.Background(), f); err != nil {
		t.Fatalf("RecordFeedback: %v", err)
	}
}

// countRows counts the rows of table matching where.
func countRows(t testing.TB, s *Store, table, where string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM "+table+" WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestLogQuestion(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	c := newClock()
	s.Now = c.Now
	at := c.Now().Add(-time.Hour)
	if err := s.LogQuestion(ctx, bot.Question{At: at, Platform: "slack", User: "p1", Text: "Frage", Lang: bot.German,
		Kind: bot.KindClarify, EntryID: "e1", Confidence: 0.42, Variant: "B"}); err != nil {
		t.Fatal(err)
	}
	before := kbVersion(t, s)
	mustImport(t, s, smallDoc(), ImportOptions{})
	// Without a time the store's clock stamps it.
	if err := s.LogQuestion(ctx, bot.Question{Platform: "api", Text: "Question", Lang: bot.English, Kind: bot.KindAnswer,
		EntryID: "quokka-care", Confidence: 1, Answered: true}); err != nil {
		t.Fatal(err)
	}
	type row struct {
		askedAt                                       int64
		platform, user, question, lang, kind, entryID string
		confidence                                    float64
		answered                                      bool
		version                                       int64
		variant                                       string
	}
	want := []row{
		{at.Unix(), "slack", "p1", "Frage", "de", "clarify", "e1", 0.42, false, before, "B"},
		{c.Now().Unix(), "api", "", "Question", "en", "answer", "quokka-care", 1, true, before + 1, ""},
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT asked_at, platform, user, question, lang, kind, entry_id,
		confidence, answered, kb_version, variant FROM questions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.askedAt, &r.platform, &r.user, &r.question, &r.lang, &r.kind, &r.entryID,
			&r.confidence, &r.answered, &r.version, &r.variant); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n %+v\nwant\n %+v", got, want)
	}
}

// TestForget stores questions and feedback of several users, forgets one
// and checks that exactly that user's rows are gone.
func TestForget(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	c := newClock()
	s.Now = c.Now
	p := bot.NewPseudonymizer([]byte("forget-test-secret"))
	alice, bob := p.Pseudonym("telegram", "42"), p.Pseudonym("telegram", "43")
	aliceOnSlack := p.Pseudonym("slack", "42")
	rows := map[string]struct{ questions, feedback int }{
		alice: {3, 2}, bob: {2, 1}, aliceOnSlack: {1, 1}, "": {2, 1},
	}
	for user, n := range rows {
		for i := range n.questions {
			logQuestion(t, s, user, c.Now().Add(-time.Duration(i)*time.Hour), "Wie pflege ich einen Quokka?")
		}
		for i := range n.feedback {
			recordFeedback(t, s, user, c.Now().Add(-time.Duration(i)*time.Hour), i%2 == 0)
		}
	}
	got, err := s.Forget(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Forgotten{Questions: 3, Feedback: 2}); got != want {
		t.Errorf("Forget = %+v, want %+v", got, want)
	}
	for user, n := range rows {
		wantQ, wantF := n.questions, n.feedback
		if user == alice {
			wantQ, wantF = 0, 0
		}
		if q, f := countRows(t, s, "questions", "user = ?", user), countRows(t, s, "feedback", "user = ?", user); q != wantQ || f != wantF {
			t.Errorf("user %.8q: %d questions and %d feedback left, want %d and %d", user, q, f, wantQ, wantF)
		}
	}
	if again, err := s.Forget(ctx, alice); err != nil || again != (Forgotten{}) {
		t.Errorf("forgetting again = %+v, %v; want nothing deleted", again, err)
	}
	if _, err := s.Forget(ctx, ""); err == nil {
		t.Error(`Forget("") succeeded: it would delete every row without a user`)
	}
	if q := countRows(t, s, "questions", "user = ''"); q != rows[""].questions {
		t.Errorf("%d questions without a user left, want %d", q, rows[""].questions)
	}
}

// TestPurge stores rows around the cutoff: those before it are deleted,
// those at it and after it are kept, in questions and feedback alike.
func TestPurge(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	c := newClock()
	s.Now = c.Now
	cutoff := c.Now().Add(-30 * 24 * time.Hour)
	tests := []struct {
		name string
		at   time.Time
		kept bool
	}{
		{"a year before", cutoff.AddDate(-1, 0, 0), false},
		{"a second before", cutoff.Add(-time.Second), false},
		{"at the cutoff", cutoff, true},
		{"a second after", cutoff.Add(time.Second), true},
		{"now", c.Now(), true},
	}
	for i, tt := range tests {
		logQuestion(t, s, "p1", tt.at, tt.name)
		recordFeedback(t, s, "p1", tt.at, i%2 == 0)
	}
	// Event ids expire by their own time, not by the retention.
	for _, ttl := range []time.Duration{-time.Minute, time.Minute} {
		if _, err := s.db.Exec("INSERT INTO seen_events (scope, key, expires_at) VALUES ('slack', ?, ?)",
			ttl.String(), c.Now().Add(ttl).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Purge(ctx, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Forgotten{Questions: 2, Feedback: 2}); got != want {
		t.Errorf("Purge = %+v, want %+v", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := 0
			if tt.kept {
				want = 1
			}
			if n := countRows(t, s, "questions", "asked_at = ?", tt.at.Unix()); n != want {
				t.Errorf("%d questions left, want %d", n, want)
			}
			if n := countRows(t, s, "feedback", "created_at = ?", tt.at.Unix()); n != want {
				t.Errorf("%d feedback rows left, want %d", n, want)
			}
		})
	}
	if n := countRows(t, s, "seen_events", "1"); n != 1 {
		t.Errorf("%d event ids left, want the 1 not yet expired", n)
	}
	if again, err := s.Purge(ctx, cutoff); err != nil || again != (Forgotten{}) {
		t.Errorf("purging again = %+v, %v; want nothing deleted", again, err)
	}
}

// TestSecureDelete checks that secure_delete is on and that a forgotten
// or purged question's text is gone from the files on disk at once, while
// the store is still open as it is in a running server: not only unlinked,
// and not left behind in the write-ahead log.
func TestSecureDelete(t *testing.T) {
	ctx := context.Background()
	const marker = "secure-delete-marker-Zq8v"
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		checkpoint bool // the question reached the main file before it is deleted
		remove     func(*Store) error
	}{
		{"forget, in the main file", true, func(s *Store) error { _, err := s.Forget(ctx, "p-gone"); return err }},
		{"forget, in the log", false, func(s *Store) error { _, err := s.Forget(ctx, "p-gone"); return err }},
		{"purge, in the main file", true, func(s *Store) error { _, err := s.Purge(ctx, old.Add(time.Hour)); return err }},
		{"purge, in the log", false, func(s *Store) error { _, err := s.Purge(ctx, old.Add(time.Hour)); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kb.db")
			s := openStoreAt(t, path)
			var on int
			if err := s.DB().QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&on); err != nil || on != 1 {
				t.Fatalf("PRAGMA secure_delete = %d, %v; want 1", on, err)
			}
			logQuestion(t, s, "p-gone", old, "Wie pflege ich einen Quokka? "+marker)
			logQuestion(t, s, "p-kept", time.Now(), "Was frisst ein Quokka?")
			if tt.checkpoint {
				s.Close() // the last connection checkpoints the log into the file
				if !bytes.Contains(mustRead(t, path), []byte(marker)) {
					t.Fatal("the question is not in the file before it is deleted; the test proves nothing")
				}
				s = openStoreAt(t, path)
			} else if !bytes.Contains(mustRead(t, path+"-wal"), []byte(marker)) {
				t.Fatal("the question is not in the log before it is deleted; the test proves nothing")
			}
			if err := tt.remove(s); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{path, path + "-wal"} {
				b, err := os.ReadFile(name)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(marker)) {
					t.Errorf("%s still holds the deleted question", filepath.Base(name))
				}
			}
			if n := countRows(t, s, "questions", "user = 'p-kept'"); n != 1 {
				t.Errorf("%d questions of the other user left, want 1", n)
			}
		})
	}
}

// TestStatsSince checks the figures from known rows.
func TestStatsSince(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	c := newClock()
	s.Now = c.Now
	since := c.Now().Add(-24 * time.Hour)
	old := since.Add(-time.Second)
	logQuestion(t, s, "p1", old, "old")
	recordFeedback(t, s, "p1", old, true)
	for i, user := range []string{"p1", "p1", "p2", ""} {
		logQuestion(t, s, user, since.Add(time.Duration(i)*time.Hour), "new")
	}
	if err := s.LogQuestion(ctx, bot.Question{At: since, Platform: "api", User: "p3", Text: "weather", Lang: bot.German,
		Kind: bot.KindFallback}); err != nil {
		t.Fatal(err)
	}
	for i, helpful := range []bool{true, true, false} {
		recordFeedback(t, s, "p2", since.Add(time.Duration(i)*time.Minute), helpful)
	}
	got, err := s.StatsSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Questions: 5, Answered: 4, Users: 3, Helpful: 2, Unhelpful: 1}); got != want {
		t.Errorf("StatsSince = %+v, want %+v", got, want)
	}
	got, err = s.StatsSince(ctx, c.Now().Add(time.Hour))
	if err != nil || got != (Stats{}) {
		t.Errorf("StatsSince(the future) = %+v, %v; want zeros", got, err)
	}
}

// TestStale lists the entries due for review: never reviewed first, then
// oldest first; recent ones are not listed.
func TestStale(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	text := map[string]Text{"de": {Questions: []string{"Frage?"}, Answer: "Antwort."}}
	doc := &Document{Version: FormatVersion, Entries: []Entry{
		{ID: "recent", Topic: "t", Related: []string{}, Texts: text, Reviewed: "2025-02-01", Owner: "Ana"},
		{ID: "old", Topic: "t", Related: []string{}, Texts: text, Reviewed: "2024-06-01", Owner: "Ben"},
		{ID: "never-1", Topic: "t", Related: []string{}, Texts: text},
		{ID: "oldest", Topic: "t", Related: []string{}, Texts: text, Reviewed: "2020-01-01"},
		{ID: "day-before", Topic: "t", Related: []string{}, Texts: text, Reviewed: "2024-08-31"},
		{ID: "at-cutoff", Topic: "t", Related: []string{}, Texts: text, Reviewed: "2024-09-01"},
		{ID: "never-2", Topic: "t", Related: []string{}, Texts: text, Owner: "Cem"},
	}}
	mustImport(t, s, doc, ImportOptions{Replace: true})
	got, err := s.Stale(ctx, time.Date(2024, 9, 1, 15, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []StaleEntry{
		{ID: "never-1", Topic: "t"},
		{ID: "never-2", Topic: "t", Owner: "Cem"},
		{ID: "oldest", Topic: "t", Reviewed: "2020-01-01"},
		{ID: "old", Topic: "t", Reviewed: "2024-06-01", Owner: "Ben"},
		{ID: "day-before", Topic: "t", Reviewed: "2024-08-31"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stale =\n %+v\nwant\n %+v", got, want)
	}
}

// TestReviewOwnerVariantRoundTrip checks that reviewed, owner, variant and
// the formal forms survive export and import into another database.
func TestReviewOwnerVariantRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := openStore(t)
	mustImport(t, src, decode(t, mustRead(t, "testdata/small.yaml")), ImportOptions{Replace: true})
	dst, _ := openStore(t)
	mustImport(t, dst, decode(t, exportBytes(t, src, "json")), ImportOptions{Replace: true})
	doc, err := dst.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	care, ok := entryByID(doc, "quokka-care")
	if !ok {
		t.Fatal("quokka-care is missing")
	}
	if care.Reviewed != "2025-01-15" || care.Owner != "Team Tierpflege" {
		t.Errorf("reviewed %q, owner %q; want 2025-01-15 and Team Tierpflege", care.Reviewed, care.Owner)
	}
	if v := care.Texts["en"].Variant; v != "Patience, shade and water." {
		t.Errorf("en variant %q, want the B answer", v)
	}
	if v := care.Texts["de"].Variant; v != "" {
		t.Errorf("de variant %q, want none", v)
	}
	play, _ := entryByID(doc, "quokka-play")
	want := Text{Questions: []string{"Spielt ein Quokka gern?"},
		Answer: "Ja, gib deinem Quokka Zweige zum Klettern.", AnswerSie: "Ja, geben Sie Ihrem Quokka Zweige zum Klettern.",
		Variant:    "Ja; frag {recruiter} ({contact}), wenn du Spielzeug suchst.",
		VariantSie: "Ja; fragen Sie {recruiter} ({contact}), wenn Sie Spielzeug suchen."}
	if got := play.Texts["de"]; !reflect.DeepEqual(got, want) {
		t.Errorf("quokka-play de = %+v, want the formal forms kept: %+v", got, want)
	}
	// A merge import of an entry without them clears them: the file is
	// the entry's whole truth.
	plain := care
	plain.Reviewed, plain.Owner = "", ""
	plain.Texts = map[string]Text{"en": {Questions: care.Texts["en"].Questions, Answer: care.Texts["en"].Answer}}
	mustImport(t, dst, &Document{Version: FormatVersion, Entries: []Entry{plain}}, ImportOptions{})
	doc, err = dst.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if care, _ = entryByID(doc, "quokka-care"); care.Reviewed != "" || care.Owner != "" || care.Texts["en"].Variant != "" {
		t.Errorf("after a merge import without them: %+v", care)
	}
}

// TestPromoteFormal checks that the formal forms follow their answers: B
// makes variant_sie the answer_sie, A drops variant_sie with the variant.
func TestPromoteFormal(t *testing.T) {
	tests := []struct {
		variant           string
		answer, answerSie string
	}{
		{"B", "Ja; frag {recruiter} ({contact}), wenn du Spielzeug suchst.", "Ja; fragen Sie {recruiter} ({contact}), wenn Sie Spielzeug suchen."},
		{"A", "Ja, gib deinem Quokka Zweige zum Klettern.", "Ja, geben Sie Ihrem Quokka Zweige zum Klettern."},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			s, _ := openStore(t)
			mustImport(t, s, decode(t, mustRead(t, "testdata/small.yaml")), ImportOptions{Replace: true})
			if err := s.Promote(context.Background(), "quokka-play", tt.variant); err != nil {
				t.Fatal(err)
			}
			de := mustEntry(t, s, "quokka-play").Texts["de"]
			if de.Answer != tt.answer || de.AnswerSie != tt.answerSie || de.Variant != "" || de.VariantSie != "" {
				t.Errorf("after promoting %s: %+v", tt.variant, de)
			}
			doc, err := s.Export(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := doc.Validate(nil); err != nil {
				t.Errorf("the promoted knowledge base no longer validates: %v", err)
			}
		})
	}
}

// TestPromote ends an A/B test either way, and refuses entries that have
// no variant.
func TestPromote(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		id         string
		variant    string
		wantAnswer string // the en answer afterwards; "" when refused
		notFound   bool
	}{
		{"B wins", "quokka-care", "B", "Patience, shade and water.", false},
		{"b wins", "quokka-care", "b", "Patience, shade and water.", false},
		{"A wins", "quokka-care", "A", `With a lot of patience: "calm" & quiet, Pfleger*innen welcome.`, false},
		{"no variant", "quokka-home", "B", "", true},
		{"unknown entry", "no-such-entry", "B", "", true},
		{"not a variant", "quokka-care", "C", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openStore(t)
			mustImport(t, s, decode(t, mustRead(t, "testdata/small.yaml")), ImportOptions{Replace: true})
			before := kbVersion(t, s)
			deBefore := mustEntry(t, s, "quokka-care").Texts["de"]
			err := s.Promote(ctx, tt.id, tt.variant)
			if tt.wantAnswer == "" {
				if err == nil {
					t.Fatal("Promote succeeded")
				}
				if errors.Is(err, bot.ErrNotFound) != tt.notFound {
					t.Errorf("Promote = %v; errors.Is(bot.ErrNotFound) = %v, want %v", err, !tt.notFound, tt.notFound)
				}
				if v := kbVersion(t, s); v != before {
					t.Errorf("kb_version %d → %d after a refused promotion", before, v)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v := kbVersion(t, s); v != before+1 {
				t.Errorf("kb_version %d → %d, want it bumped", before, v)
			}
			e := mustEntry(t, s, tt.id)
			if en := e.Texts["en"]; en.Answer != tt.wantAnswer || en.Variant != "" {
				t.Errorf("en answer %q variant %q, want %q and no variant", en.Answer, en.Variant, tt.wantAnswer)
			}
			if de := e.Texts["de"]; !reflect.DeepEqual(de, deBefore) {
				t.Errorf("de text changed from %+v to %+v though it had no variant", deBefore, de)
			}
			// The engine's snapshot sees the one answer.
			live := newLive(t, s)
			be, err := live.Entry(ctx, tt.id)
			if err != nil || be.Texts[bot.English].Answer != tt.wantAnswer || be.Texts[bot.English].Variant != "" {
				t.Errorf("Live.Entry = %+v, %v", be.Texts[bot.English], err)
			}
			if err := s.Promote(ctx, tt.id, "B"); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("promoting again = %v, want bot.ErrNotFound: the test has ended", err)
			}
		})
	}
}

func mustEntry(t testing.TB, s *Store, id string) Entry {
	t.Helper()
	doc, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	e, ok := entryByID(doc, id)
	if !ok {
		t.Fatalf("no entry %q", id)
	}
	return e
}
