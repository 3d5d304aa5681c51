package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
)

// alertEnvelope is a job alert notification in the inbox, beside the
// updates Telegram sends. The body holds the chat id until it is sent.
type alertEnvelope struct {
	Alert *bot.JobAlertNote `json:"careerbot_job_alert,omitempty"`
}

var (
	txtAlertUsage = text{"So geht's: /abo hamburg java – dann schicke ich dir jede neue passende Stelle. /abo zeigt deine Abos, /abo stop beendet sie.",
		"Usage: /subscribe hamburg java – then I send you every new matching posting. /subscribe lists your alerts, /subscribe stop ends them."}
	txtAlertNone     = text{"Du hast keine Job-Abos.", "You have no job alerts."}
	txtAlertList     = text{"Deine Job-Abos:", "Your job alerts:"}
	txtAlertStopHint = text{"Beenden: /abo stop (alle) oder /abo stop 1 (eins).", "To end them: /subscribe stop (all) or /subscribe stop 1 (one)."}
	txtAlertSaved    = text{"🔔 Abo gespeichert: %s. Jede neue passende Stelle schicke ich dir einmal. Gespeichert sind nur diese Chat-ID und die Filter, bis du das Abo beendest (/abo stop) oder /vergessen schickst.",
		"🔔 Alert saved: %s. I'll send you every new matching posting once. Only this chat's id and the filters are stored, until you end the alert (/subscribe stop) or send /forget."}
	txtAlertFilters = text{"Daraus kann ich keine Filter lesen. Nenn einen Ort, eine Technologie oder eine Art von Stelle, zum Beispiel /abo hamburg java oder /abo remote python.",
		"I can't read any filters from that. Name a place, a technology or a kind of position, for example /subscribe hamburg java or /subscribe remote python."}
	txtAlertTooMany = text{"Du hast schon %d Abos. Beende erst eins mit /abo stop 1.", "You have %d alerts already. End one first with /subscribe stop 1."}
	txtAlertStopped = text{"Abo beendet: %d. Gespeichert ist davon nichts mehr.", "Alerts ended: %d. Nothing of them is stored any more."}
	txtAlertNoSuch  = text{"Ein Abo mit dieser Nummer hast du nicht. /abo zeigt deine Abos.", "You have no alert with that number. /subscribe lists your alerts."}
	txtAlertNew     = text{"🔔 Neue Stelle für dein Abo %s:", "🔔 New posting for your alert %s:"}
)

// alertCommand handles /abo and /subscribe in a private chat: with filters
// it subscribes, alone it lists, with "stop" [N] it ends.
func (a *Adapter) alertCommand(ctx context.Context, m *tgbotapi.Message, args string, lang bot.Lang) {
	to, chat := destOf(m.Chat), strconv.FormatInt(m.Chat.ID, 10)
	al, log := a.cfg.JobAlerts, logFrom(ctx, a.log)
	reply := func(s string) { a.sendHTML(ctx, to, 0, html.EscapeString(s), nil) }
	failed := func(what string, err error) {
		log.Error(what+" failed", "err", err)
		reply(txtFailed.in(lang))
	}
	word, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	switch strings.ToLower(word) {
	case "":
		list, err := al.Alerts(ctx, platform, chat)
		if err != nil {
			failed("listing job alerts", err)
			return
		}
		if len(list) == 0 {
			reply(txtAlertNone.in(lang) + "\n\n" + txtAlertUsage.in(lang))
			return
		}
		var b strings.Builder
		b.WriteString(txtAlertList.in(lang))
		for i, x := range list {
			fmt.Fprintf(&b, "\n%d. %s", i+1, x.Filters[lang])
		}
		reply(b.String() + "\n\n" + txtAlertStopHint.in(lang))
	case "stop", "stopp", "ende", "end", "beenden", "cancel":
		n := 0
		if rest = strings.TrimSpace(rest); rest != "" {
			v, err := strconv.Atoi(rest)
			if err != nil || v < 1 {
				reply(txtAlertNoSuch.in(lang))
				return
			}
			n = v
		}
		ended, err := al.Unsubscribe(ctx, platform, chat, n)
		if err != nil {
			failed("ending job alerts", err)
			return
		}
		if ended == 0 && n > 0 {
			reply(txtAlertNoSuch.in(lang))
			return
		}
		log.Info("job alerts ended", "count", ended)
		reply(fmt.Sprintf(txtAlertStopped.in(lang), ended))
	default:
		x, err := al.Subscribe(ctx, platform, chat, a.pseudonym(m.From), args, lang)
		switch {
		case errors.Is(err, bot.ErrAlertFilters):
			reply(txtAlertFilters.in(lang))
		case errors.Is(err, bot.ErrTooManyAlerts):
			reply(fmt.Sprintf(txtAlertTooMany.in(lang), bot.MaxJobAlerts))
		case err != nil:
			failed("subscribing to job alerts", err)
		default:
			log.Info("job alert subscribed")
			reply(fmt.Sprintf(txtAlertSaved.in(lang), quote(x.Filters[lang], lang)))
		}
	}
}

// quote puts s in the language's quotation marks.
func quote(s string, lang bot.Lang) string { return lang.Pick("„"+s+"“", "“"+s+"”") }

// queueAlerts puts the notifications of new matching postings into the
// durable inbox (see delivery.Runtime.QueueJobAlerts).
func (a *Adapter) queueAlerts(ctx context.Context) error {
	return a.rt.QueueJobAlerts(ctx, a.cfg.JobAlerts, platform,
		func(chat string) string { return a.cfg.Pseudonyms.Pseudonym(platform+"-conversation", chat) },
		func(n *bot.JobAlertNote) ([]byte, error) { return json.Marshal(alertEnvelope{Alert: n}) })
}

// sendAlert sends one job alert notification: the posting as a card with
// its apply button.
func (a *Adapter) sendAlert(ctx context.Context, n *bot.JobAlertNote) {
	chatID, err := strconv.ParseInt(n.Chat, 10, 64)
	if err != nil {
		logFrom(ctx, a.log).Error("job alert with an unreadable chat", "alert", n.AlertID)
		return
	}
	lang := n.Lang
	if lang == "" {
		lang = bot.German
	}
	j := n.Job
	msg := html.EscapeString(fmt.Sprintf(txtAlertNew.in(lang), quote(n.Filters[lang], lang))) + "\n\n<b>" +
		html.EscapeString(j.Title) + "</b>\n" + html.EscapeString(bot.JobDetails(j, lang, " · "))
	var kb *tgbotapi.InlineKeyboardMarkup
	if j.URL != "" {
		msg += "\n" + link(j.URL, j.URL)
		k := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL(lang.Pick("Bewerben", "Apply"), j.URL)))
		kb = &k
	}
	logFrom(ctx, a.log).Info("job alert sent", "alert", n.AlertID, "posting", j.ID)
	a.sendHTML(ctx, dest{chatID: chatID}, 0, msg, kb)
}
