package knowledge

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestDecodeAcceptsJSONAndYAML(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"json", `{"version":1,"entries":[{"id":"a","topic":"t","related":[],"texts":{"de":{"questions":["q"],"answer":"a"}}}]}`},
		{"json with spaces", "\n  \t" + `{"version":1,"entries":[]}` + "\n\n"},
		{"yaml", "version: 1\nentries:\n  - id: a\n    topic: t\n    texts: {de: {questions: [q], answer: a}}\n"},
		{"yaml with comment and marker", "# kb\n---\nversion: 1\nentries: []\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if doc.Version != 1 {
				t.Errorf("version = %d, want 1", doc.Version)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty file", ""},
		{"only whitespace", " \n\t\n"},
		{"only a comment", "# nothing here\n"},
		{"invalid UTF-8", "version: 1\nentries: []\n# \xff\xfe\n"},
		{"invalid UTF-8 in JSON", `{"version":1,"entries":[],"x":"` + "\xc3\x28" + `"}`},
		{"unknown top-level field, JSON", `{"version":1,"entries":[],"entrys":[]}`},
		{"unknown entry field, JSON", `{"version":1,"entries":[{"id":"a","anwser":"x"}]}`},
		{"unknown text field, JSON", `{"version":1,"entries":[{"id":"a","texts":{"de":{"question":["q"]}}}]}`},
		{"unknown top-level field, YAML", "version: 1\nentries: []\nsynonym: []\n"},
		{"unknown text field, YAML", "version: 1\nentries:\n  - id: a\n    texts: {de: {questions: [q], answers: x}}\n"},
		{"garbage", "this is not a knowledge base"},
		{"binary", "\x00\x01\x02\x03"},
		{"broken JSON", `{"version":1,"entries":[`},
		{"JSON of the wrong shape", `{"version":"one","entries":{}}`},
		{"YAML list", "- a\n- b\n"},
		{"broken YAML", "version: 1\nentries: [\n"},
		{"data after the JSON", `{"version":1,"entries":[]} garbage`},
		{"two JSON documents", `{"version":1,"entries":[]}` + "\n" + `{"version":1,"entries":[]}`},
		{"stray brace after the JSON", `{"version":1,"entries":[]}}`},
		{"two YAML documents", "version: 1\nentries: []\n---\nversion: 1\nentries: []\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if doc, err := Decode(strings.NewReader(tt.in)); err == nil {
				t.Errorf("Decode(%q) = %+v, want an error", tt.in, doc)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	r := strings.NewReader(`{"version":1,"entries":[],"synonyms":[["` + strings.Repeat("x", 64<<20) + `"]]}`)
	if _, err := Decode(r); err == nil {
		t.Error("Decode of a file above 64 MiB succeeded")
	}
}

func TestEncodeUnknownFormat(t *testing.T) {
	if err := Encode(new(strings.Builder), smallDoc(), "xml"); err == nil {
		t.Error(`Encode(…, "xml") succeeded`)
	}
}

// TestValidateReportsEveryProblem breaks one thing per case, then all of
// them at once: every problem must be reported with its entry and field.
func TestValidateReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *Document)
		want   []located
	}{
		{"unknown related id", func(d *Document) { d.Entries[0].Related = []string{"quokka-food", "nope"} },
			[]located{{"quokka-care", "related"}}},
		{"related to itself", func(d *Document) { d.Entries[1].Related = []string{"quokka-food"} },
			[]located{{"quokka-food", "related"}}},
		{"empty answer", func(d *Document) { setText(d, 1, "de", func(t *Text) { t.Answer = " \n" }) },
			[]located{{"quokka-food", "texts.de.answer"}}},
		{"duplicate id", func(d *Document) { d.Entries = append(d.Entries, d.Entries[1]) },
			[]located{{"quokka-food", "id"}}},
		{"bad version", func(d *Document) { d.Version = 2 },
			[]located{{"", "version"}}},
		{"missing version", func(d *Document) { d.Version = 0 },
			[]located{{"", "version"}}},
		{"bad id", func(d *Document) { d.Entries[1].ID = "Bad ID!"; d.Entries[0].Related = nil },
			[]located{{"Bad ID!", "id"}}},
		{"missing id", func(d *Document) { d.Entries[1].ID = ""; d.Entries[0].Related = nil },
			[]located{{"#2", "id"}}},
		{"id too long", func(d *Document) { d.Entries[1].ID = strings.Repeat("a", 65); d.Entries[0].Related = nil },
			[]located{{strings.Repeat("a", 65), "id"}}},
		{"unknown language", func(d *Document) { d.Entries[1].Texts["fr"] = Text{Questions: []string{"q"}, Answer: "a"} },
			[]located{{"quokka-food", "texts.fr"}}},
		{"empty question", func(d *Document) {
			setText(d, 0, "en", func(t *Text) { t.Questions = append(t.Questions, "  ") })
		}, []located{{"quokka-care", "texts.en.questions[1]"}}},
		{"no questions", func(d *Document) { setText(d, 0, "de", func(t *Text) { t.Questions = nil }) },
			[]located{{"quokka-care", "texts.de.questions"}}},
		{"missing topic", func(d *Document) { d.Entries[0].Topic = "" },
			[]located{{"quokka-care", "topic"}}},
		{"no texts", func(d *Document) { d.Entries[1].Texts = nil },
			[]located{{"quokka-food", "texts"}}},
		{"bad review date", func(d *Document) { d.Entries[0].Reviewed = "15.01.2025" },
			[]located{{"quokka-care", "reviewed"}}},
		{"blank variant", func(d *Document) { setText(d, 0, "en", func(t *Text) { t.Variant = " " }) },
			[]located{{"quokka-care", "texts.en.variant"}}},
		{"no entries", func(d *Document) { d.Entries = nil },
			[]located{{"", "entries"}}},
		{"everything at once", func(d *Document) {
			d.Version = 7
			d.Entries[0].Related = []string{"nope"}
			setText(d, 0, "de", func(t *Text) { t.Answer = ""; t.Questions = []string{"ok", ""} })
			d.Entries[1].Texts["xx"] = Text{Questions: []string{"q"}, Answer: "a"}
			d.Entries = append(d.Entries, Entry{ID: "Bad ID", Topic: "pets", Texts: map[string]Text{"en": {Questions: []string{"q"}, Answer: "a"}}},
				Entry{ID: "quokka-food", Topic: "pets", Texts: map[string]Text{"en": {Questions: []string{"q"}, Answer: "a"}}})
		}, []located{
			{"", "version"}, {"quokka-care", "related"}, {"quokka-care", "texts.de.answer"},
			{"quokka-care", "texts.de.questions[1]"}, {"quokka-food", "texts.xx"}, {"Bad ID", "id"}, {"quokka-food", "id"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := smallDoc()
			tt.mutate(doc)
			got, msg := problemsOf(t, doc)
			if got == nil {
				t.Fatal("Validate found no problem")
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing problem %+v; got %+v\n%s", w, got, msg)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %d problems %+v, want %d", len(got), got, len(tt.want))
			}
		})
	}
}

func setText(d *Document, entry int, lang string, edit func(*Text)) {
	t := d.Entries[entry].Texts[lang]
	t.Questions = slices.Clone(t.Questions)
	edit(&t)
	d.Entries[entry].Texts[lang] = t
}

func TestValidateKnownIDs(t *testing.T) {
	doc := smallDoc()
	doc.Entries[1].Related = []string{"elsewhere"}
	if err := doc.Validate(map[string]bool{"elsewhere": true}); err != nil {
		t.Errorf("a link to an id already in the database was refused: %v", err)
	}
	if err := doc.Validate(nil); err == nil {
		t.Error("a link to an unknown id was accepted")
	}
}

func TestDefaultContentIsValid(t *testing.T) {
	doc, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(nil); err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Entries {
		for _, lang := range []string{"de", "en"} {
			if _, ok := e.Texts[lang]; !ok {
				t.Errorf("entry %s has no %s text", e.ID, lang)
			}
		}
	}
}

func TestFixtureIsValid(t *testing.T) {
	f, err := os.Open("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(nil); err != nil {
		t.Fatal(err)
	}
}
