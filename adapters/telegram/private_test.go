package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestPrivateQuestionIsAnsweredWithKeyboard(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		locale   string
		entry    string // the answering entry, "" for no answer
		lang     byte   // the language byte in the buttons' callback_data
		contains string // in the message text
	}{
		{name: "german career changer", text: "Kann ich als Quereinsteiger Backend-Entwickler werden?", entry: "entry-career-changer", lang: 'd'},
		{name: "english career changer", text: "Can I become a backend developer as a career changer?", locale: "en", entry: "entry-career-changer", lang: 'e'},
		{name: "greeting shows the topics", text: "Hallo", lang: 'd', contains: "Backend-Entwickler*in"},
		{name: "unknown question names the contact", text: "Wie wird das Wetter morgen in Hamburg?", lang: 'd', contains: "jobs@example.com"},
		{name: "sticker without text", text: "", lang: 'd'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, e := newTestAdapter(t)
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: tt.text, Lang: tt.locale}))
			sent := f.Sent()
			if len(sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(sent))
			}
			m := sent[0]
			if m.Int64("chat_id") != userAnna || m.Params.Get("parse_mode") != "HTML" {
				t.Errorf("chat_id=%s parse_mode=%s, want %d and HTML", m.Params.Get("chat_id"), m.Params.Get("parse_mode"), userAnna)
			}
			text := m.Params.Get("text")
			if !strings.Contains(text, tt.contains) {
				t.Errorf("text %q does not contain %q", text, tt.contains)
			}
			kb := m.Markup(t)
			data := kb.CallbackData()
			if len(data) == 0 {
				t.Fatal("no buttons")
			}
			for _, d := range data {
				if d[1] != tt.lang {
					t.Errorf("button %q answers in %q, want %q", d, d[1], tt.lang)
				}
			}
			if tt.entry == "" {
				for _, d := range data {
					if d[0] == byte(actHelpful) || d[0] == byte(actUnhelped) {
						t.Errorf("feedback button %q on a reply that is no answer", d)
					}
				}
				return
			}
			want := openEntry(t, e, tt.entry, bot.Lang(map[byte]string{'d': "de", 'e': "en"}[tt.lang]))
			if !strings.Contains(text, firstParagraph(want)) {
				t.Errorf("text %q is not the answer of %s", text, tt.entry)
			}
			rows := kb.InlineKeyboard
			if got := len(rows) - 1; got != min(3, len(want.Suggestions)) {
				t.Errorf("%d follow-up rows, want %d", got, min(3, len(want.Suggestions)))
			}
			for i, s := range want.Suggestions[:len(rows)-1] {
				if b := rows[i][0]; b.CallbackData == nil || *b.CallbackData != encodeCallback(actOpen, want.Lang, s.EntryID) {
					t.Errorf("row %d = %+v, want a button opening %s", i, b, s.EntryID)
				}
			}
			last := rows[len(rows)-1]
			if len(last) != 3 || *last[0].CallbackData != string([]byte{'u', tt.lang})+tt.entry ||
				*last[1].CallbackData != string([]byte{'n', tt.lang})+tt.entry ||
				last[2].SwitchInlineQuery == nil || *last[2].SwitchInlineQuery != tt.entry {
				t.Errorf("last row %+v, want 👍, 👎 and Share for %s", last, tt.entry)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		locale   string
		contains []string
		buttons  int  // how many buttons, -1 for any
		lang     byte // the language of the buttons, 0 for none
	}{
		{name: "start greets with the topic menu", text: "/start", contains: []string{"👋 Hallo!", "Karriere-Bot"}, buttons: 5, lang: 'd'},
		{name: "start in english", text: "/start", locale: "en-GB", contains: []string{"👋 Hi!"}, buttons: 5, lang: 'e'},
		{name: "deep link opens the entry", text: "/start entry-career-changer", contains: []string{"<b>Quereinsteiger*in</b>"}, buttons: -1, lang: 'd'},
		{name: "deep link to a deleted entry", text: "/start entry-gone-since", contains: []string{txtGone[0]}, buttons: 5, lang: 'd'},
		{name: "invalid payload is ignored", text: "/start <script>", contains: []string{"👋 Hallo!"}, buttons: 5, lang: 'd'},
		{name: "hilfe", text: "/hilfe", contains: []string{"Karriere-Bot"}, buttons: 5, lang: 'd'},
		{name: "help answers in english", text: "/help", contains: []string{"career bot"}, buttons: 5, lang: 'e'},
		{name: "themen", text: "/themen", contains: []string{txtTopics[0]}, buttons: 5, lang: 'd'},
		{name: "topics", text: "/topics", contains: []string{txtTopics[1]}, buttons: 5, lang: 'e'},
		{name: "sprache without argument asks", text: "/sprache", contains: []string{txtLangAsk[0]}, buttons: 2},
		{name: "frage without question explains", text: "/frage", contains: []string{"/frage Kann ich"}, buttons: 0},
		{name: "addressed to this bot", text: "/hilfe@" + telegramfake.BotName, contains: []string{"Karriere-Bot"}, buttons: 5, lang: 'd'},
		{name: "unknown command shows help", text: "/wasistdas", contains: []string{"Karriere-Bot"}, buttons: 5, lang: 'd'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: tt.text, Lang: tt.locale}))
			sent := f.Sent()
			if len(sent) != 1 {
				t.Fatalf("sent %d messages, want 1", len(sent))
			}
			text := sent[0].Params.Get("text")
			for _, c := range tt.contains {
				if !strings.Contains(text, c) {
					t.Errorf("text %q does not contain %q", text, c)
				}
			}
			data := sent[0].Markup(t).CallbackData()
			if tt.buttons >= 0 && len(data) != tt.buttons {
				t.Errorf("%d buttons %v, want %d", len(data), data, tt.buttons)
			}
			for _, d := range data {
				if tt.lang != 0 && d[1] != tt.lang {
					t.Errorf("button %q in %q, want %q", d, d[1], tt.lang)
				}
			}
		})
	}
}

