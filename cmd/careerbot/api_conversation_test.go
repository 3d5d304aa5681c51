package main

import (
	"net/http"
	"testing"
)

// TestAPIConversationFollowUp checks that requests with the same
// "conversation" are one conversation: "mehr" goes on from the previous
// answer, and means nothing in a new conversation.
func TestAPIConversationFollowUp(t *testing.T) {
	api := newTestAPI(t, apiLimits{})
	ask := func(q, conversation string) askAnswer {
		t.Helper()
		status, body := askCall(t, api.base, api.token, askBody(t, map[string]string{"question": q, "conversation": conversation}))
		if status != http.StatusOK {
			t.Fatalf("%q in %q: %d %s", q, conversation, status, body)
		}
		return decodeAnswer(t, body)
	}
	first := ask("Welche Programmiersprachen brauche ich?", "c1")
	more := ask("mehr", "c1")
	if !first.Answered || !more.Answered || more.EntryID == first.EntryID {
		t.Errorf("\"mehr\" in the conversation: entry %q after %q, want another entry", more.EntryID, first.EntryID)
	}
	if other := ask("mehr", "c2"); other.Answered {
		t.Errorf("\"mehr\" in a new conversation was answered from %s", other.EntryID)
	}
}
