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
	{KindHelp, "optionen"}, {KindHelp, "options"}, {KindHelp, "was können sie"},
	{KindHelp, "what do you do"}, {KindHelp, "was machst du"}, {KindHelp, "what can i ask"},
	{KindHelp, "was kann ich fragen"}, {KindHelp, "wobei hilfst du"},
	{KindThanks, "vielen dank"}, {KindThanks, "danke schön"}, {KindThanks, "dankeschön"},
	{KindThanks, "danke"}, {KindThanks, "thank you"}, {KindThanks, "thanks"}, {KindThanks, "thx"},
	{KindThanks, "merci"}, {KindThanks, "cheers"}, {KindThanks, "ty"}, {KindThanks, "dank"},
	{KindThanks, "hilfreich"}, {KindThanks, "helpful"}, {KindThanks, "das hilft"}, {KindThanks, "that helps"},
	{KindThanks, "herzlichen dank"}, {KindThanks, "besten dank"},
	{KindGoodbye, "bye"}, {KindGoodbye, "bye bye"}, {KindGoodbye, "byebye"}, {KindGoodbye, "goodbye"},
	{KindGoodbye, "good bye"}, {KindGoodbye, "tschüss"}, {KindGoodbye, "tschüs"}, {KindGoodbye, "tschuess"},
	{KindGoodbye, "tschues"}, {KindGoodbye, "ciao"}, {KindGoodbye, "tschau"}, {KindGoodbye, "bis dann"},
	{KindGoodbye, "bis später"}, {KindGoodbye, "bis spaeter"}, {KindGoodbye, "bis bald"},
	{KindGoodbye, "bis morgen"}, {KindGoodbye, "auf wiedersehen"}, {KindGoodbye, "wiedersehen"},
	{KindGoodbye, "see you"}, {KindGoodbye, "see ya"}, {KindGoodbye, "cya"}, {KindGoodbye, "take care"},
	{KindGoodbye, "have a nice day"}, {KindGoodbye, "have a good day"}, {KindGoodbye, "schönen tag"},
	{KindGoodbye, "schoenen tag"}, {KindGoodbye, "mach s gut"}, {KindGoodbye, "machs gut"},
	{KindGoodbye, "macht s gut"}, {KindGoodbye, "gute nacht"}, {KindGoodbye, "good night"},
	{KindGoodbye, "ade"}, {KindGoodbye, "adieu"}, {KindGoodbye, "farewell"}, {KindGoodbye, "later"},
	{KindGreeting, "guten morgen"}, {KindGreeting, "guten tag"}, {KindGreeting, "guten abend"},
	{KindGreeting, "good morning"}, {KindGreeting, "good afternoon"}, {KindGreeting, "good evening"},
	{KindGreeting, "grüß gott"}, {KindGreeting, "grüezi"}, {KindGreeting, "hallo"},
	{KindGreeting, "hello"}, {KindGreeting, "hey"}, {KindGreeting, "hi"}, {KindGreeting, "moin"},
	{KindGreeting, "servus"}, {KindGreeting, "huhu"}, {KindGreeting, "howdy"}, {KindGreeting, "yo"},
	{KindGreeting, "hallöchen"}, {KindGreeting, "na"},
	{KindAck, "ok"}, {KindAck, "okay"}, {KindAck, "oki"}, {KindAck, "okey"}, {KindAck, "k"}, {KindAck, "kk"},
	{KindAck, "alles klar"}, {KindAck, "klar"}, {KindAck, "passt"}, {KindAck, "verstehe"},
	{KindAck, "verstanden"}, {KindAck, "cool"}, {KindAck, "super"}, {KindAck, "toll"}, {KindAck, "great"},
	{KindAck, "perfekt"}, {KindAck, "perfect"}, {KindAck, "prima"}, {KindAck, "nice"}, {KindAck, "alright"},
	{KindAck, "all right"}, {KindAck, "got it"}, {KindAck, "i see"}, {KindAck, "understood"},
	{KindAck, "makes sense"}, {KindAck, "sounds good"}, {KindAck, "klingt gut"}, {KindAck, "ach so"},
	{KindAck, "achso"}, {KindAck, "aha"}, {KindAck, "gut"}, {KindAck, "fine"}, {KindAck, "good"},
	{KindAck, "interessant"}, {KindAck, "interesting"}, {KindAck, "spannend"}, {KindAck, "wow"},
	{KindAck, "gut zu wissen"}, {KindAck, "good to know"}, {KindAck, "ja"}, {KindAck, "yes"},
	{KindAck, "yep"}, {KindAck, "yeah"}, {KindAck, "jo"}, {KindAck, "nein"}, {KindAck, "no"},
	{KindAck, "nope"}, {KindAck, "top"}, {KindAck, "genau"}, {KindAck, "stimmt"}, {KindAck, "in ordnung"},
	{KindAck, "sure"}, {KindAck, "awesome"}, {KindAck, "haha"}, {KindAck, "hehe"}, {KindAck, "hihi"},
	{KindAck, "lol"}, {KindAck, "xd"}, {KindAck, "schön"}, {KindAck, "fein"}, {KindAck, "logisch"},
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
	lieber liebe liebes dear there all alle leute zusammen team mal noch einmal again
	bitte please für für for the den die das mir me nochmal erstmal first und and auch also
	dann then echt wirklich really voll total mega that this it was is ist war oh ah hm hmm na
	ihr your deine ihre antwort antworten answer answers info infos information schon now jetzt
	auskunft hilfe eigentlich actually denn überhaupt ueberhaupt again wieder
	nett freundlich kind`)

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
		case used[i] == KindHelp, used[i] == KindAck && substantive > 0:
			// "can you help me find a job" and "is Python good?" are
			// questions: their words stay; "ok, und …" loses its "ok".
			left = append(left, w)
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
	if k := aboutTheBot(words); k != "" {
		return k, ""
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
	case KindAck:
		return 1
	case KindGreeting:
		return 2
	case KindThanks:
		return 3
	case KindGoodbye:
		return 4
	case KindHelp:
		return 5
	}
	return 0
}

// Words of questions about the bot itself, as bits of one map so that a
// message is read with one look-up per word.
const (
	identityWord = 1 << iota // mensch, bot, real
	botWord                  // bot, ki, assistant
	pronounWord              // du, you, spreche
	thisWord                 // das, this
	whoWord                  // wer, who
	makeWord                 // gebaut, made
	sourceWord               // woher, where
	infoWord                 // infos, answers
)

var aboutWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for bit, list := range map[uint8]string{
		identityWord: `mensch menschen human person bot chatbot roboter robot ki ai maschine machine computer echt
			echter echte real programm automat automatisch automated künstliche artificial`,
		botWord:     `bot chatbot careerbot ki ai roboter robot mensch human assistent assistant`,
		pronounWord: `du dich dir you u sie ihnen spreche rede schreibe chatte talking speaking chatting writing`,
		thisWord:    `this das hier here`,
		whoWord:     `wer who wem whom`,
		makeWord: `gemacht gebaut programmiert entwickelt erstellt erschaffen geschrieben betreibt betrieben
			steckt made built created developed programmed wrote runs behind owns hinter`,
		sourceWord: `woher where`,
		infoWord:   `infos informationen information antworten answers wissen knowledge daten data`,
	} {
		for _, w := range strings.Fields(list) {
			m[w] |= bit
		}
	}
	return m
}()

// aboutTheBot tells the short questions about the bot itself: "bist du
// ein Mensch?" (KindIdentity), "wer hat dich gebaut?", "woher hast du
// deine Infos?" (KindAbout); "" for anything else.
func aboutTheBot(words []string) Kind {
	if len(words) > 10 {
		return ""
	}
	var has uint8
	for _, w := range words {
		has |= aboutWords[w]
	}
	is := func(bits uint8) bool { return has&bits == bits }
	switch {
	case is(whoWord|makeWord) && has&(pronounWord|botWord) != 0, is(sourceWord | infoWord | pronounWord):
		return KindAbout
	case is(identityWord | pronounWord), is(botWord | thisWord):
		return KindIdentity
	}
	return ""
}
