package slack

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// buttonsPerRow keeps the App Home's topic buttons readable.
const buttonsPerRow = 5

// publishHome shows the App Home tab in the user's language.
func (a *Adapter) publishHome(ctx context.Context, team, user string) {
	a.publishHomeIn(ctx, team, user, cmpOr(a.userLang(ctx, team, user), bot.German), "")
}

// publishHomeIn shows the App Home tab in lang: what the bot answers, its
// topics, how to ask it, and what it stores with a button to delete it.
// notice, when set, is shown above that button: the deletion's outcome.
func (a *Adapter) publishHomeIn(ctx context.Context, team, user string, lang bot.Lang, notice string) {
	a.publishHomeWith(ctx, team, user, lang, notice, "")
}

// publishHomeWith is publishHomeIn with alertNotice, the outcome of a job
// alert action, shown in the job alert section.
func (a *Adapter) publishHomeWith(ctx context.Context, team, user string, lang bot.Lang, notice, alertNotice string) {
	topics, err := a.cfg.Answerer.Topics(ctx, lang)
	if err != nil {
		a.log.Error("cannot list topics for the app home", "err", err)
	}
	h := home{Lang: lang, Name: "careerbot", Command: a.cfg.Command, Topics: topics, Notice: notice, AlertNotice: alertNotice}
	if a.cfg.JobAlerts != nil {
		h.AlertsOn = true
		if h.Alerts, err = a.cfg.JobAlerts.Alerts(ctx, platform, rawUser(team, user)); err != nil {
			a.log.Error("cannot list job alerts for the app home", "err", err)
		}
	}
	if self := a.self.Load(); self != nil && self.Name != "" {
		h.Name = self.Name
	}
	h.Privacy = a.cfg.Operator.Privacy(lang, lang.Pick(
		"`"+a.forgetCommand(lang)+"` oder dem Button unten",
		"`"+a.forgetCommand(lang)+"` or the button below"))
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: h.blocks()}}
	if err := a.out.publishHome(ctx, user, view); err == nil {
		a.log.Info("slack app home published", "lang", lang, "topics", len(topics), "notice", notice != "")
	}
}

// home is what the App Home tab shows.
type home struct {
	Lang          bot.Lang
	Name, Command string
	Topics        []bot.Topic
	// Privacy is the Operator's privacy notice, in the knowledge base's
	// markup; Notice confirms a deletion.
	Privacy, Notice string
	// AlertsOn shows the job alert section with Alerts, the user's
	// alerts, and AlertNotice, the outcome of the last alert action.
	AlertsOn    bool
	Alerts      []bot.JobAlert
	AlertNotice string
}

func (h home) blocks() []slack.Block {
	lang, name, cmd := h.Lang, h.Name, escape(h.Command)
	blocks := []slack.Block{
		slack.NewHeaderBlock(plainObj(truncate(lang.Pick(
			"Karriere-Fragen zum Beruf Backend-Entwickler*in",
			"Career questions about backend development"), maxHeaderText))),
		slack.NewSectionBlock(mrkdwnObj(lang.Pick(
			"Ich beantworte Fragen rund um den Beruf Backend-Entwickler*in: was man dort tut, wie man hineinkommt (auch als Quereinsteiger*in), welche Sprachen und Skills zählen, Gehalt, Freelancing und Perspektiven. Ich antworte in der Sprache deiner Frage, auf Deutsch oder Englisch.",
			"I answer questions about working as a *backend developer*: what the job involves, how to get in (also as a career changer), which languages and skills matter, salary, freelancing and prospects. I reply in the language of your question, English or German."),
		), nil, nil),
		slack.NewSectionBlock(mrkdwnObj(lang.Pick(
			"*So fragst du mich*\n"+
				"• Schreib mir direkt hier im Tab *Nachrichten*.\n"+
				"• Erwähne mich in einem Channel: `@"+escape(name)+" Kann ich als Quereinsteiger anfangen?` Ich antworte im Thread, dort kannst du ohne erneute Erwähnung nachfragen.\n"+
				"• `"+cmd+" <deine Frage>` zeigt die Antwort nur dir; mit *Im Channel teilen* postest du sie für alle.\n"+
				"• `"+cmd+" hilfe` zeigt die Themen.\n"+
				"• `"+cmd+" datenschutz` erklärt, was ich speichere; `"+cmd+" vergessen` löscht es.\n"+
				"• Der Kurzbefehl *Antwort teilen* im Menü einer Nachricht beantwortet die Frage darin im Thread.",
			"*How to ask me*\n"+
				"• Message me right here in the *Messages* tab.\n"+
				"• Mention me in a channel: `@"+escape(name)+" Can I start as a career changer?` I reply in a thread, where you can ask follow-ups without mentioning me again.\n"+
				"• `"+cmd+" <your question>` shows the answer only to you; *Share in channel* posts it for everyone.\n"+
				"• `"+cmd+" help` lists the topics.\n"+
				"• `"+cmd+" privacy` explains what I store; `"+cmd+" forget` deletes it.\n"+
				"• The message shortcut *Antwort teilen* (share answer) answers the question in a message in its thread.")), nil, nil),
		slack.NewDividerBlock(),
	}
	var buttons []slack.BlockElement
	for _, t := range h.Topics {
		if t.Lead != "" && t.Title != "" && len(buttons) < 25 {
			buttons = append(buttons, slack.NewButtonBlockElement(actionOpenPrefix+strconv.Itoa(len(buttons)),
				encodeRef(lang, t.Lead), plainObj(truncate(t.Title, maxButtonText))))
		}
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(lang.Pick(
			"*Themen* – tippe auf eins, die Antwort kommt im Tab Nachrichten:",
			"*Topics* – pick one, the answer arrives in the Messages tab:")), nil, nil))
		for i := 0; i < len(buttons); i += buttonsPerRow {
			blocks = append(blocks, slack.NewActionBlock("careerbot.topics."+strconv.Itoa(i/buttonsPerRow),
				buttons[i:min(i+buttonsPerRow, len(buttons))]...))
		}
	}
	if h.AlertsOn {
		blocks = append(blocks, h.alertBlocks()...)
	}
	return append(blocks, h.privacyBlocks()...)
}

// privacyBlocks are the privacy notice and the button that deletes
// everything stored about the user, behind Slack's confirmation dialog.
func (h home) privacyBlocks() []slack.Block {
	lang := h.Lang
	blocks := []slack.Block{slack.NewDividerBlock()}
	for _, c := range chunks(mrkdwn.Render(h.Privacy), maxSectionText) {
		if c != "" {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj(c), nil, nil))
		}
	}
	if h.Notice != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnObj("✅ "+mrkdwn.Render(h.Notice)), nil, nil))
	}
	confirm := slack.NewConfirmationBlockObject(
		plainObj(lang.Pick("Alle deine Daten löschen?", "Delete all your data?")),
		plainObj(lang.Pick("Ich lösche sofort alle deine gespeicherten Fragen und Bewertungen. Das lässt sich nicht rückgängig machen.",
			"I will delete all your stored questions and ratings right away. This cannot be undone.")),
		plainObj(lang.Pick("Löschen", "Delete")),
		plainObj(lang.Pick("Abbrechen", "Cancel"))).WithStyle(slack.StyleDanger)
	btn := slack.NewButtonBlockElement(actionForget, string(lang),
		plainObj(lang.Pick("Meine Daten löschen", "Delete my data"))).WithStyle(slack.StyleDanger).WithConfirm(confirm)
	return append(blocks, slack.NewActionBlock(blockPrivacy, btn))
}
