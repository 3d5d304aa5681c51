package knowledge

import (
	"strings"
	"testing"
)

func mergeDoc(entries ...Entry) *Document {
	return &Document{Version: FormatVersion, Topics: []Topic{{ID: "t", Lead: "a"}}, Entries: entries}
}

func ent(id, answer string, related ...string) Entry {
	return Entry{ID: id, Topic: "t", Related: related, Texts: map[string]Text{"de": {Questions: []string{id + "?"}, Answer: answer}}}
}

func TestMerge(t *testing.T) {
	base := mergeDoc(ent("a", "A", "b"), ent("b", "B"), ent("c", "C"))
	tests := []struct {
		name       string
		cur, draft *Document
		want       string // id=answer, in order
	}{
		{"nothing changed", base, base, "a=A b=B c=C"},
		{"draft edit", base, mergeDoc(ent("a", "A2", "b"), ent("b", "B"), ent("c", "C")), "a=A2 b=B c=C"},
		{"published edit kept", mergeDoc(ent("a", "A", "b"), ent("b", "Bcli"), ent("c", "C")),
			mergeDoc(ent("a", "A2", "b"), ent("b", "B"), ent("c", "C")), "a=A2 b=Bcli c=C"},
		{"both edit the same entry: the draft wins", mergeDoc(ent("a", "Acli", "b"), ent("b", "B"), ent("c", "C")),
			mergeDoc(ent("a", "A2", "b"), ent("b", "B"), ent("c", "C")), "a=A2 b=B c=C"},
		{"draft delete drops links", base, mergeDoc(ent("a", "A", "b"), ent("c", "C")), "a=A c=C"},
		{"added since kept", mergeDoc(ent("a", "A", "b"), ent("b", "B"), ent("c", "C"), ent("d", "D")), base, "a=A b=B c=C d=D"},
		{"deleted since stays deleted", mergeDoc(ent("a", "A"), ent("c", "C")), base, "a=A c=C"},
		{"draft addition", base, mergeDoc(ent("a", "A", "b"), ent("b", "B"), ent("c", "C"), ent("e", "E")), "a=A b=B c=C e=E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Merge(tt.cur, base, tt.draft)
			var got []string
			for _, e := range out.Entries {
				got = append(got, e.ID+"="+e.Texts["de"].Answer)
				for _, r := range e.Related {
					if out.Find(r) == nil {
						t.Errorf("%s links to missing %s", e.ID, r)
					}
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tt.want)
			}
			if err := out.Validate(nil); err != nil {
				t.Errorf("merged document invalid: %v", err)
			}
		})
	}
}
