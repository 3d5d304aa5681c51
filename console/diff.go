package console

import (
	"slices"
	"strings"

	"github.com/careerbot/careerbot/knowledge"
)

// entryDiff is how one entry differs between two documents.
type entryDiff struct {
	ID, Title string
	Status    string // added, removed, changed
	Fields    []fieldDiff
}

// fieldDiff is one changed field: a text's old and new value, or the
// phrasings and links added and removed.
type fieldDiff struct {
	Label          string
	Old, New       string
	Added, Removed []string
}

// docDiff lists the differences from a to b, per entry and field, plus
// whether the topics or synonyms changed.
type docDiff struct {
	Entries                       []entryDiff
	TopicsChanged, SynonymChanged bool
}

// Empty reports whether nothing changed.
func (d docDiff) Empty() bool { return len(d.Entries) == 0 && !d.TopicsChanged && !d.SynonymChanged }

// titlesOf names entries by their titles in doc, by id when gone.
func titlesOf(doc *knowledge.Document, ids []string, lang string) []string {
	ts := make([]string, len(ids))
	for i, id := range ids {
		if e := doc.Find(id); e != nil {
			ts[i] = title(e, lang)
		} else {
			ts[i] = id
		}
	}
	return ts
}

func diffDocs(a, b *knowledge.Document, lang string) docDiff {
	var out docDiff
	for i := range b.Entries {
		eb := &b.Entries[i]
		ea := a.Find(eb.ID)
		switch {
		case ea == nil:
			out.Entries = append(out.Entries, entryDiff{ID: eb.ID, Title: title(eb, lang), Status: "added", Fields: entryFields(&knowledge.Entry{}, eb, lang, a, b)})
		case entryHash(ea) != entryHash(eb):
			out.Entries = append(out.Entries, entryDiff{ID: eb.ID, Title: title(eb, lang), Status: "changed", Fields: entryFields(ea, eb, lang, a, b)})
		}
	}
	for i := range a.Entries {
		if b.Find(a.Entries[i].ID) == nil {
			out.Entries = append(out.Entries, entryDiff{ID: a.Entries[i].ID, Title: title(&a.Entries[i], lang), Status: "removed"})
		}
	}
	out.TopicsChanged = !jsonEqual(a.Topics, b.Topics)
	out.SynonymChanged = !jsonEqual(a.Synonyms, b.Synonyms)
	return out
}

// entryFields lists the fields in which b differs from a; da and db name
// the related entries.
func entryFields(a, b *knowledge.Entry, lang string, da, db *knowledge.Document) []fieldDiff {
	var fs []fieldDiff
	text := func(label, old, new string) {
		if old != new {
			fs = append(fs, fieldDiff{Label: translate(lang, label), Old: old, New: new})
		}
	}
	text("field.topic", a.Topic, b.Topic)
	text("field.owner", a.Owner, b.Owner)
	text("field.reviewed", a.Reviewed, b.Reviewed)
	if add, rem := listChange(a.Related, b.Related); len(add)+len(rem) > 0 {
		fs = append(fs, fieldDiff{Label: translate(lang, "field.related"), Added: titlesOf(db, add, lang), Removed: titlesOf(da, rem, lang)})
	}
	for _, l := range langs {
		ta, tb := a.Texts[l], b.Texts[l]
		prefix := strings.ToUpper(l) + ": "
		if add, rem := listChange(ta.Questions, tb.Questions); len(add)+len(rem) > 0 {
			fs = append(fs, fieldDiff{Label: prefix + translate(lang, "field.questions"), Added: add, Removed: rem})
		}
		var fa, fb textForm
		getSie(ta, &fa)
		getSie(tb, &fb)
		text2 := func(key, old, new string) {
			if old != new {
				fs = append(fs, fieldDiff{Label: prefix + translate(lang, key), Old: old, New: new})
			}
		}
		answerKey := "field.answer"
		if l == "en" {
			answerKey = "field.answer_en"
		}
		text2(answerKey, ta.Answer, tb.Answer)
		text2("field.answer_sie", fa.AnswerSie, fb.AnswerSie)
		text2("field.variant", ta.Variant, tb.Variant)
		text2("field.variant_sie", fa.VariantSie, fb.VariantSie)
	}
	return fs
}

// listChange returns what b adds to a and what it drops.
func listChange(a, b []string) (added, removed []string) {
	for _, x := range b {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}
