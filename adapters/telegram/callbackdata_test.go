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

func TestCallbackDataRejectsJunk(t *testing.T) {
	for _, data := range []string{
		"",
		"o",
		"od" + strings.Repeat("a", 63), // over 64 bytes
		"odentry\x1b[31mred",           // a terminal escape
		"odEntry-Career",               // not an entry id
		"ud<b>x</b>",
		"ld" + "x", // a language button carries nothing
		"pd" + "tok en",
		"zdentry-overview", // unknown action
	} {
		if c, ok := decodeCallback(data); ok {
			t.Errorf("decodeCallback(%q) = %+v, want refused", data, c)
		}
	}
}

func TestFeedbackForAnUnknownEntryIsNotStored(t *testing.T) {
	a, f, e := newTestAdapter(t)
	for i, data := range []string{
		encodeCallback(actHelpful, bot.German, "no-such-entry"),
		"ud" + strings.Repeat("x", 10000),
		"ud\x1b]0;pwned\x07",
	} {
		handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 10 + i, UserID: userAnna, Data: data, MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	}
	var n int
	if err := e.store.DB().QueryRow("SELECT count(*) FROM feedback").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d feedback rows (err %v), want none", n, err)
	}
	if got := len(f.CallsTo("answerCallbackQuery")); got != 3 {
		t.Errorf("%d callback queries answered, want 3: the spinner always stops", got)
	}
}
