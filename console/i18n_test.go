package console

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/knowledge"
)

func TestPlainProblems(t *testing.T) {
	tests := []struct {
		p           knowledge.Problem
		lang        string
		field, want string
	}{
		{knowledge.Problem{Entry: "x", Field: "texts.de.answer", Msg: "empty answer"}, "de", "de_answer", "Die Antwort fehlt."},
		{knowledge.Problem{Entry: "x", Field: "texts.en.questions[3]", Msg: "longer than 500 bytes"}, "en", "en_questions", "at most 500 bytes"},
		{knowledge.Problem{Entry: "x", Field: "topic", Msg: "missing"}, "en", "topic", "Please choose a topic."},
		{knowledge.Problem{Entry: "x", Field: "id", Msg: "not a valid id (lowercase letters, digits, '-' and '_', at most 64 characters)"}, "de", "id", "Kleinbuchstaben"},
		{knowledge.Problem{Entry: "x", Field: "texts.de.answer_sie", Msg: `missing: the answer says "du" to the reader, so people who write formally need the same text with "Sie" in answer_sie`}, "de", "de_answer_sie", "mit „du“ an"},
		{knowledge.Problem{Entry: "x", Field: "texts.de.answer", Msg: "{kontakt} is not a placeholder careerbot fills in, so readers would see it as written: use {contact}"}, "en", "de_answer", "{kontakt} is not a placeholder"},
		{knowledge.Problem{Entry: "x", Field: "related", Msg: `unknown entry "gone"`}, "en", "related", "no longer exists"},
		{knowledge.Problem{Entry: "x", Field: "texts.xx", Msg: `unknown language "xx" (use de or en)`}, "en", "", `unknown language "xx"`},
	}
	for _, tt := range tests {
		t.Run(tt.p.Field+" "+tt.p.Msg, func(t *testing.T) {
			field, msg := plainProblem(tt.p, tt.lang)
			if field != tt.field || !strings.Contains(msg, tt.want) {
				t.Errorf("got %q %q, want %q and a message with %q", field, msg, tt.field, tt.want)
			}
		})
	}
}

// TestEveryTextIsTranslated finds the message keys the templates use and
// checks each has a German and an English text.
func TestEveryTextIsTranslated(t *testing.T) {
	key := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		b, _ := templateFS.ReadFile(f)
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !hasMessage(m[1]) {
				t.Errorf("%s uses %q, which has no text", f, m[1])
			}
		}
	}
	for k, v := range messages {
		if v[0] == "" || v[1] == "" || strings.Count(v[0], "%") != strings.Count(v[1], "%") {
			t.Errorf("%q: %q / %q: a language is missing or the placeholders differ", k, v[0], v[1])
		}
	}
}
