-- The question log, freshness of entries and A/B test variants.
-- Users appear only as pseudonyms (HMAC of platform:user-id).
CREATE TABLE questions (
	id         INTEGER PRIMARY KEY,
	asked_at   INTEGER NOT NULL,
	platform   TEXT NOT NULL,
	user       TEXT NOT NULL,
	question   TEXT NOT NULL,
	lang       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	entry_id   TEXT NOT NULL,
	confidence REAL NOT NULL,
	answered   INTEGER NOT NULL CHECK (answered IN (0, 1)),
	kb_version INTEGER NOT NULL,
	variant    TEXT NOT NULL
);
CREATE INDEX questions_time ON questions (asked_at);
CREATE INDEX questions_user ON questions (user);

ALTER TABLE feedback ADD COLUMN variant TEXT NOT NULL DEFAULT '';
CREATE INDEX feedback_user ON feedback (user);
CREATE INDEX feedback_time ON feedback (created_at);

ALTER TABLE entries ADD COLUMN reviewed TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN owner TEXT NOT NULL DEFAULT '';

ALTER TABLE entry_texts ADD COLUMN variant TEXT NOT NULL DEFAULT '';
