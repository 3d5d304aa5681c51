package console_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/adapters/console"
	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
)

func TestWriteJobReply(t *testing.T) {
	var b bytes.Buffer
	console.WriteReply(&b, enginetest.JobsReply(bot.German))
	out := b.String()
	for _, want := range []string{
		"Ich habe 2 passende Stellen gefunden:\n\n  1. Senior Java Backend Developer (m/w/d)\n     Hanse Logistik GmbH · Hamburg · Vollzeit · seit 20.11.2026\n     https://karriere.example.de/jobs/hh-java-01?a=1&b=2\n",
		"  2. Go Developer <Remote> & more\n     für einen Kunden · remote · Vollzeit oder Teilzeit · seit 25.11.2026\n",
		"Fragen beantwortet dir das Team.",
		"[1] Weitere Stellen (3)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "**") {
		t.Errorf("markup left in:\n%s", out)
	}
}
