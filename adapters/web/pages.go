package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/careerbot/careerbot/bot"
)

//go:embed assets
var assets embed.FS

// pages serves the widget script, the demo page and the privacy notice.
// Everything is rendered once at start, except the demo page's language.
type pages struct {
	widgetJS    []byte
	privacyHTML []byte
	demoPage    *template.Template
	demoCSS     string
	// csp is the Content-Security-Policy of the HTML pages: no inline
	// script, the one inline style block allowed by its hash, and framing
	// only by the bot itself and the allowed origins.
	csp string
}

func newPages(origins []string) (*pages, error) {
	js, err := assets.ReadFile("assets/widget.js")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	css, err := assets.ReadFile("assets/widget.css")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	// The widget carries its styles, so that nothing but the script is
	// fetched before the person opens the chat.
	cssJSON, err := json.Marshal(string(css))
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	p := &pages{widgetJS: bytes.Replace(js, []byte(`/*CSS*/""`), cssJSON, 1)}
	pageCSS, err := assets.ReadFile("assets/demo.css")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	p.demoCSS = string(pageCSS)
	sum := sha256.Sum256(pageCSS)
	frame := strings.Join(append([]string{"'self'"}, origins...), " ")
	p.csp = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
		"style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors " + frame
	if p.demoPage, err = template.ParseFS(assets, "assets/demo.html"); err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	if p.privacyHTML, err = p.renderPrivacy(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pages) renderPrivacy() ([]byte, error) {
	md, err := assets.ReadFile("assets/privacy.md")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	tmpl, err := template.ParseFS(assets, "assets/privacy.html")
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	var b bytes.Buffer
	err = tmpl.Execute(&b, struct {
		Style template.CSS
		Body  template.HTML
	}{template.CSS(p.demoCSS), markdownHTML(string(md))})
	if err != nil {
		return nil, fmt.Errorf("render privacy page: %w", err)
	}
	return b.Bytes(), nil
}

// widget serves widget.js to any page: the script is public, the chat
// endpoint is what checks the origin.
func (p *pages) widget(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	w.Write(p.widgetJS)
}

func (p *pages) privacy(w http.ResponseWriter, r *http.Request) {
	p.htmlHeaders(w)
	w.Write(p.privacyHTML)
}

// demoTexts are the demo page's words in one language.
type demoTexts struct {
	Title, Careers, Languages, Heading, Intro, EmbedHeading, Embed, Theme, Privacy string
}

var demoText = map[bot.Lang]demoTexts{
	bot.German: {
		Title: "Karriere – Demo des careerbot-Webchats", Careers: "Karriere", Languages: "Sprache",
		Heading:      "Backend-Entwickler*in bei uns",
		Intro:        "Diese Seite zeigt, wie der careerbot-Webchat auf einer Karriereseite aussieht. Unten rechts öffnet der Knopf den Chat: Er beantwortet Fragen zum Beruf, zum Einstieg, zu Skills und Perspektiven, auf Deutsch und Englisch.",
		EmbedHeading: "Einbinden",
		Embed:        "Eine Zeile auf jeder Seite, deren Adresse in CAREERBOT_WEB_ORIGINS steht:",
		Theme:        "Farben und Schrift folgen den CSS-Variablen --careerbot-accent, --careerbot-bg, --careerbot-text, --careerbot-font und weiteren.",
		Privacy:      "Datenschutzhinweis (englisch)",
	},
	bot.English: {
		Title: "Careers – careerbot web chat demo", Careers: "Careers", Languages: "Language",
		Heading:      "Backend developer with us",
		Intro:        "This page shows the careerbot web chat on a careers page. The button at the bottom right opens the chat: it answers questions about the job, getting in, skills and prospects, in English and German.",
		EmbedHeading: "Embedding",
		Embed:        "One line on any page whose origin is listed in CAREERBOT_WEB_ORIGINS:",
		Theme:        "Colours and font follow the CSS variables --careerbot-accent, --careerbot-bg, --careerbot-text, --careerbot-font and more.",
		Privacy:      "Privacy notice",
	},
}

// demo serves a careers page with the widget embedded; ?lang=en switches
// the page and the widget to English.
func (p *pages) demo(w http.ResponseWriter, r *http.Request) {
	lang := bot.German
	if r.URL.Query().Get("lang") == "en" {
		lang = bot.English
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	var b bytes.Buffer
	err := p.demoPage.Execute(&b, struct {
		Lang  bot.Lang
		T     demoTexts
		Base  string
		Style template.CSS
	}{lang, demoText[lang], scheme + "://" + r.Host, template.CSS(p.demoCSS)})
	if err != nil {
		writeError(w, http.StatusInternalServerError, "the demo page could not be shown")
		return
	}
	p.htmlHeaders(w)
	w.Write(b.Bytes())
}

func (p *pages) htmlHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", p.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
}
