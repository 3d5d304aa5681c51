package search

import (
	"slices"
	"strings"
	"testing"
)

// words is a hand-written splitter for speed; it must split exactly like
// strings.FieldsFunc with the same rule.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "a/b-test c++ c# nodejs", "  backendentwicklerin  ", "über\xffgrößer", "👨\u200d💻 x", "x,y;z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := slices.Collect(words(s))
		want := strings.FieldsFunc(s, notWordRune)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	})
}
