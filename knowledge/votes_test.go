package knowledge

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// TestOneVotePerAnswer replays and changes votes: each person keeps one
// vote per answer (or per entry where the answer is unknown), the latest.
func TestOneVotePerAnswer(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	vote := func(user, entry, answer string, helpful bool) {
		t.Helper()
		f := bot.Feedback{EntryID: entry, Lang: bot.German, Helpful: helpful, Platform: "telegram", User: user, Answer: answer}
		if err := s.RecordFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		votes    func()
		up, down int
	}{
		{"five 👍 on one answer", func() {
			for range 5 {
				vote("p1", "entry-overview", "chat1:17", true)
			}
		}, 1, 0},
		{"changed mind", func() {
			vote("p1", "entry-overview", "chat1:17", true)
			vote("p1", "entry-overview", "chat1:17", false)
		}, 0, 1},
		{"two answers of the same entry", func() {
			vote("p1", "entry-overview", "chat1:17", true)
			vote("p1", "entry-overview", "chat1:99", true)
		}, 2, 0},
		{"answer unknown: one per entry", func() {
			vote("p1", "entry-overview", "", true)
			vote("p1", "entry-overview", "", true)
			vote("p1", "entry-overview", "", false)
		}, 0, 1},
		{"two people", func() {
			vote("p1", "entry-overview", "chat1:17", true)
			vote("p2", "entry-overview", "chat1:17", true)
		}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.DB().ExecContext(ctx, "DELETE FROM feedback"); err != nil {
				t.Fatal(err)
			}
			tt.votes()
			up, down, err := s.FeedbackCounts(ctx, "entry-overview")
			if err != nil {
				t.Fatal(err)
			}
			if up != tt.up || down != tt.down {
				t.Errorf("👍 %d 👎 %d, want %d %d", up, down, tt.up, tt.down)
			}
		})
	}
	var answer string
	if err := s.DB().QueryRowContext(ctx, "SELECT answer FROM feedback WHERE answer != '' LIMIT 1").Scan(&answer); err != nil {
		t.Fatal(err)
	}
	if answer == "chat1:17" || len(answer) != 32 {
		t.Errorf("answer stored as %q, want a 32-character hash", answer)
	}
}

// TestVoteMigrationKeepsLatest rolls a database back to before the vote
// key, stores duplicate votes as older versions did, and applies the
// migration again:
// each person's latest vote per entry stays.
func TestVoteMigrationKeepsLatest(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	body, err := migrations.ReadFile("migrations/0005_tokens_votes.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"DROP INDEX feedback_vote", "ALTER TABLE feedback DROP COLUMN answer",
		"DROP TABLE api_tokens", "DROP TABLE health", "DROP TABLE health_scratch",
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	type row struct {
		user    string
		helpful bool
		at      int64
	}
	old := []row{{"p1", true, 1}, {"p1", true, 2}, {"p1", false, 3}, {"p2", true, 4}, {"p2", true, 5}, {"p3", false, 6}}
	for _, r := range old {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO feedback (entry_id, lang, helpful, platform, user, created_at)
			VALUES ('entry-overview', 'de', ?, 'slack', ?, ?)`, r.helpful, r.user, r.at); err != nil {
			t.Fatal(err)
		}
	}
	// Apply 0005 alone: later migrations, if any, stay as they are.
	if _, err := s.db.ExecContext(ctx, string(body)); err != nil {
		t.Fatalf("migration 0005: %v", err)
	}
	var got []row
	err = scanEach(ctx, s.db, "SELECT user, helpful, created_at FROM feedback ORDER BY user", func(r *sql.Rows) error {
		var x row
		if err := r.Scan(&x.user, &x.helpful, &x.at); err != nil {
			return err
		}
		got = append(got, x)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{"p1", false, 3}, {"p2", true, 5}, {"p3", false, 6}}
	if !slices.Equal(got, want) {
		t.Errorf("after migration %v, want %v", got, want)
	}
}
