package telegram

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestCallbackDataFitsAndRoundTrips(t *testing.T) {
	ids := []string{
		"a",
		"entry-career-changer",
		strings.Repeat("x", 62),
		strings.Repeat("x", 63),
		strings.Repeat("z", 64),
		strings.Repeat("-", 64), // the last digit of the alphabet: the largest number
		"0" + strings.Repeat("_", 63),
		strings.Repeat("9", 64),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		b := make([]byte, 1+r.IntN(64))
		for i := range b {
			b[i] = packAlphabet[r.IntN(len(packAlphabet))]
		}
		ids = append(ids, string(b))
	}
	for _, id := range ids {
		for _, act := range []action{actOpen, actHelpful, actUnhelped} {
			for _, lang := range bot.Langs {
				data := encodeCallback(act, lang, id)
				if data == "" || len(data) > maxCallbackData {
					t.Fatalf("encodeCallback(%c, %s, %q) = %q (%d bytes)", act, lang, id, data, len(data))
				}
				c, ok := decodeCallback(data)
				if !ok || c.act != act || c.lang != lang || c.payload != id {
					t.Fatalf("decodeCallback(%q) = %+v, %v; want %c %s %q", data, c, ok, act, lang, id)
				}
			}
		}
	}
}

func TestCallbackDataRejectsWhatItCannotEncode(t *testing.T) {
	if got := encodeCallback(actOpen, bot.German, strings.Repeat("Ä", 40)); got != "" {
		t.Errorf("encoded an id outside the alphabet that does not fit: %q", got)
	}
	for _, data := range []string{"", "o", "oxentry", "qdentry", "od~", "od~####", "od~AA"} {
		if c, ok := decodeCallback(data); ok {
			t.Errorf("decodeCallback(%q) = %+v, want rejected", data, c)
		}
	}
}

// TestKeyboardsFitTelegramLimits renders every entry's keyboard, plus an
// entry with the longest id allowed, and checks every callback_data.
func TestKeyboardsFitTelegramLimits(t *testing.T) {
	e := newEngine(t, t.TempDir())
	ctx := context.Background()
	long := strings.Repeat("w", 64)
	replies := []bot.Reply{{
		Kind: bot.KindAnswer, Lang: bot.English, EntryID: long, Text: "x",
		Suggestions: []bot.Suggestion{{EntryID: long, Question: strings.Repeat("Why? ", 40)}},
	}}
	topics, err := e.eng.Topics(ctx, bot.German)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range topics {
		r, err := e.eng.Open(ctx, tp.Lead, bot.German)
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r)
	}
	for _, r := range replies {
		kb := keyboard(r)
		if kb == nil {
			t.Fatalf("no keyboard for %s", r.EntryID)
		}
		n := 0
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData != nil {
					n++
					if len(*b.CallbackData) > maxCallbackData {
						t.Errorf("%s: callback_data %q has %d bytes", r.EntryID, *b.CallbackData, len(*b.CallbackData))
					}
				}
				if len([]rune(b.Text)) > maxButtonRunes {
					t.Errorf("%s: button text %q too long", r.EntryID, b.Text)
				}
			}
		}
		if n < 3 {
			t.Errorf("%s: only %d callback buttons", r.EntryID, n)
		}
	}
}