func TestLanguageChoiceAndLocale(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	lastLang := func() byte {
		t.Helper()
		sent := f.Sent()
		data := sent[len(sent)-1].Markup(t).CallbackData()
		if len(data) == 0 {
			t.Fatal("no buttons to tell the language by")
		}
		return data[0][1]
	}
	// A very short message: the user's language_code breaks the tie.
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, UserID: userBen, Text: "Java?", Lang: "en"}))
	if got := lastLang(); got != 'e' {
		t.Errorf("short message from an English user answered in %q", got)
	}
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 2, Text: "Java?", Lang: "de"}))
	if got := lastLang(); got != 'd' {
		t.Errorf("short message from a German user answered in %q", got)
	}
	// /sprache en forces English in this chat, even for German questions.
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 3, Text: "/sprache en"}))
	if got := f.Sent()[2].Params.Get("text"); got != html.EscapeString(txtLangSet[1]) {
		t.Errorf("/sprache en answered %q", got)
	}
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 4, Text: "Kann ich als Quereinsteiger Backend-Entwickler werden?"}))
	if got := lastLang(); got != 'e' {
		t.Errorf("after /sprache en answered in %q", got)
	}
	// The language button sets it back.
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 5, Data: encodeCallback(actLang, bot.German, ""), MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 6, Text: "Can I become a backend developer as a career changer?"}))
	if got := lastLang(); got != 'd' {
		t.Errorf("after choosing Deutsch answered in %q", got)
	}
}

func TestFollowUpButtonOpensTheEntry(t *testing.T) {
	a, f, e := newTestAdapter(t)
	data := encodeCallback(actOpen, bot.German, "entry-practical-experience")
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 1, Data: data, MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	acks := f.CallsTo("answerCallbackQuery")
	if len(acks) != 1 || acks[0].Params.Get("callback_query_id") != "4382bfdwdsb323b2d9" {
		t.Fatalf("answerCallbackQuery calls %+v, want one for the query", acks)
	}
	sent := f.Sent()
	if len(sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(sent))
	}
	want := openEntry(t, e, "entry-practical-experience", bot.German)
	if text := sent[0].Params.Get("text"); !strings.Contains(text, firstParagraph(want)) {
		t.Errorf("text %q is not the follow-up's answer", text)
	}
	if m := f.Methods(); m[0] != "answerCallbackQuery" {
		t.Errorf("calls %v: the spinner should stop before the answer is sent", m)
	}
}

func TestFeedbackIsStoredUnderAPseudonym(t *testing.T) {
	a, f, e := newTestAdapter(t)
	answer := openEntry(t, e, "entry-career-changer", bot.German)
	markup, err := json.Marshal(keyboard(answer))
	if err != nil {
		t.Fatal(err)
	}
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 1, UserID: userAnna, Data: encodeCallback(actHelpful, bot.German, answer.EntryID),
		MessageID: 7, ChatID: userAnna, ChatType: "private", Markup: string(markup)}))
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 2, UserID: userBen, Lang: "en", Data: encodeCallback(actUnhelped, bot.English, answer.EntryID),
		MessageID: 8, ChatID: userBen, ChatType: "private"}))

	rows, err := e.store.DB().Query("SELECT entry_id, lang, helpful, platform, user FROM feedback ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type row struct {
		entry, lang string
		helpful     bool
		platform    string
		user        string
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.entry, &r.lang, &r.helpful, &r.platform, &r.user); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	ps := testPseudonyms
	want := []row{
		{"entry-career-changer", "de", true, "telegram", ps.Pseudonym("telegram", fmt.Sprint(userAnna))},
		{"entry-career-changer", "en", false, "telegram", ps.Pseudonym("telegram", fmt.Sprint(userBen))},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("feedback rows\n got %v\nwant %v", got, want)
	}
	assertNoRawIDs(t, e, fmt.Sprint(userAnna), fmt.Sprint(userBen), "Testusername", "Test Firstname")

	acks := f.CallsTo("answerCallbackQuery")
	if len(acks) != 2 || acks[0].Params.Get("text") != txtThanks[0] || acks[1].Params.Get("text") != txtThanks[1] {
		t.Errorf("acknowledgements %+v, want thanks in German and English", acks)
	}
	edits := f.CallsTo("editMessageReplyMarkup")
	if len(edits) != 1 {
		t.Fatalf("%d keyboard edits, want 1 (only the first message had a keyboard)", len(edits))
	}
	kb := edits[0].Markup(t)
	for _, d := range kb.CallbackData() {
		if d[0] == byte(actHelpful) || d[0] == byte(actUnhelped) {
			t.Errorf("feedback button %q left after feedback", d)
		}
	}
	if n := len(kb.InlineKeyboard); n != len(answer.Suggestions[:min(3, len(answer.Suggestions))])+1 {
		t.Errorf("edited keyboard has %d rows; the follow-ups and Share should stay", n)
	}
}

