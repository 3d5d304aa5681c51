package bot

import "context"

// Entry is one question-and-answer unit of the knowledge base.
type Entry struct {
	ID      string
	Topic   string
	Related []string
	Texts   map[Lang]EntryText
}

// EntryText is an entry's content in one language.
type EntryText struct {
	Questions []string
	Answer    string
	// Variant is an alternative answer under A/B test, or "".
	Variant string
	// AnswerSie and VariantSie are the German answers in the formal
	// register ("Sie"), for people who write formally; "" where the text
	// does not address the reader or in English.
	AnswerSie  string
	VariantSie string
}

// Question returns the entry's first question in l, falling back to the
// other language, then to the id.
func (e Entry) Question(l Lang) string {
	if t, ok := e.Texts[l]; ok && len(t.Questions) > 0 {
		return t.Questions[0]
	}
	for _, t := range e.Texts {
		if len(t.Questions) > 0 {
			return t.Questions[0]
		}
	}
	return e.ID
}

// Topic groups entries for the menu; Lead is the entry a menu button opens.
type Topic struct {
	ID    string
	Title string
	Lead  string
}

// Match is a search hit with its confidence in [0,1].
type Match struct {
	EntryID    string
	Confidence float64
}

// Knowledge is the read side of the knowledge base the engine answers from.
// Implementations must be safe for concurrent use and must treat the text as
// untrusted: Search never fails because of what the text contains.
type Knowledge interface {
	// Search returns the best matches for text in lang, best first.
	Search(ctx context.Context, text string, lang Lang, limit int) ([]Match, error)
	// Entry returns one entry or ErrNotFound.
	Entry(ctx context.Context, id string) (Entry, error)
	// Topics lists the topics in menu order, titled in lang. The slice may
	// be shared with other callers: read it, do not change it.
	Topics(ctx context.Context, lang Lang) ([]Topic, error)
}

// LanguageGuesser is a Knowledge that can tell a short message's language
// from its own vocabulary ("databases" is in the English texts only). The
// engine asks it when DetectLang is unsure and the conversation has no
// language yet.
type LanguageGuesser interface {
	Language(text string) (lang Lang, sure bool)
}
