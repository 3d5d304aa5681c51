package bot

import (
	"strings"
	"unicode"
)

// Smalltalk phrases, matched on whole lowercased words. A message that is
// nothing but these (and filler) gets a built-in reply; a greeting in front
// of a real question is dropped before the question is searched.
var smalltalkPhrases = []struct {
	kind  Kind
	words string
}{
	{KindHelp, "was kannst du"}, {KindHelp, "what can you do"}, {KindHelp, "wer bist du"},
	{KindHelp, "who are you"}, {KindHelp, "what are you"}, {KindHelp, "was bist du"},
	{KindHelp, "wie funktioniert das"}, {KindHelp, "how does this work"}, {KindHelp, "was weißt du"},
	{KindHelp, "what do you know"}, {KindHelp, "hilfe"}, {KindHelp, "help"}, {KindHelp, "menü"},
	{KindHelp, "menu"}, {KindHelp, "themen"}, {KindHelp, "topics"}, {KindHelp, "start"},
	{KindHelp, "optionen"}, {KindHelp, "options"},
	{KindThanks, "vielen dank"}, {KindThanks, "danke schön"}, {KindThanks, "dankeschön"},
	{KindThanks, "danke"}, {KindThanks, "thank you"}, {KindThanks, "thanks"}, {KindThanks, "thx"},
	{KindThanks, "merci"}, {KindThanks, "cheers"}, {KindThanks, "ty"},
	{KindGreeting, "guten morgen"}, {KindGreeting, "guten tag"}, {KindGreeting, "guten abend"},
	{KindGreeting, "good morning"}, {KindGreeting, "good afternoon"}, {KindGreeting, "good evening"},
	{KindGreeting, "grüß gott"}, {KindGreeting, "grüezi"}, {KindGreeting, "hallo"},
	{KindGreeting, "hello"}, {KindGreeting, "hey"}, {KindGreeting, "hi"}, {KindGreeting, "moin"},
	{KindGreeting, "servus"}, {KindGreeting, "huhu"}, {KindGreeting, "howdy"}, {KindGreeting, "yo"},
	{KindGreeting, "hallöchen"}, {KindGreeting, "na"},
}

type smalltalkPhrase struct {
	kind  Kind
	words []string
}

// smalltalkByFirst indexes the phrases by their first word, in list order.
var smalltalkByFirst = func() map[string][]smalltalkPhrase {
	m := map[string][]smalltalkPhrase{}
	for _, p := range smalltalkPhrases {
		w := strings.Fields(p.words)
		m[w[0]] = append(m[w[0]], smalltalkPhrase{kind: p.kind, words: w})
	}
	return m
}()

// filler words may surround smalltalk without making it a question.
var smalltalkFiller = wordSet(`du dir dich sie ihnen euch bot careerbot you so much very sehr a lot
	lieber liebe liebes dear there all alle leute zusammen team mal noch einmal again super toll great ok okay
	bitte please für for the den die das mir me ja yes nochmal erstmal first und and auch also`)

// smalltalk classifies text. kind is "" when the text holds a real question;
// rest is then the text with any smalltalk words removed.
func smalltalk(text string) (kind Kind, rest string) {
	return smalltalkLower(text, strings.ToLower(text))
}

// smalltalkLower is smalltalk for a text and its lower-case form.
func smalltalkLower(text, lower string) (kind Kind, rest string) {
	if strings.Count(text, " ") >= maxSmalltalkWords {
		// A long message is a question even if it starts with "Hallo";
		// greetings are stop words to the search anyway.
		return "", text
	}
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != 'ß'
	})
	used := make([]Kind, len(words))
	for i := range words {
		for _, p := range smalltalkByFirst[words[i]] {
			if i+len(p.words) > len(words) || !matchAt(words, used, i, p.words) {
				continue
			}
			for j := range p.words {
				used[i+j] = p.kind
			}
			if smalltalkRank(p.kind) > smalltalkRank(kind) {
				kind = p.kind
			}
			break
		}
	}
	var left []string
	substantive := 0
	for i, w := range words {
		switch {
		case used[i] == KindHelp:
			left = append(left, w) // "can you help me find a job" is a question
		case used[i] != "":
		case smalltalkFiller[w]:
			left = append(left, w)
		default:
			left = append(left, w)
			substantive++
		}
	}
	if kind != "" && substantive == 0 {
		return kind, ""
	}
	if kind == "" {
		return "", text
	}
	return "", strings.Join(left, " ")
}

func matchAt(words []string, used []Kind, i int, phrase []string) bool {
	for j, w := range phrase {
		if used[i+j] != "" || words[i+j] != w {
			return false
		}
	}
	return true
}

// maxSmalltalkWords is the length from which a message is always treated
// as a question.
const maxSmalltalkWords = 10

// smalltalkRank orders the kinds when a message mixes them: "Hallo, danke"
// is thanks, "Hallo, was kannst du?" is help.
func smalltalkRank(k Kind) int {
	switch k {
	case KindGreeting:
		return 1
	case KindThanks:
		return 2
	case KindHelp:
		return 3
	}
	return 0
}