// assertNoRawIDs scans every table for the raw ids and names.
func assertNoRawIDs(t *testing.T, e engine, raw ...string) {
	t.Helper()
	db := e.store.DB()
	tables, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	for _, table := range names {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			continue // virtual tables that need a MATCH
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, r := range raw {
					if strings.Contains(s, r) {
						t.Errorf("table %s column %s holds %q", table, cols[i], r)
					}
				}
			}
		}
		rows.Close()
	}
}

func TestCallbacksAreAlwaysAnswered(t *testing.T) {
	longID := strings.Repeat("x", 64)
	tests := []struct {
		name string
		data string
		text string // the toast, "" for none
	}{
		{name: "garbage", data: "not ours", text: txtStale[0]},
		{name: "empty", data: "", text: txtStale[0]},
		{name: "unknown action", data: "zdentry-overview", text: txtStale[0]},
		{name: "broken packed id", data: "od~!!", text: txtStale[0]},
		{name: "deleted entry", data: encodeCallback(actOpen, bot.German, "entry-deleted-long-ago"), text: txtGone[0]},
		{name: "deleted entry with the longest id", data: encodeCallback(actOpen, bot.English, longID), text: txtGone[1]},
		{name: "expired channel preview", data: encodeCallback(actPost, bot.German, "AAAAAAAAAAAA"), text: txtExpired[0]},
		{name: "cancel of an unknown preview", data: encodeCallback(actCancel, bot.German, "AAAAAAAAAAAA"), text: txtCancelled[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 1, Data: tt.data, MessageID: 7, ChatID: userAnna, ChatType: "private"}))
			acks := f.CallsTo("answerCallbackQuery")
			if len(acks) != 1 {
				t.Fatalf("%d answerCallbackQuery calls, want exactly 1", len(acks))
			}
			if got := acks[0].Params.Get("text"); got != tt.text {
				t.Errorf("toast %q, want %q", got, tt.text)
			}
			if n := len(f.Sent()); n != 0 {
				t.Errorf("sent %d messages for a stale button", n)
			}
		})
	}
}

func TestCallbackIsAnsweredWhenHandlingPanics(t *testing.T) {
	a, f, _ := newTestAdapter(t, func(c *Config) { c.Answerer = panicky{c.Answerer} })
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 1, Data: encodeCallback(actOpen, bot.German, "entry-overview"), MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	if n := len(f.CallsTo("answerCallbackQuery")); n != 1 {
		t.Errorf("%d answerCallbackQuery calls after a panic, want 1", n)
	}
	// The adapter goes on with the next update.
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 2, Text: "/hilfe"}))
	if n := len(f.Sent()); n != 1 {
		t.Errorf("sent %d messages after the panic, want 1", n)
	}
}

// panicky is an Answerer whose Open, OpenFor and Ask("panic") panic.
type panicky struct{ bot.Answerer }

func (p panicky) Open(context.Context, string, bot.Lang) (bot.Reply, error) {
	panic("open exploded")
}

func (p panicky) OpenFor(context.Context, string, bot.Lang, string) (bot.Reply, error) {
	panic("open exploded")
}

func (p panicky) Ask(ctx context.Context, r bot.Request) (bot.Reply, error) {
	if r.Text == "panic" {
		panic("ask exploded")
	}
	return p.Answerer.Ask(ctx, r)
}

// A button click belongs to the chat's conversation: "mehr" typed after
// it goes on from the entry the button opened, not from the last typed
// question.
func TestMoreAfterAButtonGoesOnFromTheClickedEntry(t *testing.T) {
	a, f, e := newTestAdapter(t)
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: "Was macht man als Backend-Entwickler*in?"}))
	data := encodeCallback(actOpen, bot.German, "entry-practical-experience")
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 2, Data: data, MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 3, Text: "mehr"}))
	sent := f.Sent()
	if len(sent) != 3 {
		t.Fatalf("sent %d messages, want 3", len(sent))
	}
	clicked := openEntry(t, e, "entry-practical-experience", bot.German)
	text := sent[2].Params.Get("text")
	for _, s := range clicked.Suggestions {
		if strings.Contains(text, firstParagraph(openEntry(t, e, s.EntryID, bot.German))) {
			return
		}
	}
	t.Errorf("'mehr' after the button answered %q, want an entry the clicked one leads to: %v", text, clicked.Suggestions)
}
