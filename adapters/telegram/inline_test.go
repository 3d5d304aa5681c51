package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

type inlineResult struct {
	Type                string `json:"type"`
	ID                  string `json:"id"`
	Title               string `json:"title"`
	Description         string `json:"description"`
	InputMessageContent struct {
		MessageText           string `json:"message_text"`
		ParseMode             string `json:"parse_mode"`
		DisableWebPagePreview bool   `json:"disable_web_page_preview"`
	} `json:"input_message_content"`
}

func TestInlineQuery(t *testing.T) {
	topics, err := newEngine(t, t.TempDir()).eng.Topics(context.Background(), bot.German)
	if err != nil {
		t.Fatal(err)
	}
	var leads []string
	for _, tp := range topics {
		leads = append(leads, tp.Lead)
	}
	tests := []struct {
		name   string
		query  string
		locale string
		first  string   // the first result's id, "" for any
		ids    []string // exactly these ids, nil for any
	}{
		{name: "keyword", query: "quereinstieg", first: "entry-career-changer"},
		{name: "question in english", query: "Can I become a backend developer as a career changer?", locale: "en", first: "entry-career-changer"},
		{name: "share button sends the entry id", query: "entry-career-changer", first: "entry-career-changer"},
		{name: "empty query lists the topics", query: "", ids: leads},
		{name: "greeting lists the topics", query: "hallo", ids: leads},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			handle(t, a, fixture(t, "inline_query.json", fields{UpdateID: 1, Query: tt.query, Lang: tt.locale}))
			calls := f.CallsTo("answerInlineQuery")
			if len(calls) != 1 {
				t.Fatalf("%d answerInlineQuery calls, want 1", len(calls))
			}
			c := calls[0]
			if c.Params.Get("inline_query_id") != "134567890097" || c.Params.Get("cache_time") != "60" {
				t.Errorf("inline_query_id=%q cache_time=%q", c.Params.Get("inline_query_id"), c.Params.Get("cache_time"))
			}
			var results []inlineResult
			if err := json.Unmarshal([]byte(c.Params.Get("results")), &results); err != nil {
				t.Fatalf("results %q: %v", c.Params.Get("results"), err)
			}
			if len(results) == 0 || len(results) > 5 && tt.ids == nil {
				t.Fatalf("%d results, want 1 to 5", len(results))
			}
			var ids []string
			for _, r := range results {
				ids = append(ids, r.ID)
				msg := r.InputMessageContent
				if r.Type != "article" || r.Title == "" || r.Description == "" || msg.ParseMode != "HTML" || !msg.DisableWebPagePreview {
					t.Errorf("result %+v is no complete HTML article", r)
				}
				if textLen(msg.MessageText) > maxMessageLen || !strings.Contains(msg.MessageText, "https://t.me/"+telegramfake.BotName) {
					t.Errorf("result %s: message of %d units without a link to the bot", r.ID, textLen(msg.MessageText))
				}
			}
			if tt.first != "" && ids[0] != tt.first {
				t.Errorf("results %v, want %s first", ids, tt.first)
			}
			if tt.ids != nil && !slices.Equal(ids, tt.ids) {
				t.Errorf("results %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestInlineResultCarriesDeepLinks(t *testing.T) {
	a, f, e := newTestAdapter(t)
	handle(t, a, fixture(t, "inline_query.json", fields{UpdateID: 1, Query: "entry-career-changer"}))
	var results []inlineResult
	json.Unmarshal([]byte(f.CallsTo("answerInlineQuery")[0].Params.Get("results")), &results)
	want := openEntry(t, e, "entry-career-changer", bot.German)
	msg := results[0].InputMessageContent.MessageText
	if !strings.HasPrefix(msg, "<b>"+want.Question+"</b>") {
		t.Errorf("message does not start with the entry's question in bold: %q", msg)
	}
	for _, s := range want.Suggestions {
		if link := `href="https://t.me/` + telegramfake.BotName + `?start=` + s.EntryID + `"`; !strings.Contains(msg, link) {
			t.Errorf("message lacks the deep link %s", link)
		}
	}
}
