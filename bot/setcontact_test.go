package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// TestSetContact changes the team an engine names while it runs, as the
// web console's settings do.
func TestSetContact(t *testing.T) {
	e, err := bot.NewEngine(bot.Config{Knowledge: oneEntry{"Frag {contact}."}, Contact: bot.Contact{Name: "Alt"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set  *bot.Contact
		want string
	}{
		{nil, "Frag Alt."},
		{&bot.Contact{Name: "Neu", Address: "neu@example.com"}, "Frag Neu (neu@example.com)."},
	}
	for _, tt := range tests {
		if tt.set != nil {
			e.SetContact(*tt.set)
		}
		r, err := e.Open(context.Background(), "e", bot.German)
		if err != nil {
			t.Fatal(err)
		}
		if r.Text != tt.want {
			t.Errorf("answer %q, want %q", r.Text, tt.want)
		}
	}
	// The built-in phrases name the new team too.
	r, err := e.Ask(context.Background(), bot.Request{Text: "Wie ist das Wetter auf dem Mond?"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Text, "Alt") || !strings.Contains(r.Text, "neu@example.com") {
		t.Errorf("the fallback does not name the new team: %q", r.Text)
	}
}
