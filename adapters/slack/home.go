package slack

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// buttonsPerRow keeps the App Home's topic buttons readable.
const buttonsPerRow = 5

// publishHome shows the App Home tab: what the bot answers, its topics
// and how to ask it.
func (a *Adapter) publishHome(ctx context.Context, team, user string) {
	lang := cmpOr(a.userLang(ctx, team, user), bot.German)
	topics, err := a.cfg.Answerer.Topics(ctx, lang)
	if err != nil {
		a.log.Error("cannot list topics for the app home", "err", err)
	}
	name := "careerbot"
	if self := a.self.Load(); self != nil && self.Name != "" {
		name = self.Name
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(lang, name, a.cfg.Command, topics)}}
	if err := a.out.publishHome(ctx, user, view); err == nil {
		a.log.Info("slack app home published", "lang", lang, "topics", len(topics))
	}
}

func homeBlocks(lang bot.Lang, name, command string, topics []bot.Topic) []slack.Block {
	cmd := escape(command)
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
				"• Der Kurzbefehl *Antwort teilen* im Menü einer Nachricht beantwortet die Frage darin im Thread.",
			"*How to ask me*\n"+
				"• Message me right here in the *Messages* tab.\n"+
				"• Mention me in a channel: `@"+escape(name)+" Can I start as a career changer?` I reply in a thread, where you can ask follow-ups without mentioning me again.\n"+
				"• `"+cmd+" <your question>` shows the answer only to you; *Share in channel* posts it for everyone.\n"+
				"• `"+cmd+" help` lists the topics.\n"+
				"• The message shortcut *Antwort teilen* (share answer) answers the question in a message in its thread.")), nil, nil),
		slack.NewDividerBlock(),
	}
	var buttons []slack.BlockElement
	for _, t := range topics {
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
	return blocks
}
