package telegram

import (
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// addressed reports whether a group message is meant for the bot: it
// mentions the bot (@name in the text or a text_mention of the bot) or
// replies to one of its messages. q is the question without the mention.
func (a *Adapter) addressed(m *tgbotapi.Message, text string) (q string, ok bool) {
	me := a.self.Load()
	if me == nil {
		return "", false
	}
	entities := m.Entities
	if m.Text == "" {
		entities = m.CaptionEntities
	}
	for _, e := range entities {
		if e.Type == "text_mention" && e.User != nil && e.User.ID == me.ID {
			if s, ok := utf16Slice(text, e.Offset, e.Length); ok {
				return cleanQuestion(strings.Replace(text, s, " ", 1)), true
			}
			return text, true
		}
	}
	if me.UserName != "" {
		if rest, found := removeMention(text, "@"+me.UserName); found {
			return cleanQuestion(rest), true
		}
	}
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == me.ID {
		return text, true
	}
	return "", false
}

// removeMention removes every whole-word, case-insensitive occurrence of
// mention from text. Usernames are ASCII, so byte offsets are safe.
func removeMention(text, mention string) (string, bool) {
	var b strings.Builder
	found := false
	for i := 0; i < len(text); {
		end := i + len(mention)
		if end <= len(text) && strings.EqualFold(text[i:end], mention) &&
			(end == len(text) || !isNameByte(text[end])) && (i == 0 || !isNameByte(text[i-1])) {
			b.WriteByte(' ')
			i, found = end, true
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String(), found
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// cleanQuestion trims what is left around a removed mention
// ("@bot, wie viel verdient man?").
func cleanQuestion(s string) string {
	return strings.Trim(strings.Join(strings.Fields(s), " "), " ,:;-–")
}

// utf16Slice cuts text at an entity's offset and length, which Telegram
// counts in UTF-16 code units; ok is false when they are out of range.
func utf16Slice(text string, offset, length int) (string, bool) {
	u := utf16.Encode([]rune(text))
	if offset < 0 || length <= 0 || offset+length > len(u) {
		return "", false
	}
	return string(utf16.Decode(u[offset : offset+length])), true
}
