package knowledge

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

func TestUsersAndSessions(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	if err := s.AddUser(ctx, User{Name: "ada", Role: "admin", PasswordHash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, User{Name: "ada", Role: "viewer", PasswordHash: "h2"}); !errors.Is(err, ErrUserExists) {
		t.Errorf("second add: %v, want ErrUserExists", err)
	}
	if err := s.AddUser(ctx, User{Name: "bob", Role: "boss", PasswordHash: "h"}); err == nil {
		t.Error("an unknown role was stored")
	}
	if err := s.CreateSession(ctx, "hash1", "ada", "csrf1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		hash string
		ok   bool
	}{
		{"valid", now.Add(30 * time.Minute), "hash1", true},
		{"unknown token", now, "other", false},
		{"expired", now.Add(2 * time.Hour), "hash1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.Now = func() time.Time { return tt.at }
			ses, err := s.Session(ctx, tt.hash)
			if tt.ok != (err == nil) || !tt.ok && !errors.Is(err, bot.ErrNotFound) {
				t.Fatalf("Session: %v", err)
			}
			if tt.ok && (ses.User.Name != "ada" || ses.User.Role != "admin" || ses.CSRF != "csrf1") {
				t.Errorf("session %+v", ses)
			}
		})
	}
	s.Now = func() time.Time { return now }
	if err := s.SetPassword(ctx, "ada", "h3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "hash1"); !errors.Is(err, bot.ErrNotFound) {
		t.Error("a password change kept the session")
	}
	if err := s.RemoveUser(ctx, "nobody"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("remove unknown: %v", err)
	}
}

func TestLoginFailures(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	for range 3 {
		if err := s.RecordLoginFailure(ctx, "user:ada", "addr:1.2.3.4"); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.LoginFailures(ctx, "user:ada", now.Add(-time.Minute)); n != 3 {
		t.Errorf("%d failures, want 3", n)
	}
	if n, _ := s.LoginFailures(ctx, "user:ada", now.Add(time.Minute)); n != 0 {
		t.Errorf("%d failures after the window, want 0", n)
	}
	s.ClearLoginFailures(ctx, "user:ada")
	if n, _ := s.LoginFailures(ctx, "addr:1.2.3.4", now.Add(-time.Minute)); n != 3 {
		t.Errorf("clearing the account cleared the address (%d)", n)
	}
}

func TestDraftUpdatesAreSerialised(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	doc, _ := s.Export(ctx)
	ids := []string{doc.Entries[0].ID, doc.Entries[1].ID, doc.Entries[2].ID, doc.Entries[3].ID}
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			err := s.UpdateDraft(ctx, "editor", func(d *Document) error {
				for j := range d.Entries {
					if d.Entries[j].ID == id {
						d.Entries[j].Owner = "owner" + string(rune('a'+i))
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	d, err := s.Draft(ctx)
	if err != nil || !d.Saved {
		t.Fatalf("draft %v", err)
	}
	for i, id := range ids {
		e, _ := entryByID(d.Doc, id)
		if e.Owner != "owner"+string(rune('a'+i)) {
			t.Errorf("%s: owner %q, a concurrent update was lost", id, e.Owner)
		}
	}
	if pub, _ := s.Export(ctx); pub.Entries[0].Owner == "ownera" {
		t.Error("the draft changed what is published")
	}
	// An error from the update changes nothing.
	boom := errors.New("boom")
	if err := s.UpdateDraft(ctx, "x", func(d *Document) error { d.Entries = nil; return boom }); !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
	if d2, _ := s.Draft(ctx); len(d2.Doc.Entries) != len(d.Doc.Entries) || d2.By != "editor" {
		t.Error("a failed update changed the draft")
	}
}

func TestPublishVersionsAndRollback(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	before, _ := s.Export(ctx)
	v0 := kbVersion(t, s)
	// A document that does not validate changes nothing.
	_, err := s.Publish(ctx, PublishOptions{Author: "ada", Message: "bad"}, func(cur *Document) (*Document, error) {
		cur.Entries[0].Topic = ""
		return cur, nil
	})
	var v *ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("publish invalid: %v", err)
	}
	if vs, _ := s.Versions(ctx); len(vs) != 0 || kbVersion(t, s) != v0 {
		t.Error("a failed publish left a version or bumped the knowledge base")
	}
	id, err := s.Publish(ctx, PublishOptions{Author: "ada", Message: "owner"}, func(cur *Document) (*Document, error) {
		cur.Entries[0].Owner = "Ada"
		return cur, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	vs, _ := s.Versions(ctx)
	if id != 2 || len(vs) != 2 || vs[0].Author != "ada" || vs[1].Author != "system" {
		t.Fatalf("id %d, versions %+v", id, vs)
	}
	first, _, err := s.VersionDocument(ctx, 1)
	if err != nil || first.Entries[0].Owner != before.Entries[0].Owner {
		t.Fatalf("baseline: %v", err)
	}
	if _, _, err := s.VersionDocument(ctx, 99); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
	if _, err := s.Publish(ctx, PublishOptions{Author: "ada", Message: "rollback", KeepDraft: true}, func(*Document) (*Document, error) { return first, nil }); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Export(ctx); after.Entries[0].Owner != before.Entries[0].Owner {
		t.Error("rollback did not restore the owner")
	}
}

func TestVotesNameTheQuestion(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	at := time.Now().Add(-time.Hour)
	for _, q := range []bot.Question{
		{At: at, Platform: "slack", User: "p1", Text: "Erste Frage", Lang: bot.German, Kind: bot.KindAnswer, EntryID: "e1", Answered: true},
		{At: at.Add(time.Minute), Platform: "slack", User: "p1", Text: "Zweite Frage", Lang: bot.German, Kind: bot.KindAnswer, EntryID: "e1", Answered: true},
		{At: at, Platform: "eval", User: "p2", Text: "Testfrage", Lang: bot.German, Kind: bot.KindAnswer, EntryID: "e1", Answered: true},
	} {
		if err := s.LogQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []bot.Feedback{
		{EntryID: "e1", Lang: bot.German, Helpful: false, Platform: "slack", User: "p1", At: at.Add(2 * time.Minute)},
		{EntryID: "e1", Lang: bot.German, Helpful: false, Platform: "eval", User: "p2", At: at.Add(2 * time.Minute)},
		{EntryID: "e1", Lang: bot.German, Helpful: true, Platform: "slack", User: "p3", At: at.Add(3 * time.Minute)},
	} {
		if err := s.RecordFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	votes, err := s.Votes(ctx, at.Add(-time.Hour), true, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 1 || votes[0].Question != "Zweite Frage" || votes[0].Helpful {
		t.Errorf("votes %+v, want the one 👎 from slack with the latest question", votes)
	}
	all, _ := s.Votes(ctx, at.Add(-time.Hour), false, 10)
	if len(all) != 2 || all[0].Question != "" || !all[0].Helpful {
		t.Errorf("all votes %+v", all)
	}
}
