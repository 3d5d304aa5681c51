package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifestMatchesTheAdapter keeps manifest.yaml in step with the code:
// the command, the shortcut's callback id, the scopes and the events the
// adapter relies on.
func TestManifestMatchesTheAdapter(t *testing.T) {
	raw, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				HomeTab     bool `yaml:"home_tab_enabled"`
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
			} `yaml:"slash_commands"`
			Shortcuts []struct {
				Type       string `yaml:"type"`
				CallbackID string `yaml:"callback_id"`
				Name       string `yaml:"name"`
			} `yaml:"shortcuts"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				URL       string   `yaml:"request_url"`
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool   `yaml:"is_enabled"`
				URL     string `yaml:"request_url"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	f := m.Features
	if !f.AppHome.HomeTab || !f.AppHome.MessagesTab {
		t.Error("App Home and Messages tabs must be enabled")
	}
	if len(f.SlashCommands) != 1 || f.SlashCommands[0].Command != DefaultCommand || f.SlashCommands[0].URL != "https://careerbot.example.com/slack/commands" {
		t.Errorf("slash command: %+v", f.SlashCommands)
	}
	if len(f.Shortcuts) != 1 || f.Shortcuts[0].CallbackID != shortcutShare || f.Shortcuts[0].Type != "message" || f.Shortcuts[0].Name != "Antwort teilen" {
		t.Errorf("shortcut: %+v", f.Shortcuts)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write", "users:read", "channels:history", "groups:history"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("scope %s missing", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "message.channels", "app_home_opened"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("event %s missing", e)
		}
	}
	if m.Settings.Events.URL != "https://careerbot.example.com/slack/events" ||
		!m.Settings.Interactivity.Enabled || m.Settings.Interactivity.URL != "https://careerbot.example.com/slack/interactions" {
		t.Errorf("request URLs: %+v", m.Settings)
	}
}
