package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/careerbot/careerbot/handoff"
	"github.com/careerbot/careerbot/handoff/slackdesk"
)

// slackChannelID is what a Slack channel id looks like.
var slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{6,}$`)

// handoffFromEnv builds the hand-off to recruiters when
// CAREERBOT_HANDOFF_SLACK_CHANNEL is set: nil, nil when it is not. It
// reports every configuration problem at once and connects to nothing.
func handoffFromEnv(e env, deps serveDeps) (*handoff.Manager, []error) {
	channel := strings.TrimSpace(e.getenv("CAREERBOT_HANDOFF_SLACK_CHANNEL"))
	if channel == "" {
		return nil, nil
	}
	var problems []error
	if !slackChannelID.MatchString(channel) {
		problems = append(problems, fmt.Errorf("CAREERBOT_HANDOFF_SLACK_CHANNEL=%q is not a channel id: copy the id (C…) from the channel's details in Slack", channel))
	}
	token := strings.TrimSpace(e.getenv("SLACK_BOT_TOKEN"))
	if token == "" {
		problems = append(problems, errors.New("CAREERBOT_HANDOFF_SLACK_CHANNEL needs Slack: set SLACK_BOT_TOKEN (and invite the bot to the channel)"))
	}
	hours, err := handoff.ParseHours(e.getenv("CAREERBOT_HANDOFF_HOURS"))
	if err != nil {
		problems = append(problems, fmt.Errorf("CAREERBOT_HANDOFF_HOURS: %w", err))
	}
	wait := handoff.DefaultWait
	if s := strings.TrimSpace(e.getenv("CAREERBOT_HANDOFF_WAIT")); s != "" {
		if wait, err = time.ParseDuration(s); err != nil || wait < time.Second {
			problems = append(problems, fmt.Errorf("CAREERBOT_HANDOFF_WAIT=%q: give how long a hand-off may wait to be taken, such as 10m", s))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	desk, err := slackdesk.New(slackdesk.Config{BotToken: token, Channel: channel,
		APIURL: strings.TrimSpace(e.getenv("SLACK_API_URL")), HTTPClient: deps.HTTPClient})
	if err != nil {
		return nil, []error{err}
	}
	m, err := handoff.New(handoff.Config{Store: deps.Store, Desk: desk, Hours: hours, Wait: wait,
		Contact: deps.Contact, Logger: deps.Logger.With("component", "handoff"), Now: deps.Store.Now})
	if err != nil {
		return nil, []error{err}
	}
	return m, nil
}
