-- The knowledge base: topics, entries with their texts per language, the
-- related links used for follow-ups, and editable synonym groups.
CREATE TABLE topics (
	id       TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	lead     TEXT,
	title_de TEXT NOT NULL,
	title_en TEXT NOT NULL
);

CREATE TABLE entries (
	id       TEXT PRIMARY KEY,
	topic    TEXT NOT NULL REFERENCES topics(id),
	position INTEGER NOT NULL
);

CREATE TABLE entry_texts (
	entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	lang     TEXT NOT NULL CHECK (lang IN ('de', 'en')),
	answer   TEXT NOT NULL,
	PRIMARY KEY (entry_id, lang)
);

CREATE TABLE entry_questions (
	entry_id TEXT NOT NULL,
	lang     TEXT NOT NULL,
	position INTEGER NOT NULL,
	question TEXT NOT NULL,
	PRIMARY KEY (entry_id, lang, position),
	FOREIGN KEY (entry_id, lang) REFERENCES entry_texts(entry_id, lang) ON DELETE CASCADE
);

CREATE TABLE entry_related (
	entry_id   TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	related_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	PRIMARY KEY (entry_id, position)
);

CREATE TABLE synonyms (
	group_id INTEGER NOT NULL,
	term     TEXT NOT NULL,
	PRIMARY KEY (group_id, term)
);

-- meta holds counters such as kb_version, bumped by every content change.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('kb_version', '0');

-- Platform state. No raw user id is ever stored: user is a pseudonym.
CREATE TABLE feedback (
	id         INTEGER PRIMARY KEY,
	entry_id   TEXT NOT NULL,
	lang       TEXT NOT NULL,
	helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
	platform   TEXT NOT NULL,
	user       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX feedback_entry ON feedback (entry_id);

CREATE TABLE seen_events (
	scope      TEXT NOT NULL,
	key        TEXT NOT NULL,
	expires_at INTEGER NOT NULL,
	PRIMARY KEY (scope, key)
);
CREATE INDEX seen_events_expiry ON seen_events (expires_at);

CREATE TABLE cursors (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
