package knowledge

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// clock is a settable time for Store.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newClock() *clock { return &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func TestCursor(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t)
	if v, err := s.Cursor(ctx, "telegram"); err != nil || v != 0 {
		t.Fatalf("Cursor of a new name = %d, %v; want 0, nil", v, err)
	}
	values := []int64{42, 41, -7, math.MaxInt64, math.MinInt64, 0, 123456789}
	for _, v := range values {
		if err := s.SetCursor(ctx, "telegram", v); err != nil {
			t.Fatalf("SetCursor(%d): %v", v, err)
		}
		if got, err := s.Cursor(ctx, "telegram"); err != nil || got != v {
			t.Errorf("Cursor after SetCursor(%d) = %d, %v", v, got, err)
		}
	}
	if err := s.SetCursor(ctx, "other", 5); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStoreAt(t, path)
	want := map[string]int64{"telegram": values[len(values)-1], "other": 5, "never-set": 0}
	for name, v := range want {
		if got, err := s.Cursor(ctx, name); err != nil || got != v {
			t.Errorf("Cursor(%s) after reopening = %d, %v; want %d", name, got, err, v)
		}
	}
}

func TestRecordFeedback(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	c := newClock()
	s.Now = c.Now
	at := time.Date(2024, 12, 24, 18, 0, 0, 0, time.UTC)
	p := bot.NewPseudonymizer([]byte("secret"))
	feedback := []bot.Feedback{
		{EntryID: "a", Lang: bot.German, Helpful: true, Platform: "slack", User: p.Pseudonym("slack", "U1"), At: at},
		{EntryID: "a", Lang: bot.English, Helpful: true, Platform: "telegram", User: p.Pseudonym("telegram", "1")},
		{EntryID: "a", Lang: bot.German, Helpful: false, Platform: "slack", User: p.Pseudonym("slack", "U2")},
		{EntryID: "b", Lang: bot.German, Helpful: false, Platform: "console"},
	}
	for _, f := range feedback {
		if err := s.RecordFeedback(ctx, f); err != nil {
			t.Fatalf("RecordFeedback(%+v): %v", f, err)
		}
	}
	counts := []struct {
		entry    string
		up, down int
	}{{"a", 2, 1}, {"b", 0, 1}, {"none", 0, 0}}
	for _, c := range counts {
		up, down, err := s.FeedbackCounts(ctx, c.entry)
		if err != nil || up != c.up || down != c.down {
			t.Errorf("FeedbackCounts(%s) = %d, %d, %v; want %d, %d", c.entry, up, down, err, c.up, c.down)
		}
	}
	rows, err := s.DB().QueryContext(ctx, "SELECT entry_id, lang, helpful, platform, user, created_at FROM feedback ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var entry, lang, platform, user string
		var helpful bool
		var created int64
		if err := rows.Scan(&entry, &lang, &helpful, &platform, &user, &created); err != nil {
			t.Fatal(err)
		}
		f := feedback[i]
		wantAt := f.At
		if wantAt.IsZero() {
			wantAt = c.Now()
		}
		if entry != f.EntryID || lang != string(f.Lang) || helpful != f.Helpful || platform != f.Platform ||
			user != f.User || created != wantAt.Unix() {
			t.Errorf("row %d = %s %s %v %s %s %d; want %+v at %d", i, entry, lang, helpful, platform, user, created, f, wantAt.Unix())
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestRecordFeedbackVariant checks that feedback on an entry under A/B
// test records the variant the user was shown, and only there.
func TestRecordFeedbackVariant(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	mustImport(t, s, decode(t, mustRead(t, "testdata/small.yaml")), ImportOptions{Replace: true})
	p := bot.NewPseudonymizer([]byte("secret"))
	tests := []struct {
		name  string
		entry string
		lang  bot.Lang
		user  string
		want  string
	}{
		{"under test, user 1", "quokka-care", bot.English, p.Pseudonym("slack", "U1"), bot.VariantFor(p.Pseudonym("slack", "U1"))},
		{"under test, user 2", "quokka-care", bot.English, p.Pseudonym("slack", "U2"), bot.VariantFor(p.Pseudonym("slack", "U2"))},
		{"under test, no user", "quokka-care", bot.English, "", "A"},
		{"not under test in that language", "quokka-care", bot.German, p.Pseudonym("slack", "U1"), ""},
		{"never under test", "quokka-food", bot.German, p.Pseudonym("slack", "U1"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := bot.Feedback{EntryID: tt.entry, Lang: tt.lang, Helpful: true, Platform: "slack", User: tt.user}
			if err := s.RecordFeedback(ctx, f); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := s.DB().QueryRowContext(ctx, "SELECT variant FROM feedback WHERE entry_id = ? AND user = ?", tt.entry, tt.user).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("variant = %q, want %q", got, tt.want)
			}
		})
	}
}
