package handoff

import (
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

func TestParseHours(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 30 November 2026.
	monday := func(hh, mm int) time.Time { return time.Date(2026, 11, 30, hh, mm, 0, 0, berlin) }
	for _, tc := range []struct {
		spec     string
		wantErr  bool
		open     []time.Time
		closed   []time.Time
		wantText string
	}{
		{spec: "", open: []time.Time{monday(3, 0)}},
		{spec: "Mon-Fri 09:00-17:00 Europe/Berlin",
			open:     []time.Time{monday(9, 0), monday(16, 59), monday(12, 0).AddDate(0, 0, 4)},
			closed:   []time.Time{monday(8, 59), monday(17, 0), monday(12, 0).AddDate(0, 0, 5), monday(12, 0).AddDate(0, 0, 6)},
			wantText: "Mo–Fr 09:00–17:00 (Europe/Berlin)"},
		{spec: "Sat,Mon 10:00-12:00 UTC", open: []time.Time{monday(11, 30)},
			closed: []time.Time{monday(12, 30).AddDate(0, 0, 1)}, wantText: "Mo, Sa 10:00–12:00 (UTC)"},
		{spec: "Fri-Mon 00:00-24:00 UTC", open: []time.Time{monday(1, 0)}, closed: []time.Time{monday(12, 0).AddDate(0, 0, 1)},
			wantText: "Mo, Fr–So 00:00–24:00 (UTC)"},
		{spec: "Mon-Fri 09:00-17:00", wantErr: true},
		{spec: "Mo-Fr 09:00-17:00 Europe/Berlin", wantErr: true},
		{spec: "Mon-Fri 17:00-09:00 Europe/Berlin", wantErr: true},
		{spec: "Mon-Fri 9-17 Europe/Berlin", wantErr: true},
		{spec: "Mon-Fri 09:00-17:00 Mars/Olympus", wantErr: true},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			h, err := ParseHours(tc.spec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseHours(%q) error = %v, want error %v", tc.spec, err, tc.wantErr)
			}
			for _, at := range tc.open {
				if !h.Open(at) {
					t.Errorf("closed at %v, want open", at)
				}
			}
			for _, at := range tc.closed {
				if h.Open(at) {
					t.Errorf("open at %v, want closed", at)
				}
			}
			if got := h.Text(bot.German); got != tc.wantText {
				t.Errorf("Text = %q, want %q", got, tc.wantText)
			}
		})
	}
}
