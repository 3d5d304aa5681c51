package bot_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// The answers of the entry under A/B test in abDocument.
const (
	answerA = "With a lot of patience."
	answerB = "Patience, shade and water."
)

// abDocument is a small knowledge base with one entry under A/B test in
// English only, and one that is not under test.
func abDocument() *knowledge.Document {
	return &knowledge.Document{
		Version: knowledge.FormatVersion,
		Entries: []knowledge.Entry{
			{ID: "quokka-care", Topic: "pets", Related: []string{"quokka-food"}, Texts: map[string]knowledge.Text{
				"de": {Questions: []string{"Wie pflege ich einen Quokka?"}, Answer: "Mit viel Geduld."},
				"en": {Questions: []string{"How do I care for a quokka?"}, Answer: answerA, Variant: answerB},
			}},
			{ID: "quokka-food", Topic: "pets", Related: []string{}, Texts: map[string]knowledge.Text{
				"de": {Questions: []string{"Was frisst ein Quokka?"}, Answer: "Blätter und Gräser."},
				"en": {Questions: []string{"What does a quokka eat?"}, Answer: "Leaves and grasses."},
			}},
		},
	}
}

// newABStore opens a database holding only abDocument.
func newABStore(t testing.TB) *knowledge.Store {
	t.Helper()
	s := newStore(t)
	if err := s.Import(context.Background(), abDocument(), knowledge.ImportOptions{Replace: true}); err != nil {
		t.Fatalf("Import: %v", err)
	}
	return s
}

// abUsers returns a pseudonym assigned to A and one assigned to B.
func abUsers(t testing.TB) (a, b string) {
	t.Helper()
	p := bot.NewPseudonymizer([]byte("variant-test-secret"))
	for i := 0; a == "" || b == ""; i++ {
		if i == 1000 {
			t.Fatal("no pseudonym in each variant among 1000 users")
		}
		u := p.Pseudonym("telegram", fmt.Sprint(i))
		if bot.VariantFor(u) == "B" {
			b = u
		} else {
			a = u
		}
	}
	return a, b
}

func TestVariantForStable(t *testing.T) {
	p := bot.NewPseudonymizer([]byte("variant-test-secret"))
	users := []string{"", "x", p.Pseudonym("slack", "T1:U1"), p.Pseudonym("telegram", "42"), p.Pseudonym("api", "alice")}
	for _, u := range users {
		first := bot.VariantFor(u)
		if first != "A" && first != "B" {
			t.Errorf("VariantFor(%q) = %q, want A or B", u, first)
		}
		for range 3 {
			if got := bot.VariantFor(u); got != first {
				t.Errorf("VariantFor(%q) = %q, then %q", u, first, got)
			}
		}
	}
	if got := bot.VariantFor(""); got != "A" {
		t.Errorf("VariantFor(\"\") = %q, want A for users without a pseudonym", got)
	}
}

// TestVariantForBalanced assigns 10,000 distinct pseudonyms: close to half
// see each variant.
func TestVariantForBalanced(t *testing.T) {
	tests := []struct {
		platform string
		secret   string
	}{
		{"telegram", "variant-test-secret"},
		{"slack", "another-secret-0123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.platform, func(t *testing.T) {
			p := bot.NewPseudonymizer([]byte(tt.secret))
			const n = 10000
			b := 0
			for i := range n {
				if bot.VariantFor(p.Pseudonym(tt.platform, fmt.Sprint(100000+i))) == "B" {
					b++
				}
			}
			if share := float64(b) / n; share < 0.48 || share > 0.52 {
				t.Errorf("%d of %d users in B (%.1f%%), want 48%%–52%%", b, n, 100*share)
			}
		})
	}
}

