package bot

// MaxQuestionRunes caps how much of a message the engine reads. Longer
// messages are cut, not refused: a pasted CV still gets an answer.
const MaxQuestionRunes = 1000

// Request is one question from a person, as an adapter received it.
type Request struct {
	// Text is the message as typed; it may be empty, huge or broken UTF-8.
	Text string
	// Lang forces the reply language when set (a /lang command, --lang).
	Lang Lang
	// Locale is the user's platform locale ("de-DE"), used only as the
	// tie-breaker when a message is too short to tell its language.
	Locale string
	// Conversation identifies a chat or thread. The engine remembers per
	// conversation its language, the form of address, the entries answered
	// and the last menu, so that follow-ups ("und ohne Studium?", "mehr",
	// "2") are read in context. It is held in memory only, for at most
	// ConversationIdle after the last message.
	Conversation string
	// Platform names the adapter ("slack", "telegram", "console", "api").
	// Questions with a platform are logged when the engine has a Journal.
	Platform string
	// User is the asker's pseudonym (Pseudonymizer), never a raw platform
	// id: it keys the rate limit, the A/B assignment and the question log.
	User string
}

// Kind says what sort of reply the engine produced.
type Kind string

// The kinds of reply.
const (
	KindAnswer   Kind = "answer"   // a knowledge-base entry answers the question
	KindClarify  Kind = "clarify"  // "did you mean …?" with the best candidates
	KindFallback Kind = "fallback" // the bot does not know; suggestions and contact
	KindGreeting Kind = "greeting" // hello
	KindThanks   Kind = "thanks"   // thank you
	KindAck      Kind = "ack"      // ok, alles klar, got it
	KindGoodbye  Kind = "goodbye"  // bye, tschüss
	KindIdentity Kind = "identity" // are you a human or a bot?
	KindAbout    Kind = "about"    // who made you?
	KindHelp     Kind = "help"     // what can you do, the topic menu
	KindEmpty    Kind = "empty"    // nothing readable was sent
	KindLimited  Kind = "limited"  // too many questions: one friendly notice
	KindSilent   Kind = "silent"   // still over the limit: adapters send nothing
)

// Suggestion is a follow-up question an adapter can offer as a button.
type Suggestion struct {
	EntryID  string `json:"entry_id"`
	Question string `json:"question"`
}

// Reply is what the bot says, as data. Adapters render it in their
// platform's idiom: Block Kit, inline keyboards, numbered lines.
type Reply struct {
	Kind Kind
	// Question is the cleaned question the reply answers: what the person
	// asked, or the entry's own question when an entry was opened directly.
	Question string
	// Title is the answered entry's own question in the reply's language,
	// for headings and previews; "" for replies that are not answers.
	Title string
	Lang  Lang
	// EntryID and Topic name the knowledge-base entry for an answer.
	EntryID string
	Topic   string
	// Confidence in [0,1] that EntryID (or the best candidate) fits.
	Confidence float64
	// Text is plain text with light markup: paragraphs separated by a blank
	// line, lines starting with "- " as bullets, **double asterisks** for
	// bold; a single asterisk is literal (Entwickler*innen).
	// Render it with a Renderer.
	Text string
	// Variant is the answer variant shown ("A" or "B") when the entry is
	// being A/B tested, else "".
	Variant string
	// Suggestions are follow-ups (after an answer), candidates (clarify,
	// fallback) or the topic menu (greeting, help).
	Suggestions []Suggestion
	// Jobs are the open positions a KindJobs reply shows, best first; empty
	// when none fit. Text lists them too, for adapters without cards.
	Jobs []Job
	// jobQuery is the search behind a KindJobs reply, for "mehr".
	jobQuery JobQuery
}

// Smalltalk reports whether the reply answers small talk: a greeting,
// thanks, an acknowledgement, a goodbye, a question about the bot itself
// or a request for help.
func (r Reply) Smalltalk() bool {
	switch r.Kind {
	case KindGreeting, KindThanks, KindAck, KindGoodbye, KindIdentity, KindAbout, KindHelp:
		return true
	}
	return false
}

// Answered reports whether the reply answers the question from the
// knowledge base. "Did you mean" and "I don't know" are not answers.
func (r Reply) Answered() bool { return r.Kind == KindAnswer }
