package slack

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

func TestRenderEscapesAndFormats(t *testing.T) {
	r := bot.Reply{
		Kind: bot.KindAnswer, Lang: bot.German, EntryID: "skills-languages", Question: "Was ist <b> & Co?",
		Text:        "Du brauchst **SQL & PHP** für <@channel>.\n\n- Entwickler*innen lernen <!here>\n- zweiter Punkt",
		Suggestions: []bot.Suggestion{{EntryID: "a", Question: "A?"}, {EntryID: "b", Question: "B?"}, {EntryID: "c", Question: "C?"}, {EntryID: "d", Question: "D?"}},
	}
	m := render(r, renderOptions{Share: true, Feedback: feedbackAsk})
	js := mustJSON(t, m.Blocks)
	for _, want := range []string{
		`*Was ist &lt;b&gt; &amp; Co?*`,
		`Du brauchst *SQL &amp; PHP* für &lt;@channel&gt;.`,
		`• Entwickler*innen lernen &lt;!here&gt;`,
	} {
		if !strings.Contains(js, jsonString(want)) {
			t.Errorf("blocks lack %s:\n%s", want, js)
		}
	}
	if strings.Contains(js, "<@channel>") || strings.Contains(js, "<!here>") || strings.Contains(m.Text, "<!here>") {
		t.Error("knowledge-base text can ping people")
	}
	var opens, shares, feedback int
	for _, b := range m.Blocks {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, e := range a.Elements.ElementSet {
				btn := e.(*slack.ButtonBlockElement)
				switch {
				case strings.HasPrefix(btn.ActionID, actionOpenPrefix):
					opens++
				case btn.ActionID == actionShare:
					shares++
				default:
					feedback++
				}
			}
		}
	}
	if opens != 3 || shares != 1 || feedback != 2 {
		t.Errorf("buttons: %d follow-ups (want 3), %d share (want 1), %d feedback (want 2)", opens, shares, feedback)
	}
	if strings.Contains(m.Text, "**") || m.Text == "" {
		t.Errorf("fallback text %q should be plain", m.Text)
	}
}

func TestBoldKeepsTheGenderStar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Für **Quereinsteiger*innen** gibt es Wege.", "Für *Quereinsteiger∗innen* gibt es Wege."},
		{"**Entwickler*innen und Tester*innen**", "*Entwickler∗innen und Tester∗innen*"},
		{"Entwickler*innen ohne Fettdruck", "Entwickler*innen ohne Fettdruck"},
		{"Ein ** Leerzeichen ** am Rand", "Ein  *Leerzeichen*  am Rand"},
		{"**SQL & <PHP>**", "*SQL &amp; &lt;PHP&gt;*"},
	}
	for _, tt := range tests {
		if got := mrkdwn.Render(tt.in); got != tt.want {
			t.Errorf("Render(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	// The question heading is bold too.
	m := render(bot.Reply{Kind: bot.KindAnswer, Lang: bot.German, EntryID: "x", Question: "Was machen Backend-Entwickler*innen?", Text: "Viel."}, renderOptions{})
	if q := m.Blocks[0].(*slack.SectionBlock).Text.Text; q != "*Was machen Backend-Entwickler∗innen?*" {
		t.Errorf("question heading %q", q)
	}
	if !strings.Contains(m.Text, "Backend-Entwickler*innen") {
		t.Errorf("the plain notification text should keep the star: %q", m.Text)
	}
}

func TestRenderNonAnswers(t *testing.T) {
	tests := []struct {
		kind    bot.Kind
		buttons int
	}{
		{bot.KindFallback, 3},
		{bot.KindClarify, 3},
		{bot.KindHelp, maxMenuButtons},
		{bot.KindGreeting, maxMenuButtons},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var sugg []bot.Suggestion
			for i := range 12 {
				sugg = append(sugg, bot.Suggestion{EntryID: "e" + string(rune('a'+i)), Question: "Frage?"})
			}
			m := render(bot.Reply{Kind: tt.kind, Lang: bot.German, Text: "Weiß ich nicht. Frag jobs@example.com", Suggestions: sugg},
				renderOptions{Share: true, Feedback: feedbackAsk})
			js := mustJSON(t, m.Blocks)
			if strings.Contains(js, actionShare) || strings.Contains(js, "careerbot.feedback") || strings.Contains(js, blockQuestion) {
				t.Errorf("a %s reply offers share, feedback or a question heading", tt.kind)
			}
			if n := strings.Count(js, actionOpenPrefix); n != tt.buttons {
				t.Errorf("%d suggestion buttons, want %d", n, tt.buttons)
			}
			if !strings.Contains(m.Text, "jobs@example.com") {
				t.Error("the contact is missing from the fallback text")
			}
		})
	}
}

