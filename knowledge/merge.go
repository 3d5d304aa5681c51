package knowledge

import (
	"encoding/json"
	"slices"
)

// Find returns the entry with id, or nil.
func (d *Document) Find(id string) *Entry {
	for i := range d.Entries {
		if d.Entries[i].ID == id {
			return &d.Entries[i]
		}
	}
	return nil
}

// RemoveEntry deletes an entry and every link to it: other entries'
// related lists, and the topic menu's lead entries (a topic then leads
// with its first remaining entry).
func (d *Document) RemoveEntry(id string) {
	d.Entries = slices.DeleteFunc(d.Entries, func(e Entry) bool { return e.ID == id })
	for i := range d.Entries {
		d.Entries[i].Related = slices.DeleteFunc(slices.Clone(d.Entries[i].Related), func(r string) bool { return r == id })
	}
	for i := range d.Topics {
		if d.Topics[i].Lead != id {
			continue
		}
		d.Topics[i].Lead = ""
		for _, e := range d.Entries {
			if e.Topic == d.Topics[i].ID {
				d.Topics[i].Lead = e.ID
				break
			}
		}
	}
}

// sameJSON reports whether a and b encode alike.
func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// Merge applies a draft's changes (from base to draft) to cur, entry by
// entry: what the draft changed, added or deleted wins; every other entry
// is taken from cur, so a change published since the draft began (from
// the command line, a rollback) is kept. Topics and synonyms are the
// draft's when it changed them. Links to entries that are gone are
// dropped, as a delete drops them.
func Merge(cur, base, draft *Document) *Document {
	out := &Document{Version: FormatVersion, Topics: cur.Topics, Synonyms: cur.Synonyms}
	if !sameJSON(base.Topics, draft.Topics) {
		out.Topics = draft.Topics
	}
	if !sameJSON(base.Synonyms, draft.Synonyms) {
		out.Synonyms = draft.Synonyms
	}
	seen := map[string]bool{}
	for _, e := range draft.Entries {
		seen[e.ID] = true
		b, c := base.Find(e.ID), cur.Find(e.ID)
		if b != nil && sameJSON(b, &e) {
			if c == nil {
				continue // deleted since, and not touched in the draft
			}
			e = *c // unchanged in the draft: keep what is published
		}
		out.Entries = append(out.Entries, e)
	}
	for _, c := range cur.Entries {
		if !seen[c.ID] && base.Find(c.ID) == nil {
			out.Entries = append(out.Entries, c) // added since the draft began
		}
	}
	for _, c := range cur.Entries {
		if out.Find(c.ID) == nil {
			out.RemoveEntry(c.ID)
		}
	}
	for i := range out.Entries {
		out.Entries[i].Related = slices.DeleteFunc(slices.Clone(out.Entries[i].Related), func(id string) bool { return out.Find(id) == nil })
	}
	return out
}
