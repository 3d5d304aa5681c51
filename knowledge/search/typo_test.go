package search

import (
	"slices"
	"strings"
	"testing"
)

// TestTypoIndexLookup checks the hashed typo index against the plain
// definition: a key finds exactly the spellings equal to it (exactKey) or
// those it is a one-byte deletion of (deleteKey), whatever else shares
// its bucket.
func TestTypoIndexLookup(t *testing.T) {
	words := []string{
		"backend", "backends", "bakend", "hello", "helo", "helllo", "datenbank", "datenbanken",
		"aaaaa", "aaaa", "ab", "", "über", "zuerich", strings.Repeat("x", maxWordLen+1),
	}
	var sp []spelling
	for i, w := range words {
		sp = append(sp, spelling{word: w, term: int32(i)})
	}
	ix := newTypoIndex(sp)
	keys := append(slices.Clone(words), "backen", "bcakend", "datenbnk", "aaa", "a", "hllo", "x", strings.Repeat("x", maxWordLen))
	for _, key := range keys {
		for _, kind := range []keyKind{exactKey, deleteKey} {
			name := key + map[keyKind]string{exactKey: "/exact", deleteKey: "/delete"}[kind]
			t.Run(name, func(t *testing.T) {
				var want []int32
				for n, s := range sp {
					if kind == exactKey && s.word == key || kind == deleteKey && slices.Contains(deletions(s.word), key) {
						want = append(want, int32(n))
					}
				}
				got := ix.lookup(nil, []byte(key), kind)
				slices.Sort(got)
				got = slices.Compact(got)
				if !slices.Equal(got, want) {
					t.Errorf("lookup(%q) = %v, want %v", key, got, want)
				}
			})
		}
	}
	if got := (*typoIndex)(nil).lookup(nil, []byte("hello"), exactKey); got != nil {
		t.Errorf("nil index found %v", got)
	}
}

// deletions returns w with one byte removed at each position.
func deletions(w string) []string {
	var out []string
	for i := range len(w) {
		out = append(out, w[:i]+w[i+1:])
	}
	return out
}
