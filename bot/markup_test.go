package bot

import (
	"html"
	"testing"
)

func TestRender(t *testing.T) {
	htmlR := Renderer{
		Escape: html.EscapeString,
		Bold:   func(s string) string { return "<b>" + s + "</b>" },
		Bullet: "• ",
	}
	slackR := Renderer{Bold: func(s string) string { return "*" + s + "*" }}
	plain := Renderer{}
	tests := []struct {
		name string
		r    Renderer
		in   string
		want string
	}{
		{"bold pair", htmlR, "Ein **wichtiger** Punkt", "Ein <b>wichtiger</b> Punkt"},
		{"two bold pairs", htmlR, "**a** und **b**", "<b>a</b> und <b>b</b>"},
		{"gender star is literal", htmlR, "Entwickler*innen und Kolleg*innen", "Entwickler*innen und Kolleg*innen"},
		{"star next to bold", htmlR, "**Backend-Entwickler*in**", "<b>Backend-Entwickler*in</b>"},
		{"unpaired double star is literal", htmlR, "Ein **offener Satz", "Ein **offener Satz"},
		{"third double star is literal", htmlR, "**a** und **b", "<b>a</b> und **b"},
		{"empty pair is literal", htmlR, "a **** b", "a **** b"},
		{"pairs do not cross lines", htmlR, "**a\nb**", "**a\nb**"},
		{"escaping outside and inside bold", htmlR, "<script> & **<i>x</i>**", "&lt;script&gt; &amp; <b>&lt;i&gt;x&lt;/i&gt;</b>"},
		{"bullets", htmlR, "Liste:\n- eins\n- **zwei**\n-drei", "Liste:\n• eins\n• <b>zwei</b>\n-drei"},
		{"bullet text escaped", htmlR, "- a < b", "• a &lt; b"},
		{"default bullet kept", slackR, "- eins\n- zwei", "- eins\n- zwei"},
		{"slack bold", slackR, "**fett**", "*fett*"},
		{"no bold func drops emphasis", plain, "ein **fetter** Text", "ein fetter Text"},
		{"paragraphs kept", plain, "a\n\nb", "a\n\nb"},
		{"empty", htmlR, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Render(tt.in); got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
