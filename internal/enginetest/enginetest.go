// Package enginetest builds the one engine the tests use: a real SQLite
// knowledge base with the default content in a test's directory, and an
// engine answering from it that logs questions to the store, as serve does.
package enginetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// Contact is the recruiting contact of the test engines.
var Contact = bot.Contact{Name: "Recruiting-Team", Address: "jobs@example.com"}

// Engine is a store and an engine answering from it.
type Engine struct {
	Store  *knowledge.Store
	Live   *knowledge.Live
	Engine *bot.Engine
}

// New opens (or reopens) the database at path, "" meaning kb.db in a new
// t.TempDir(), and builds an engine with cfg; Knowledge, Journal and an
// empty Contact are filled in. The store is closed when the test ends.
func New(t testing.TB, path string, cfg bot.Config) Engine {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "kb.db")
	}
	ctx := context.Background()
	st, err := knowledge.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Knowledge, cfg.Journal = live, st
	if cfg.Contact == (bot.Contact{}) {
		cfg.Contact = Contact
	}
	eng, err := bot.NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return Engine{Store: st, Live: live, Engine: eng}
}
