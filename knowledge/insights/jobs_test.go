package insights

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

func TestReportJobDemand(t *testing.T) {
	ctx := context.Background()
	st, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	for _, q := range []struct {
		text  string
		found bool
	}{
		{"Habt ihr Java-Stellen in Hamburg?", false},
		{"jobs hamburg java", false},
		{"Java Jobs Hamburg Teilzeit", false},
		{"remote Python jobs?", false},
		{"Habt ihr offene Stellen?", true},
	} {
		if err := st.LogQuestion(ctx, bot.Question{At: at, Platform: "telegram", User: "p", Text: q.text, Lang: bot.German,
			Kind: bot.KindJobs, Confidence: 1, Answered: q.found}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Build(ctx, st, Options{Since: at.Add(-time.Hour), Until: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	want := []Count{{"Hamburg + Java", 3}, {"remote + Python", 1}}
	if r.Jobs.Searches != 5 || r.Jobs.Found != 1 || !slices.Equal(r.Jobs.Unmet, want) {
		t.Errorf("job demand %+v, want 5 searches, 1 found, unmet %v", r.Jobs, want)
	}
	if r.GapQuestions != 0 {
		t.Errorf("job searches counted as %d knowledge-base gaps", r.GapQuestions)
	}
	var text, html bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "found nothing: Hamburg + Java") || !strings.Contains(html.String(), "Hamburg &#43; Java") {
		t.Errorf("report lacks the job demand:\n%s", text.String())
	}
}
