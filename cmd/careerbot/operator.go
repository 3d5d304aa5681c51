package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

var _ bot.Operator = (*operator)(nil)

// operator implements the admin and privacy commands for the adapters.
type operator struct {
	store      *knowledge.Store
	live       *knowledge.Live
	pseudonyms *bot.Pseudonymizer
	admins     map[string]bool // "platform:user-id", memory only
	retention  time.Duration
}

// parseAdmins reads CAREERBOT_ADMINS: comma-separated platform:user-id
// pairs, e.g. "slack:T0123:U0456,telegram:123456789".
func parseAdmins(s string) (map[string]bool, error) {
	admins := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		platform, user, ok := strings.Cut(item, ":")
		if !ok || platform == "" || user == "" {
			return nil, fmt.Errorf("CAREERBOT_ADMINS: %q is not platform:user-id (e.g. telegram:123456789 or slack:T0123:U0456)", item)
		}
		admins[strings.ToLower(platform)+":"+user] = true
	}
	return admins, nil
}

func (o *operator) IsAdmin(platform, user string) bool {
	return user != "" && o.admins[platform+":"+user]
}

func (o *operator) Stats(ctx context.Context, lang bot.Lang) (string, error) {
	now := o.store.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	day, err := o.store.StatsSince(ctx, today)
	if err != nil {
		return "", err
	}
	week, err := o.store.StatsSince(ctx, today.AddDate(0, 0, -6))
	if err != nil {
		return "", err
	}
	line := func(label string, s knowledge.Stats) string {
		return fmt.Sprintf(lang.Pick("%s: %d Fragen, %d beantwortet, %d Personen, 👍 %d / 👎 %d",
			"%s: %d questions, %d answered, %d people, 👍 %d / 👎 %d"),
			label, s.Questions, s.Answered, s.Users, s.Helpful, s.Unhelpful)
	}
	return line(lang.Pick("Heute", "Today"), day) + "\n" + line(lang.Pick("Letzte 7 Tage", "Last 7 days"), week) +
		fmt.Sprintf(lang.Pick("\nWissensbasis: Version %d, %d Einträge", "\nKnowledge base: version %d, %d entries"),
			o.live.Version(), o.live.Len()), nil
}

func (o *operator) Reload(ctx context.Context, lang bot.Lang) (string, error) {
	if err := o.live.Reload(ctx); err != nil {
		return "", err
	}
	return fmt.Sprintf(lang.Pick("Neu geladen: Version %d, %d Einträge.", "Reloaded: version %d, %d entries."),
		o.live.Version(), o.live.Len()), nil
}

func (o *operator) Forget(ctx context.Context, platform, user string, lang bot.Lang) (string, error) {
	n, err := o.store.Forget(ctx, o.pseudonyms.Pseudonym(platform, user))
	if err != nil {
		return "", err
	}
	if n.Pending {
		return bot.ForgetPendingText(lang, n.Questions, n.Feedback), nil
	}
	return bot.ForgottenText(lang, n.Questions, n.Feedback), nil
}

func (o *operator) Privacy(lang bot.Lang, forgetCommand string) string {
	return bot.PrivacyText(lang, o.retention, forgetCommand)
}
