package knowledge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestExportImportRoundTrip exports, imports the file with --replace into
// another database and exports again: the two files must be identical,
// byte for byte.
func TestExportImportRoundTrip(t *testing.T) {
	fixture, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		format  string
		content []byte // nil: the default content
	}{
		{"default content, json", "json", nil},
		{"default content, yaml", "yaml", nil},
		{"hand-written yaml, json", "json", fixture},
		{"hand-written yaml, yaml", "yaml", fixture},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := openStore(t)
			if tt.content != nil {
				mustImport(t, src, decode(t, tt.content), ImportOptions{Replace: true})
			}
			first := exportBytes(t, src, tt.format)
			dst, _ := openStore(t)
			mustImport(t, dst, decode(t, first), ImportOptions{Replace: true})
			if second := exportBytes(t, dst, tt.format); !bytes.Equal(first, second) {
				t.Errorf("export → import → export changed the file\nfirst:  %.400s\nsecond: %.400s", first, second)
			}
			// Importing a store's own export into itself changes nothing
			// but the version either.
			mustImport(t, src, decode(t, first), ImportOptions{Replace: true})
			if again := exportBytes(t, src, tt.format); !bytes.Equal(first, again) {
				t.Errorf("re-importing a store's own export changed it")
			}
		})
	}
}

// TestImportKeepsContent checks that an import loses nothing: the export
// holds what the file held.
func TestImportKeepsContent(t *testing.T) {
	fixture, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	def, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  *Document
	}{
		{"default content", def},
		{"hand-written yaml", decode(t, fixture)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openStore(t)
			mustImport(t, s, tt.doc, ImportOptions{Replace: true})
			got, err := s.Export(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Entries, tt.doc.Entries) {
				t.Errorf("entries differ after import:\n got %+v\nwant %+v", got.Entries, tt.doc.Entries)
			}
			if !reflect.DeepEqual(got.Topics, tt.doc.Topics) {
				t.Errorf("topics differ after import:\n got %+v\nwant %+v", got.Topics, tt.doc.Topics)
			}
			want := make([][]string, len(tt.doc.Synonyms))
			for i, g := range tt.doc.Synonyms { // terms are stored lowercased
				for _, term := range g {
					want[i] = append(want[i], strings.ToLower(term))
				}
			}
			if !reflect.DeepEqual(got.Synonyms, want) {
				t.Errorf("synonyms differ after import:\n got %q\nwant %q", got.Synonyms, want)
			}
		})
	}
}

func decode(t testing.TB, data []byte) *Document {
	t.Helper()
	doc, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return doc
}

// TestFailedImportChangesNothing imports broken documents, with and
// without --replace: each must be refused with a *ValidationError, and the
// knowledge base and its version must stay as they were.
func TestFailedImportChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *Document)
	}{
		{"unknown related id", func(d *Document) { d.Entries[0].Related = []string{"nope"} }},
		{"empty answer", func(d *Document) { setText(d, 1, "de", func(t *Text) { t.Answer = "" }) }},
		{"duplicate id", func(d *Document) { d.Entries = append(d.Entries, d.Entries[0]) }},
		{"bad version", func(d *Document) { d.Version = 2 }},
		{"bad id", func(d *Document) { d.Entries[1].ID = "Quokka Food"; d.Entries[0].Related = nil }},
		{"unknown language", func(d *Document) { d.Entries[1].Texts["es"] = Text{Questions: []string{"q"}, Answer: "a"} }},
		{"empty question", func(d *Document) { setText(d, 0, "de", func(t *Text) { t.Questions = []string{""} }) }},
		{"no entries", func(d *Document) { d.Entries = nil }},
		{"one bad entry among good ones", func(d *Document) {
			good := d.Entries[1]
			good.ID = "quokka-extra"
			bad := d.Entries[1]
			bad.ID = "quokka-bad"
			bad.Texts = map[string]Text{"de": {Questions: []string{"q"}}}
			d.Entries = append(d.Entries, good, bad)
		}},
	}
	for _, tt := range tests {
		for _, replace := range []bool{false, true} {
			name := tt.name + ", merge"
			if replace {
				name = tt.name + ", replace"
			}
			t.Run(name, func(t *testing.T) {
				s, _ := openStore(t)
				before, version := exportBytes(t, s, "json"), kbVersion(t, s)
				doc := smallDoc()
				tt.mutate(doc)
				err := s.Import(context.Background(), doc, ImportOptions{Replace: replace})
				var verr *ValidationError
				if !errors.As(err, &verr) || len(verr.Problems) == 0 {
					t.Fatalf("Import = %v, want a *ValidationError", err)
				}
				if after := exportBytes(t, s, "json"); !bytes.Equal(before, after) {
					t.Error("a failed import changed the knowledge base")
				}
				if v := kbVersion(t, s); v != version {
					t.Errorf("kb_version = %d after a failed import, want %d", v, version)
				}
			})
		}
	}
}

