package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// App Home job alerts: a text input with a subscribe button, and the
// user's alerts each with a remove button.
const (
	blockAlertInput    = "careerbot.alert.input"
	actionAlertFilters = "careerbot.alert.filters"
	actionAlertAdd     = "careerbot.alert.add"
	actionAlertRemove  = "careerbot.alert.remove" // + "." + the alert's number
	workAlert          = "alert"                  // a job alert notification, sent by DM
)

// alertBlocks are the App Home's job alert section.
func (h home) alertBlocks() []slack.Block {
	lang := h.Lang
	blocks := []slack.Block{slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwnObj(lang.Pick(
		"*Job-Abos* – jede neue passende Stelle schicke ich dir einmal als Nachricht. Gespeichert werden nur die Filter und wohin die Nachricht geht, bis du das Abo entfernst.",
		"*Job alerts* – I send you every new matching posting once, by message. Only the filters and where to send them are stored, until you remove the alert.")), nil, nil)}
	var list []string
	var remove []slack.BlockElement
	for i, x := range h.Alerts {
		list = append(list, fmt.Sprintf("%d. %s", i+1, escape(x.Filters[lang])))
		remove = append(remove, slack.NewButtonBlockElement(actionAlertRemove+"."+strconv.Itoa(i+1), strconv.Itoa(i+1),
			plainObj(truncate(lang.Pick("Entfernen: ", "Remove: ")+strconv.Itoa(i+1)+". "+x.Filters[lang], maxButtonText))))
	}
	if len(list) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(strings.Join(list, "\n")), nil, nil),
			slack.NewActionBlock("careerbot.alert.list", remove...))
	}
	if h.AlertNotice != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(escape(h.AlertNotice)), nil, nil))
	}
	if len(h.Alerts) < bot.MaxJobAlerts {
		in := slack.NewPlainTextInputBlockElement(plainObj(lang.Pick("z. B. hamburg java oder remote python", "e.g. hamburg java or remote python")), actionAlertFilters)
		input := slack.NewInputBlock(blockAlertInput, plainObj(lang.Pick("Filter: Ort, Technologie, Art der Stelle", "Filters: place, technology, kind of position")), nil, in)
		input.Optional = true
		blocks = append(blocks, input, slack.NewActionBlock("careerbot.alert.actions",
			slack.NewButtonBlockElement(actionAlertAdd, string(lang), plainObj(lang.Pick("Abonnieren", "Subscribe"))).WithStyle(slack.StylePrimary)))
	}
	return blocks
}

// onAlertAction subscribes or removes an alert from the App Home and
// shows the home again with the outcome.
func (a *Adapter) onAlertAction(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) {
	team, user := interactionTeam(cb), cb.User.ID
	lang := cmpOr(a.userLang(ctx, team, user), bot.German)
	chat, al := rawUser(team, user), a.cfg.JobAlerts
	var notice string
	switch {
	case act.ActionID == actionAlertAdd:
		var text string
		if st := cb.View.State; st != nil {
			text = st.Values[blockAlertInput][actionAlertFilters].Value
		}
		x, err := al.Subscribe(ctx, platform, chat, a.pseudonym(team, user), text, lang)
		switch {
		case errors.Is(err, bot.ErrAlertFilters):
			notice = lang.Pick("Daraus kann ich keine Filter lesen. Nenn einen Ort, eine Technologie oder eine Art von Stelle, z. B. hamburg java oder remote python.",
				"I can't read any filters from that. Name a place, a technology or a kind of position, e.g. hamburg java or remote python.")
		case errors.Is(err, bot.ErrTooManyAlerts):
			notice = fmt.Sprintf(lang.Pick("Du hast schon %d Abos. Entferne erst eins.", "You have %d alerts already. Remove one first."), bot.MaxJobAlerts)
		case err != nil:
			a.log.Error("subscribing to job alerts failed", "err", err)
			notice = sorry(lang)
		default:
			a.log.Info("job alert subscribed")
			notice = "🔔 " + lang.Pick("Abo gespeichert: ", "Alert saved: ") + x.Filters[lang]
		}
	case strings.HasPrefix(act.ActionID, actionAlertRemove):
		n, err := strconv.Atoi(act.Value)
		if err != nil || n < 1 {
			return
		}
		if _, err := al.Unsubscribe(ctx, platform, chat, n); err != nil {
			a.log.Error("ending a job alert failed", "err", err)
			notice = sorry(lang)
		} else {
			a.log.Info("job alerts ended", "count", 1)
			notice = lang.Pick("Abo entfernt.", "Alert removed.")
		}
	}
	a.publishHomeWith(ctx, team, user, lang, "", notice)
}

// queueAlerts puts the notifications of new matching postings into the
// durable inbox (see delivery.Runtime.QueueJobAlerts).
func (a *Adapter) queueAlerts(ctx context.Context) error {
	return a.rt.QueueJobAlerts(ctx, a.cfg.JobAlerts, platform,
		func(chat string) string { return a.cfg.Pseudonyms.Pseudonym(platform+"-conversation", chat) },
		func(n *bot.JobAlertNote) ([]byte, error) { return json.Marshal(work{Kind: workAlert, Alert: n}) })
}

// sendAlert sends one notification by DM: the posting as a job card.
func (a *Adapter) sendAlert(ctx context.Context, n *bot.JobAlertNote) {
	_, user, ok := strings.Cut(n.Chat, ":")
	if !ok || user == "" {
		a.log.Error("job alert with an unreadable address", "alert", n.AlertID)
		return
	}
	lang := cmpOr(n.Lang, bot.German)
	intro := fmt.Sprintf(lang.Pick("🔔 Neue Stelle für dein Abo „%s“:", "🔔 New posting for your alert “%s”:"), n.Filters[lang])
	r := bot.Reply{Kind: bot.KindJobs, Lang: lang, Jobs: []bot.Job{n.Job}}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwnObj(escape(intro)), nil, nil)}
	cards, _ := jobCards(r)
	blocks = append(blocks, cards...)
	if _, err := a.out.post(ctx, user, "", message{Text: intro + " " + n.Job.Title, Blocks: blocks}); err == nil {
		a.log.Info("job alert sent", "alert", n.AlertID, "posting", n.Job.ID)
	}
}