// TestVariantShown checks that each user sees their variant's answer,
// through Ask and OpenFor, and that the reply says which one.
func TestVariantShown(t *testing.T) {
	s := newABStore(t)
	e := engineOn(t, s, bot.Config{})
	userA, userB := abUsers(t)
	tests := []struct {
		name        string
		entry       string
		question    string
		lang        bot.Lang
		user        string
		wantText    string
		wantVariant string
	}{
		{"B user", "quokka-care", "How do I care for a quokka?", bot.English, userB, answerB, "B"},
		{"A user", "quokka-care", "How do I care for a quokka?", bot.English, userA, answerA, "A"},
		{"no user", "quokka-care", "How do I care for a quokka?", bot.English, "", answerA, "A"},
		{"B user, language not under test", "quokka-care", "Wie pflege ich einen Quokka?", bot.German, userB, "Mit viel Geduld.", ""},
		{"B user, entry not under test", "quokka-food", "What does a quokka eat?", bot.English, userB, "Leaves and grasses.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.question, Platform: "telegram", User: tt.user})
			if r.Kind != bot.KindAnswer || r.EntryID != tt.entry {
				t.Fatalf("Ask: %s %q, want an answer from %s", r.Kind, r.EntryID, tt.entry)
			}
			if r.Text != tt.wantText || r.Variant != tt.wantVariant {
				t.Errorf("Ask: %q variant %q, want %q variant %q", r.Text, r.Variant, tt.wantText, tt.wantVariant)
			}
			o, err := e.OpenFor(context.Background(), tt.entry, tt.lang, tt.user)
			if err != nil {
				t.Fatal(err)
			}
			if o.Text != tt.wantText || o.Variant != tt.wantVariant {
				t.Errorf("OpenFor: %q variant %q, want %q variant %q", o.Text, o.Variant, tt.wantText, tt.wantVariant)
			}
		})
	}
	// Open has no user: always A.
	if o, err := e.Open(context.Background(), "quokka-care", bot.English); err != nil || o.Text != answerA {
		t.Errorf("Open = %q, %v; want the A answer", o.Text, err)
	}
}

// TestVariantFeedback gives feedback on what each user was shown: the
// stored variant is the one in the reply.
func TestVariantFeedback(t *testing.T) {
	ctx := context.Background()
	s := newABStore(t)
	e := engineOn(t, s, bot.Config{})
	userA, userB := abUsers(t)
	tests := []struct {
		name     string
		question string
		user     string
		want     string
	}{
		{"B user on an entry under test", "How do I care for a quokka?", userB, "B"},
		{"A user on an entry under test", "How do I care for a quokka?", userA, "A"},
		{"B user on an entry without a variant", "What does a quokka eat?", userB, ""},
		{"B user in a language not under test", "Wie pflege ich einen Quokka?", userB, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.question, Platform: "slack", User: tt.user})
			if r.Variant != tt.want {
				t.Errorf("reply variant %q, want %q", r.Variant, tt.want)
			}
			f := bot.Feedback{EntryID: r.EntryID, Lang: r.Lang, Helpful: true, Platform: "slack", User: tt.user}
			if err := s.RecordFeedback(ctx, f); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := s.DB().QueryRowContext(ctx, "SELECT variant FROM feedback ORDER BY id DESC LIMIT 1").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("feedback stored with variant %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVariantAfterPromote promotes B through the store while the engine
// runs: after a refresh every user sees the B answer, with no variant.
func TestVariantAfterPromote(t *testing.T) {
	ctx := context.Background()
	s := newABStore(t)
	live := newLiveOn(t, s)
	e, err := bot.NewEngine(bot.Config{Knowledge: live})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Promote(ctx, "quokka-care", "B"); err != nil {
		t.Fatal(err)
	}
	if changed, err := live.Refresh(ctx); err != nil || !changed {
		t.Fatalf("Refresh = %v, %v; want a reload", changed, err)
	}
	userA, userB := abUsers(t)
	for _, u := range []string{userA, userB, ""} {
		r, err := e.OpenFor(ctx, "quokka-care", bot.English, u)
		if err != nil {
			t.Fatal(err)
		}
		if r.Text != answerB || r.Variant != "" {
			t.Errorf("user %q: %q variant %q; want the promoted answer and no variant", u, r.Text, r.Variant)
		}
	}
}
