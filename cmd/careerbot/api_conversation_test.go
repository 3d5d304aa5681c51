package main

import (
	"net/http"
	"testing"
)

// TestAPIConversation checks that requests with the same "conversation"
// are one conversation: "mehr" goes on from the previous answer.
func TestAPIConversation(t *testing.T) {
	base, _ := newTestAPI(t)
	ask := func(req map[string]any) askAnswer {
		t.Helper()
		status, body := call(t, http.MethodPost, base+"/v1/ask", "application/json", askBody(t, req))
		if status != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", status, body)
		}
		return decodeAnswer(t, body)
	}
	first := ask(map[string]any{"question": "Welche Programmiersprachen brauche ich?", "conversation": "c1"})
	more := ask(map[string]any{"question": "mehr", "conversation": "c1"})
	if !first.Answered || !more.Answered || more.EntryID == first.EntryID {
		t.Errorf("\"mehr\" in the conversation: entry %q after %q, want another entry", more.EntryID, first.EntryID)
	}
	if other := ask(map[string]any{"question": "mehr", "conversation": "c2"}); other.Answered {
		t.Errorf("\"mehr\" in a new conversation was answered from %s", other.EntryID)
	}
}
