package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestCheckFeedbackEntry(t *testing.T) {
	e, _ := newEngine(t, bot.Config{})
	tests := []struct {
		name string
		id   string
		want error // nil for valid
	}{
		{"existing entry", "entry-career-changer", nil},
		{"unknown entry", "entry-nonexistent", bot.ErrNotFound},
		{"empty", "", bot.ErrInvalidEntryID},
		{"10,000 characters", strings.Repeat("a", 10000), bot.ErrInvalidEntryID},
		{"one byte too long", strings.Repeat("a", bot.MaxEntryIDLen+1), bot.ErrInvalidEntryID},
		{"terminal escape", "entry-overview\x1b[2J", bot.ErrInvalidEntryID},
		{"C1 control (8-bit CSI)", "entry\u009b31m", bot.ErrInvalidEntryID},
		{"newline", "entry-overview\nfake line", bot.ErrInvalidEntryID},
		{"NUL", "entry\x00", bot.ErrInvalidEntryID},
		{"right-to-left override", "entry\u202eweiv", bot.ErrInvalidEntryID},
		{"space", "entry overview", bot.ErrInvalidEntryID},
		{"broken UTF-8", "entry\xff", bot.ErrInvalidEntryID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := bot.CheckFeedbackEntry(context.Background(), e, tt.id)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if len(err.Error()) > 200 || strings.ContainsAny(err.Error(), "\x1b\n\x00") {
				t.Errorf("the error carries the junk: %q", err)
			}
		})
	}
}