// TestMergeImport re-imports one existing entry and adds a new one without
// --replace: the re-imported entry is replaced, every other entry is kept,
// and links from other entries to the re-imported one survive.
func TestMergeImport(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	version := kbVersion(t, s)
	target, linkers := mostLinked(before)
	if len(linkers) == 0 {
		t.Fatal("no entry of the default content is linked from another")
	}
	old, _ := entryByID(before, target)
	changed := Entry{
		ID:      target,
		Topic:   old.Topic,
		Related: []string{"brand-new"},
		Texts: map[string]Text{ // the English text is dropped on purpose
			"de": {Questions: []string{"Neue Frage?", "Noch eine?"}, Answer: "Neue Antwort."},
		},
	}
	added := Entry{ID: "brand-new", Topic: "extra-topic", Related: []string{target, before.Entries[0].ID},
		Texts: map[string]Text{"en": {Questions: []string{"New question?"}, Answer: "New answer."}}}
	mustImport(t, s, &Document{Version: FormatVersion, Entries: []Entry{changed, added}}, ImportOptions{})

	after, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v := kbVersion(t, s); v != version+1 {
		t.Errorf("kb_version = %d, want %d", v, version+1)
	}
	if len(after.Entries) != len(before.Entries)+1 {
		t.Fatalf("%d entries after the merge, want %d", len(after.Entries), len(before.Entries)+1)
	}
	for i, e := range before.Entries {
		got := after.Entries[i]
		switch {
		case e.ID == target:
			if !reflect.DeepEqual(got, changed) {
				t.Errorf("re-imported entry = %+v, want %+v", got, changed)
			}
		case !reflect.DeepEqual(got, e):
			t.Errorf("entry %s changed by a merge that did not name it:\n got %+v\nwant %+v", e.ID, got, e)
		}
	}
	if got := after.Entries[len(after.Entries)-1]; !reflect.DeepEqual(got, added) {
		t.Errorf("new entry = %+v, want %+v at the end", got, added)
	}
	for _, id := range linkers {
		e, _ := entryByID(after, id)
		if !slices.Contains(e.Related, target) {
			t.Errorf("entry %s lost its link to the re-imported %s: %v", id, target, e.Related)
		}
	}
	if !slices.ContainsFunc(after.Topics, func(tp Topic) bool { return tp.ID == "extra-topic" && tp.Lead == "brand-new" }) {
		t.Errorf("topic of the new entry was not created: %+v", after.Topics)
	}
	if !reflect.DeepEqual(after.Synonyms, before.Synonyms) {
		t.Error("a merge without synonyms changed the synonyms")
	}
}

// mostLinked returns the entry that most other entries link to, and those.
func mostLinked(doc *Document) (string, []string) {
	from := map[string][]string{}
	for _, e := range doc.Entries {
		for _, r := range e.Related {
			from[r] = append(from[r], e.ID)
		}
	}
	var best string
	for _, e := range doc.Entries {
		if len(from[e.ID]) > len(from[best]) {
			best = e.ID
		}
	}
	return best, from[best]
}

func TestMergeImportLinksToExisting(t *testing.T) {
	s, _ := openStore(t)
	before, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	doc := smallDoc()
	doc.Entries[1].Related = []string{before.Entries[0].ID} // exists only in the database
	mustImport(t, s, doc, ImportOptions{})
	if err := s.Import(context.Background(), doc, ImportOptions{Replace: true}); err == nil {
		t.Error("--replace accepted a link to an entry it is about to delete")
	}
}

func TestMergeImportSynonyms(t *testing.T) {
	s, _ := openStore(t)
	before, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	doc := smallDoc()
	doc.Synonyms = [][]string{{"Quokka", "Kurzschwanzkänguru"}, before.Synonyms[0]}
	mustImport(t, s, doc, ImportOptions{})
	mustImport(t, s, doc, ImportOptions{}) // twice: no duplicate groups
	after, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(before.Synonyms), []string{"quokka", "kurzschwanzkänguru"})
	if !reflect.DeepEqual(after.Synonyms, want) {
		t.Errorf("synonyms after merging = %q\nwant %q", after.Synonyms, want)
	}
}