func TestRenderLongAnswerFitsSlackLimits(t *testing.T) {
	long := strings.Repeat("Ein langer Absatz über Backend-Entwicklung. ", 60) + "\n\n" + strings.Repeat("Noch mehr Text ", 300)
	q := strings.Repeat("Frage ", 40)
	m := render(bot.Reply{Kind: bot.KindAnswer, Lang: bot.English, EntryID: "x", Question: "Q", Text: long,
		Suggestions: []bot.Suggestion{{EntryID: "y", Question: q}}}, renderOptions{Feedback: feedbackAsk})
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > maxSectionText {
				t.Errorf("section of %d characters", n)
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if n := utf8.RuneCountInString(e.(*slack.ButtonBlockElement).Text.Text); n > maxButtonText {
					t.Errorf("button text of %d characters", n)
				}
			}
		}
	}
	if n := utf8.RuneCountInString(m.Text); n > maxFallback {
		t.Errorf("fallback text of %d characters", n)
	}
	if !strings.Contains(mustJSON(t, m.Blocks), "Noch mehr Text") {
		t.Error("the second paragraph was lost")
	}
}

func TestRefs(t *testing.T) {
	for _, l := range bot.Langs {
		lang, id, err := decodeRef(encodeRef(l, "entry-career-changer"))
		if err != nil || lang != l || id != "entry-career-changer" {
			t.Errorf("round trip %s: %s %s %v", l, lang, id, err)
		}
	}
	for _, bad := range []string{"", "de", "de:", ":x", "fr:x", "DE:x", "de-DE:x", "de:X", "de:a b", "de:" + strings.Repeat("a", 65), "de:a:b", "de:../x"} {
		if _, _, err := decodeRef(bad); !errors.Is(err, errBadRef) {
			t.Errorf("decodeRef(%q) = %v, want errBadRef", bad, err)
		}
	}
}

func TestIncomingText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@U0LAN0Z89> Wie werde ich Entwickler?", "Wie werde ich Entwickler?"},
		{"<@U0LAN0Z89|careerbot> hi", "hi"},
		{"siehe <#C123|karriere> und <https://example.com|die Seite>", "siehe #karriere und die Seite"},
		{"<!here> PHP &amp; SQL &lt;3", "PHP & SQL <3"},
		{"<mailto:a@b.de|a@b.de>", "a@b.de"},
		{"<https://example.com>", "https://example.com"},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := incomingText(tt.in); got != tt.want {
			t.Errorf("incomingText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMenuWord(t *testing.T) {
	tests := []struct {
		in   string
		lang bot.Lang
		ok   bool
	}{
		{"", "", true}, {"?", "", true}, {"Hilfe", bot.German, true}, {"help", bot.English, true},
		{"topics", bot.English, true}, {"themen", bot.German, true}, {"Hilfe bei der Bewerbung", "", false},
	}
	for _, tt := range tests {
		if lang, ok := menuWord(tt.in); lang != tt.lang || ok != tt.ok {
			t.Errorf("menuWord(%q) = %q %v", tt.in, lang, ok)
		}
	}
}

func TestResponseURLGuard(t *testing.T) {
	ok := slackResponseURL("http://127.0.0.1:4000/api/")
	tests := []struct {
		url  string
		want bool
	}{
		{"https://hooks.slack.com/commands/T1/2/3", true},
		{"https://hooks.slack-gov.com/actions/T1/2/3", true},
		{"http://hooks.slack.com/commands/T1/2/3", false},
		{"https://hooks.slack.com.evil.example/x", false},
		{"https://user@hooks.slack.com/x", false},
		{"http://127.0.0.1:4000/hooks/x", true},
		{"http://127.0.0.1:4001/hooks/x", false},
		{"::", false},
	}
	for _, tt := range tests {
		if got := ok(tt.url); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.url, got, tt.want)
		}
	}
	if slackResponseURL("")("http://127.0.0.1:4000/hooks/x") {
		t.Error("without an API URL override only Slack's hosts are allowed")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	_, err := New(Config{BotToken: "xoxp-user", AppToken: "abc", APIURL: "http://x"})
	if err == nil {
		t.Fatal("New accepted a bad config")
	}
	for _, want := range []string{"xoxb-", "xapp-", "ending in /", "required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q: %v", want, err)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jsonString is s as it appears inside a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
