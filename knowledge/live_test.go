package knowledge

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

func newLive(t testing.TB, s *Store) *Live {
	t.Helper()
	l, err := NewLive(context.Background(), s)
	if err != nil {
		t.Fatalf("NewLive: %v", err)
	}
	return l
}

func newEngine(t testing.TB, l *Live) *bot.Engine {
	t.Helper()
	e, err := bot.NewEngine(bot.Config{Knowledge: l, Contact: bot.Contact{Name: "Team", Address: "team@example.com"}})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

func ask(t testing.TB, e *bot.Engine, q string) bot.Reply {
	t.Helper()
	r, err := e.Ask(context.Background(), bot.Request{Text: q})
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return r
}

// TestLiveRefreshSeesOtherProcess imports through a second Store on the
// same file, as `careerbot kb import` does while the server runs: the
// server's Live must pick the change up on Refresh, and only then.
func TestLiveRefreshSeesOtherProcess(t *testing.T) {
	ctx := context.Background()
	server, path := openStore(t)
	live := newLive(t, server)
	engine := newEngine(t, live)
	const q = "Wie pflege ich einen Quokka?"
	if r := ask(t, engine, q); r.Answered() {
		t.Fatalf("answered %q before the import: %+v", q, r)
	}

	editor := openStoreAt(t, path)
	def, err := editor.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	changed := def.Entries[0]
	changed.Texts = map[string]Text{
		"de": {Questions: changed.Texts["de"].Questions, Answer: "Eine ganz neue Antwort."},
		"en": changed.Texts["en"],
	}
	doc := smallDoc()
	doc.Entries = append(doc.Entries, changed)
	mustImport(t, editor, doc, ImportOptions{})

	if r := ask(t, engine, q); r.Answered() {
		t.Fatalf("answered %q before Refresh: %+v", q, r)
	}
	changedBefore, err := engine.Open(ctx, changed.ID, bot.German)
	if err != nil {
		t.Fatal(err)
	}
	refreshed, err := live.Refresh(ctx)
	if err != nil || !refreshed {
		t.Fatalf("Refresh = %v, %v; want true", refreshed, err)
	}
	if live.Version() != kbVersion(t, editor) {
		t.Errorf("Live.Version = %d, the store's %d", live.Version(), kbVersion(t, editor))
	}
	if live.Len() != len(def.Entries)+2 {
		t.Errorf("Live.Len = %d, want %d", live.Len(), len(def.Entries)+2)
	}
	if r := ask(t, engine, q); !r.Answered() || r.EntryID != "quokka-care" {
		t.Errorf("after Refresh, %q got %s %s (%.2f), want an answer from quokka-care", q, r.Kind, r.EntryID, r.Confidence)
	}
	r, err := engine.Open(ctx, changed.ID, bot.German)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "Eine ganz neue Antwort." || r.Text == changedBefore.Text {
		t.Errorf("after Refresh, %s answers %q, want the imported answer (before: %q)", changed.ID, r.Text, changedBefore.Text)
	}
	if again, err := live.Refresh(ctx); err != nil || again {
		t.Errorf("a second Refresh = %v, %v; want false (nothing changed)", again, err)
	}
}

// TestLiveWatch checks that Watch applies another process's import
// without being asked, and stops when its context ends.
func TestLiveWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	server, path := openStore(t)
	live := newLive(t, server)
	version := live.Version()
	done := make(chan struct{})
	go func() {
		defer close(done)
		live.Watch(ctx, time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	mustImport(t, openStoreAt(t, path), smallDoc(), ImportOptions{})
	deadline := time.After(time.Minute) // a hang guard, not a timing assertion
	for live.Version() == version {
		select {
		case <-deadline:
			t.Fatal("Watch did not pick up the import")
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	<-done
	if _, err := live.Entry(context.Background(), "quokka-care"); err != nil {
		t.Errorf("Entry(quokka-care) after Watch reloaded: %v", err)
	}
}

func TestLiveEntryAndTopics(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	mustImport(t, s, decode(t, mustRead(t, "testdata/small.yaml")), ImportOptions{Replace: true})
	live := newLive(t, s)
	tests := []struct {
		id      string
		wantErr error
	}{
		{"quokka-care", nil},
		{"quokka-home", nil},
		{"tasks-overview", bot.ErrNotFound}, // the replace removed the default content
		{"", bot.ErrNotFound},
		{"'; DROP TABLE entries; --", bot.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, err := live.Entry(ctx, tt.id)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Entry(%q) = %v, want %v", tt.id, err, tt.wantErr)
			}
			if err == nil && e.ID != tt.id {
				t.Errorf("Entry(%q).ID = %q", tt.id, e.ID)
			}
		})
	}
	// The formal forms reach the engine.
	play, err := live.Entry(ctx, "quokka-play")
	if de := play.Texts[bot.German]; err != nil || de.AnswerSie != "Ja, geben Sie Ihrem Quokka Zweige zum Klettern." ||
		de.VariantSie != "Ja; fragen Sie {recruiter} ({contact}), wenn Sie Spielzeug suchen." {
		t.Errorf("Entry(quokka-play) German = %+v, %v; want the formal forms", de, err)
	}
	topics, err := live.Topics(ctx, bot.English)
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.Topic{{ID: "pets", Title: "Pets", Lead: "quokka-care"}, {ID: "food", Title: "Food"}}
	if len(topics) != len(want) || topics[0] != want[0] || topics[1] != want[1] {
		t.Errorf("Topics(en) = %+v, want %+v", topics, want)
	}
	// The {contact} placeholder is filled at answer time, never searched.
	if ms, _ := live.Search(ctx, "contact", bot.German, 3); len(ms) != 0 {
		t.Errorf("Search(contact) = %v: the placeholder was indexed", ms)
	}
}

// TestLiveSearchDuringReload searches from several goroutines while the
// snapshot is swapped; run with -race.
func TestLiveSearchDuringReload(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	live := newLive(t, s)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := live.Search(ctx, "Was macht ein Backend-Entwickler?", bot.German, 3); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 5 {
		if err := live.Reload(ctx); err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
}

// TestLiveEntryMatchesExport checks that every entry the snapshot gives
// out has the texts the store exports, and that building the snapshot
// leaves the document it was built from as it was.
func TestLiveEntryMatchesExport(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	doc, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	live := &Live{store: s}
	live.cur.Store(buildSnapshot(0, doc))
	if !reflect.DeepEqual(doc, before) {
		t.Error("buildSnapshot changed the document it was built from")
	}
	for _, want := range before.Entries {
		t.Run(want.ID, func(t *testing.T) {
			got, err := live.Entry(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Topic != want.Topic || !slices.Equal(got.Related, want.Related) || len(got.Texts) != len(want.Texts) {
				t.Errorf("Entry(%q) = %+v, want %+v", want.ID, got, want)
			}
			for lang, wt := range want.Texts {
				gt := got.Texts[bot.Lang(lang)]
				if !slices.Equal(gt.Questions, wt.Questions) || gt.Answer != wt.Answer || gt.Variant != wt.Variant ||
					gt.AnswerSie != wt.AnswerSie || gt.VariantSie != wt.VariantSie {
					t.Errorf("Entry(%q).Texts[%s] = %+v, want %+v", want.ID, lang, gt, wt)
				}
			}
		})
	}
}

// TestLiveEntryConcurrent asks for entries that were never asked for from
// several goroutines at once: each entry is made once and everyone gets
// the same one. Run with -race.
func TestLiveEntryConcurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	live := newLive(t, s)
	doc, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 4
	got := make([][]bot.Entry, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for _, e := range doc.Entries {
				be, err := live.Entry(ctx, e.ID)
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], be)
			}
		})
	}
	wg.Wait()
	for i := range doc.Entries {
		for w := 1; w < workers && i < len(got[w]); w++ {
			// The same map, not an equal copy: the entry was made once.
			if reflect.ValueOf(got[w][i].Texts).UnsafePointer() != reflect.ValueOf(got[0][i].Texts).UnsafePointer() {
				t.Errorf("entry %s was made more than once", doc.Entries[i].ID)
			}
		}
	}
}

// TestLiveTopicsUnknownLanguage lists the topics untitled for a language
// the knowledge base has no titles in, without changing the shared list.
func TestLiveTopicsUnknownLanguage(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	live := newLive(t, s)
	en, err := live.Topics(ctx, bot.English)
	if err != nil {
		t.Fatal(err)
	}
	enBefore := slices.Clone(en)
	fr, err := live.Topics(ctx, bot.Lang("fr"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fr) != len(en) {
		t.Fatalf("Topics(fr) has %d topics, Topics(en) %d", len(fr), len(en))
	}
	for i := range fr {
		if fr[i].Title != "" || fr[i].ID != en[i].ID || fr[i].Lead != en[i].Lead {
			t.Errorf("Topics(fr)[%d] = %+v, want %+v untitled", i, fr[i], en[i])
		}
	}
	if !slices.Equal(en, enBefore) {
		t.Error("Topics(fr) changed the English list")
	}
}
