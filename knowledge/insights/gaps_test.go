package insights

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge/search"
)

// TestGroupGaps puts paraphrases together, different topics apart, with
// the default knowledge base's synonyms and vocabulary.
func TestGroupGaps(t *testing.T) {
	st, _ := newFixture(t)
	terms, err := NewTermer(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	asked := []Asked{
		{"Habt ihr eine offene Stelle in Berlin?", "de", 3},
		{"Habt ihr einen Job in Berlin?", "de", 1}, // Stelle and Job are synonyms
		{"Wie viel verdient ein Backend-Entwickler in München?", "de", 2},
		{"Was verdient man als Backend-Entwicklerin in München?", "de", 2},
		{"Gehaltsverhandlung Tipps", "de", 1},
		{"Tipps für die Gehaltsverhandlung?", "de", 1},
		{"Darf ich meinen Hund mit ins Büro bringen?", "de", 1},
		{"Can I bring my dog to the office?", "en", 1},
		{"Is my dog allowed in the office?", "en", 1},
		{"Gibt es eine Kantine?", "de", 1},
		{"???", "de", 1},
		{"?!", "de", 1},
	}
	want := [][]string{
		// Four questions each: the first question's text decides.
		{"Habt ihr eine offene Stelle in Berlin?", "Habt ihr einen Job in Berlin?"},
		{"Was verdient man als Backend-Entwicklerin in München?", "Wie viel verdient ein Backend-Entwickler in München?"},
		{"Can I bring my dog to the office?", "Is my dog allowed in the office?"},
		{"Gehaltsverhandlung Tipps", "Tipps für die Gehaltsverhandlung?"},
		{"?!"}, {"???"}, // no terms: alone, in text order
		{"Darf ich meinen Hund mit ins Büro bringen?"},
		{"Gibt es eine Kantine?"},
	}
	for run := range 5 {
		shuffled := slices.Clone(asked)
		rand.New(rand.NewPCG(uint64(run), 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		groups := groupGaps(shuffled, terms)
		var got [][]string
		for i, g := range groups {
			if g.N != i+1 {
				t.Errorf("group %d numbered %d", i+1, g.N)
			}
			var texts []string
			count := 0
			for _, q := range g.Questions {
				texts = append(texts, q.Text)
				count += q.Count
			}
			if count != g.Count {
				t.Errorf("group %d: count %d, its questions add up to %d", g.N, g.Count, count)
			}
			got = append(got, texts)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: groups\n got %q\nwant %q", run, got, want)
		}
	}
}

// TestGroupGapsPlainTerms shows what the index adds: without synonyms,
// "Stelle" and "Job" do not meet.
func TestGroupGapsPlainTerms(t *testing.T) {
	asked := []Asked{{"Habt ihr eine offene Stelle in Berlin?", "de", 1}, {"Habt ihr einen Job in Berlin?", "de", 1}}
	if n := len(groupGaps(asked, search.Terms)); n != 2 {
		t.Errorf("plain terms: %d groups, want 2", n)
	}
}

func TestJaccard(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want float64
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, 1},
		{[]string{"a", "b"}, []string{"b", "c"}, 1.0 / 3},
		{[]string{"a", "b", "c"}, []string{"a", "b", "d"}, 0.5},
		{[]string{"a"}, []string{"b"}, 0},
		{nil, nil, 0},
		{[]string{"a"}, nil, 0},
	} {
		if got := jaccard(tc.a, tc.b); got != tc.want {
			t.Errorf("jaccard(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestTermerKnowsSynonyms(t *testing.T) {
	st, _ := newFixture(t)
	terms, err := NewTermer(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	a, b := terms("Entwickler", bot.German), terms("Programmiererin", bot.German)
	if len(a) != 1 || !slices.Equal(a, b) {
		t.Errorf("Entwickler → %v, Programmiererin → %v: want the same synonym term", a, b)
	}
}

// BenchmarkGroupGaps groups 10,000 distinct questions over a vocabulary
// of 2,000 words, three to six words each.
func BenchmarkGroupGaps(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var asked []Asked
	for i := range 10000 {
		var words []string
		for range 3 + rng.IntN(4) {
			words = append(words, fmt.Sprintf("wort%d", rng.IntN(2000)))
		}
		asked = append(asked, Asked{Text: strings.Join(words, " ") + fmt.Sprintf(" %d", i), Lang: "de", Count: 1 + rng.IntN(5)})
	}
	terms := func(text string, _ bot.Lang) []string {
		f := strings.Fields(text)
		f = f[:len(f)-1]
		slices.Sort(f)
		return slices.Compact(f)
	}
	b.ResetTimer()
	for b.Loop() {
		groupGaps(asked, terms)
	}
}
