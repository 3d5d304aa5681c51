package knowledge

import (
	"context"
	"testing"
)

// TestFillFormal opens a knowledge base as it was before answers had a
// formal form: the default answers get theirs, once; an answer an editor
// changed does not.
func TestFillFormal(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t)
	for _, q := range []string{
		"UPDATE entry_texts SET answer_sie = '', variant_sie = ''",
		"UPDATE entry_texts SET answer = 'Von uns bearbeitet: du liest hier unsere Fassung.' WHERE entry_id = 'tasks-overview' AND lang = 'de'",
		"DELETE FROM meta WHERE key = 'formal_filled'",
	} {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	before := kbVersion(t, s)
	s.Close()

	s = openStoreAt(t, path)
	if v := kbVersion(t, s); v != before+1 {
		t.Errorf("kb_version %d → %d, want it bumped once", before, v)
	}
	def, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range def.Entries {
		got := mustEntry(t, s, e.ID).Texts["de"].AnswerSie
		want := e.Texts["de"].AnswerSie
		if e.ID == "tasks-overview" {
			want = "" // edited: the editor writes its formal form
		}
		if got != want {
			t.Errorf("%s: answer_sie %q, want %q", e.ID, got, want)
		}
	}
	// Only once: a Sie form an editor removes later stays removed.
	if _, err := s.DB().ExecContext(ctx, "UPDATE entry_texts SET answer_sie = '' WHERE entry_id = 'skills-agile'"); err != nil {
		t.Fatal(err)
	}
	v := kbVersion(t, s)
	s.Close()
	s = openStoreAt(t, path)
	if got := mustEntry(t, s, "skills-agile").Texts["de"].AnswerSie; got != "" || kbVersion(t, s) != v {
		t.Errorf("the second open filled again: %q, version %d → %d", got, v, kbVersion(t, s))
	}
}
