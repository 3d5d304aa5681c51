package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Form is the German form of address: "du" or the formal "Sie". English
// replies do not change with it.
type Form string

// The forms of address.
const (
	FormDu  Form = "du"
	FormSie Form = "sie"
)

// ParseForm reads "du" or "sie" in any case; "" yields "" and no error.
func ParseForm(s string) (Form, error) {
	switch f := Form(strings.ToLower(strings.TrimSpace(s))); f {
	case "", FormDu, FormSie:
		return f, nil
	}
	return "", fmt.Errorf("unknown form of address %q: use du or sie", s)
}

// formalWords are the formal pronouns, which count only capitalised and
// mid-sentence: "Können Sie …" is formal, "Sie arbeiten remote" is "they".
var formalWords = wordSet(`sie ihnen ihr ihre ihrem ihren ihrer ihres`)

// formalPhrases are formal in any case.
var formalPhrases = []string{"guten tag", "sehr geehrte", "könnten sie", "koennten sie", "würden sie",
	"wuerden sie", "können sie mir", "koennen sie mir", "mit freundlichen grüßen", "mit freundlichen gruessen",
	"darf ich sie", "ich möchte sie"}

// informalWords are the words of a person who says "du".
var informalWords = wordSet(`du dir dich dein deine deinen deinem deiner kannst hast weißt weisst bist
	sag erklär erklaer`)

// formOf tells the form of address a German message uses, given the
// conversation's so far: formal cues make it "Sie", "du" words make it
// "du", and a message with neither keeps what the conversation had.
func formOf(text, lower string, had Form) Form {
	for _, p := range formalPhrases {
		if strings.Contains(lower, p) {
			return FormSie
		}
	}
	initial := true
	informal := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			if strings.ContainsRune(".!?:\n", r) {
				initial = true
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += s2
		}
		w := text[i:j]
		lw := strings.ToLower(w)
		if !initial && unicode.IsUpper(r) && formalWords[lw] {
			return FormSie
		}
		if informalWords[lw] {
			informal = true
		}
		initial = false
		i = j
	}
	if informal {
		return FormDu
	}
	return had
}
