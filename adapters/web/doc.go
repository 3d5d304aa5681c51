// Package web is careerbot's web chat: a widget that any page embeds with
// one script tag, its JSON endpoint under /web/v1/, a demo page and the
// privacy notice.
//
// The widget makes no request, sets no cookie and writes no storage until
// the person opens it. Opening it asks for a session token (POST
// /web/v1/session); the conversation is keyed by that session, and its
// pseudonym is the Pseudonymizer's over "web:<session id>", so nothing
// identifies the person beyond the tab they chat in.
//
// Only the origins in Config.Origins (and the bot's own host, for /demo)
// may call the endpoint; the same list goes into the frame-ancestors
// directive of every page served here.
package web
