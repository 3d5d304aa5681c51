package slack

import (
	"errors"
	"net/url"
	"strings"
)

// CheckBotToken reports whether s looks like a bot token.
func CheckBotToken(s string) error {
	if !strings.HasPrefix(s, "xoxb-") {
		return errors.New("must be a bot token starting with xoxb- (Slack app settings → OAuth & Permissions → Bot User OAuth Token)")
	}
	return nil
}

// CheckAppToken reports whether s, when set, looks like an app-level token.
func CheckAppToken(s string) error {
	if s != "" && !strings.HasPrefix(s, "xapp-") {
		return errors.New("must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write), or unset it to use HTTP")
	}
	return nil
}

// CheckModes reports whether the adapter can receive anything: HTTP needs
// a signing secret, Socket Mode an app-level token.
func CheckModes(appToken, signingSecret string) error {
	if appToken == "" && signingSecret == "" {
		return errors.New("no signing secret: HTTP mode needs it to verify Slack's requests (Basic Information → Signing Secret); or set an app-level token to use Socket Mode")
	}
	return nil
}

// CheckAPIURL reports whether s, when set, is a usable Web API base URL.
func CheckAPIURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(s, "/") {
		return errors.New("must be an absolute http(s) URL ending in /, such as https://slack.com/api/ (or unset it)")
	}
	return nil
}

// CheckCommand reports whether s, when set, is a slash command's name.
func CheckCommand(s string) error {
	if s != "" && (!strings.HasPrefix(s, "/") || strings.ContainsAny(s, " \t") || len(s) > 32) {
		return errors.New("must be a slash command such as /karriere (a slash, no spaces, at most 32 characters)")
	}
	return nil
}

// Check lists every problem with cfg's Slack settings; New refuses a
// Config with any.
func Check(cfg Config) []error {
	var problems []error
	add := func(what string, err error) {
		if err != nil {
			problems = append(problems, errors.New(what+" "+err.Error()))
		}
	}
	add("bot token", CheckBotToken(cfg.BotToken))
	add("app-level token", CheckAppToken(cfg.AppToken))
	if err := CheckModes(cfg.AppToken, cfg.SigningSecret); err != nil {
		problems = append(problems, err)
	}
	add("API URL", CheckAPIURL(cfg.APIURL))
	add("command", CheckCommand(cfg.Command))
	return problems
}
