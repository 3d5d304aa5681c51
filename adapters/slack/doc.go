// Package slack is careerbot's Slack adapter. It answers mentions in
// channels (in a thread under the question), direct messages and the
// slash command, shares answers into channels, records 👍/👎 feedback and
// publishes the App Home tab.
//
// It receives Slack's requests over HTTP (Events API, slash commands and
// interactivity, each verified with the signing secret) or over Socket
// Mode, stores each in the durable inbox before acknowledging it, and
// answers from there with the shared runtime (package delivery): every
// event, command and click once, also across a crash.
//
// The Web API is reached through slack-go behind the narrow webAPI
// interface; its base URL is configurable, so the tests run against a fake
// Slack served by httptest.
package slack
