-- Hand-offs of a conversation to a person on the recruiting team. user is
-- a pseudonym. address is the raw delivery address (a web session, a
-- Telegram chat, a Slack DM), kept only while the hand-off is open and
-- cleared when it ends. thread is the hand-off card's message on the
-- recruiters' desk.
CREATE TABLE handoffs (
	id         INTEGER PRIMARY KEY,
	platform   TEXT NOT NULL,
	user       TEXT NOT NULL,
	lang       TEXT NOT NULL,
	form       TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL,
	address    TEXT,
	thread     TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	opened_at  INTEGER,
	taken_at   INTEGER,
	closed_at  INTEGER
);
CREATE INDEX handoffs_user ON handoffs (user);
CREATE INDEX handoffs_thread ON handoffs (thread);
CREATE INDEX handoffs_time ON handoffs (created_at);

-- The transcript of a hand-off, kept under the same retention as questions.
CREATE TABLE handoff_messages (
	handoff_id INTEGER NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
	at         INTEGER NOT NULL,
	sender     TEXT NOT NULL,
	text       TEXT NOT NULL
);
CREATE INDEX handoff_messages_handoff ON handoff_messages (handoff_id);
