package main

import (
	"fmt"
	"strings"

	"github.com/careerbot/careerbot/adapters/web"
	"github.com/careerbot/careerbot/bot"
)

func init() {
	adapterFactories = append(adapterFactories, adapterFactory{
		Name:    "web",
		Enabled: func(getenv func(string) string) bool { return strings.TrimSpace(getenv("CAREERBOT_WEB_ORIGINS")) != "" },
		Hint:    "CAREERBOT_WEB_ORIGINS: the origins of the pages that embed the web chat, e.g. https://careers.example.com",
		Build:   buildWeb,
	})
}

// buildWeb configures the web chat from CAREERBOT_WEB_ORIGINS.
func buildWeb(getenv func(string) string, deps serveDeps) (bot.Adapter, []error) {
	origins, err := web.ParseOrigins(getenv("CAREERBOT_WEB_ORIGINS"))
	if err != nil {
		return nil, []error{fmt.Errorf("CAREERBOT_WEB_ORIGINS: %w; list the pages' origins separated by commas, such as https://careers.example.com", err)}
	}
	if deps.Store == nil {
		return nil, nil // validating only: nothing to build against yet
	}
	cfg := web.Config{
		Answerer:   deps.Answerer,
		Pseudonyms: deps.Pseudonyms,
		Origins:    origins,
		Feedback:   deps.Store,
		Observer:   deps.Observer,
		Operator:   deps.Operator,
		Contact:    deps.Contact,
		Logger:     deps.Logger,
	}
	if deps.Handoff != nil {
		cfg.Handoff = deps.Handoff
	}
	a, err := web.New(cfg)
	if err != nil {
		return nil, []error{err}
	}
	return a, nil
}
