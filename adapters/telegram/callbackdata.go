package telegram

import (
	"encoding/base64"
	"math/big"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// maxCallbackData is Telegram's limit on a button's callback_data, in bytes.
const maxCallbackData = 64

// action is what a button does; it is the first byte of its callback_data.
type action byte

const (
	actOpen     action = 'o' // open an entry: follow-up, topic, candidate
	actHelpful  action = 'u' // 👍 on an entry
	actUnhelped action = 'n' // 👎 on an entry
	actLang     action = 'l' // set the chat's language (the lang byte)
	actPost     action = 'p' // post a channel preview (payload: token)
	actCancel   action = 'x' // drop a channel preview (payload: token)
	actHandoff  action = 'h' // a hand-off button (payload: y, n or r)
)

// callbackData is a decoded button press.
type callbackData struct {
	act     action
	lang    bot.Lang
	payload string // an entry id or a preview token
}

// The callback_data format is <action><lang><payload>: "oeskills-languages"
// opens skills-languages in English. Entry ids are at most 64 characters of
// [a-z0-9_-], so an id longer than 62 bytes does not fit as it is; it is
// packed instead: "~" and the id read as a base-39 number in base64url,
// which takes at most 59 bytes. Both forms need no server-side state, so
// buttons keep working across restarts.
const (
	packMark     = '~'
	packAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-"
)

var packBase = big.NewInt(int64(len(packAlphabet) + 1))

// encodeCallback returns the callback_data for a button, or "" when the
// payload cannot be encoded within 64 bytes.
func encodeCallback(act action, lang bot.Lang, payload string) string {
	head := string([]byte{byte(act), langByte(lang)})
	if payload == "" {
		return head
	}
	if len(head)+len(payload) <= maxCallbackData && payload[0] != packMark {
		return head + payload
	}
	packed, ok := pack(payload)
	if !ok || len(head)+len(packed) > maxCallbackData {
		return ""
	}
	return head + packed
}

// decodeCallback reads callback_data; ok is false for anything this
// version did not write: unknown actions, data over Telegram's 64 bytes,
// payloads with characters an entry id or a preview token cannot have
// (control characters, markup). Whether the entry exists is checked where
// it is used.
func decodeCallback(data string) (callbackData, bool) {
	if len(data) < 2 || len(data) > maxCallbackData {
		return callbackData{}, false
	}
	var lang bot.Lang
	switch data[1] {
	case 'd':
		lang = bot.German
	case 'e':
		lang = bot.English
	default:
		return callbackData{}, false
	}
	c := callbackData{act: action(data[0]), lang: lang, payload: data[2:]}
	switch c.act {
	case actOpen, actHelpful, actUnhelped, actLang, actPost, actCancel, actHandoff:
	default:
		return callbackData{}, false
	}
	if strings.HasPrefix(c.payload, string(packMark)) {
		id, ok := unpack(c.payload)
		if !ok {
			return callbackData{}, false
		}
		c.payload = id
	}
	switch c.act {
	case actOpen, actHelpful, actUnhelped:
		if !validEntryID(c.payload) {
			return callbackData{}, false
		}
	case actPost, actCancel:
		if !validPayload(c.payload) {
			return callbackData{}, false
		}
	case actLang:
		if c.payload != "" {
			return callbackData{}, false
		}
	}
	return c, true
}

// validEntryID reports whether s can be an entry id: 1–64 characters of
// a-z, 0-9, _ and -.
func validEntryID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(packAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

func langByte(l bot.Lang) byte {
	if l == bot.English {
		return 'e'
	}
	return 'd'
}

// pack reads id as a number whose digits are 1..38 (so that no leading
// digit is lost) and writes it in base64url after the mark.
func pack(id string) (string, bool) {
	n := new(big.Int)
	for i := 0; i < len(id); i++ {
		d := strings.IndexByte(packAlphabet, id[i])
		if d < 0 {
			return "", false
		}
		n.Mul(n, packBase)
		n.Add(n, big.NewInt(int64(d+1)))
	}
	return string(packMark) + base64.RawURLEncoding.EncodeToString(n.Bytes()), true
}

func unpack(s string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s[1:])
	if err != nil || len(b) == 0 {
		return "", false
	}
	n := new(big.Int).SetBytes(b)
	var rev []byte
	d := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, packBase, d)
		if d.Sign() == 0 || len(rev) == maxCallbackData {
			return "", false
		}
		rev = append(rev, packAlphabet[d.Int64()-1])
	}
	if len(rev) == 0 {
		return "", false
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return string(rev), true
}
