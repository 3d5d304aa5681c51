package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestPhrasesRead fills every built-in phrase for every contact setting,
// language and form of address: no placeholder is left, no sentence
// dangles, and the team is named once.
func TestPhrasesRead(t *testing.T) {
	contacts := map[string]Contact{
		"none":         {},
		"name":         {Name: "Team Karriere"},
		"address":      {Address: "jobs@example.com"},
		"name+address": {Name: "Team Karriere", Address: "jobs@example.com"},
	}
	bad := regexp.MustCompile(`\{|\}|\(\)|\s[.,:!?]|,\s*$|\s{2}|(?i)\bvon unser\b|\bhier\.|\bhere\.`)
	team := regexp.MustCompile(`(?i)recruiting[- ]team|team karriere`)
	for cname, c := range contacts {
		fill := contactReplacers(c)
		for kind, p := range phrases {
			for _, lang := range Langs {
				for _, form := range []Form{FormDu, FormSie} {
					if lang == English && form == FormSie {
						continue
					}
					raw := p.in(lang, form)
					text := fill[lang].Replace(raw)
					text = strings.ReplaceAll(text, "%s", "X")
					t.Run(fmt.Sprintf("%s/%s/%s/%s", cname, kind, lang, form), func(t *testing.T) {
						if text == "" {
							t.Fatal("empty")
						}
						if m := bad.FindString(text); m != "" {
							t.Errorf("%q reads badly at %q", text, m)
						}
						if strings.Contains(raw, "{") && strings.HasSuffix(text, ":") {
							t.Errorf("%q ends on a colon with nothing after it", text)
						}
						if n := len(team.FindAllString(text, -1)); n > 1 {
							t.Errorf("%q names the team %d times", text, n)
						}
						if strings.Count(text, "jobs@example.com") > 1 {
							t.Errorf("%q gives the address twice", text)
						}
						if lang == German && form == FormSie && regexp.MustCompile(`\b(du|dir|dich|dein\w*)\b`).MatchString(text) {
							t.Errorf("%q says du in the Sie form", text)
						}
						if lang == German && form == FormDu && regexp.MustCompile(`\b(Sie|Ihnen|Ihr\w*)\b`).MatchString(text) {
							t.Errorf("%q says Sie in the du form", text)
						}
					})
				}
			}
		}
	}
}
