-- API tokens, one vote per person per answer, and the readiness probe.

-- Bearer tokens of POST /v1/ask. Only the SHA-256 of a token is kept: the
-- token itself is shown once, when it is made.
CREATE TABLE api_tokens (
	name       TEXT PRIMARY KEY,
	hash       BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- answer identifies the message voted on (a hash of the platform's message
-- id) where the adapter knows it, else ''. A person's later vote on the
-- same answer replaces the earlier one: keep the latest of any duplicates.
ALTER TABLE feedback ADD COLUMN answer TEXT NOT NULL DEFAULT '';
DELETE FROM feedback WHERE id NOT IN (
	SELECT max(id) FROM feedback GROUP BY entry_id, platform, user, answer
);
CREATE UNIQUE INDEX feedback_vote ON feedback (entry_id, platform, user, answer);

-- health is written by the readiness probe: one heartbeat row, and a
-- scratch row that must find room for a page to prove the file can grow.
CREATE TABLE health (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	checked_at INTEGER NOT NULL
);
CREATE TABLE health_scratch (
	pad BLOB NOT NULL
);
