package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAskEvalFiles answers the questions of the eval files, the same
// questions bench/nlpjs/compare.js times NLP.js on, so the two latencies
// compare like with like.
func BenchmarkAskEvalFiles(b *testing.B) {
	files := []string{filepath.Join("..", "testdata", "eval.jsonl"), filepath.Join("..", "..", "shared", "eval", "questions.jsonl")}
	for _, f := range files {
		qs := evalQuestions(b, f)
		if qs == nil {
			continue
		}
		b.Run(filepath.Base(f), func(b *testing.B) {
			s, _ := openStore(b)
			benchAsk(b, newEngine(b, newLive(b, s)), qs)
		})
	}
}

// evalQuestions reads the "q" of every line of a question file, or nil
// when the file is absent.
func evalQuestions(b testing.TB, path string) []string {
	b.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Q string }
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Q != "" {
			qs = append(qs, c.Q)
		}
	}
	return qs
}
