-- The web console: accounts, sessions, login throttling, the audit log,
-- published versions of the knowledge base, the team's draft, the inbox's
-- decisions and settings editable in the console.
CREATE TABLE console_users (
	name          TEXT PRIMARY KEY,
	role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'admin')),
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL
);

-- Only a hash of the session token is stored: a copy of the database does
-- not log anyone in. csrf is the session's synchronizer token.
CREATE TABLE console_sessions (
	token_hash TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES console_users(name) ON DELETE CASCADE ON UPDATE CASCADE,
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

-- Failed logins per key ('user:NAME' or 'addr:IP'), for throttling.
CREATE TABLE console_login_failures (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
);
CREATE INDEX console_login_failures_key ON console_login_failures (key, at);

CREATE TABLE console_audit (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	user_name TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	detail    TEXT NOT NULL
);
CREATE INDEX console_audit_time ON console_audit (at);

-- Every publish (console, rollback, `kb import`) stores the whole exported
-- document, so a diff or a rollback needs nothing else.
CREATE TABLE kb_versions (
	id         INTEGER PRIMARY KEY,
	author     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	message    TEXT NOT NULL,
	document   TEXT NOT NULL
);

-- The team's one draft: the document being edited and the published
-- document it started from (for a per-entry merge at publish).
CREATE TABLE console_draft (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	base       TEXT NOT NULL,
	document   TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
);

-- What editors did with the inbox's question groups, so a group stays
-- handled and each action can be undone.
CREATE TABLE console_inbox (
	id        INTEGER PRIMARY KEY,
	group_id  TEXT NOT NULL,
	action    TEXT NOT NULL CHECK (action IN ('accept', 'new', 'dismiss')),
	entry_id  TEXT NOT NULL,
	detail    TEXT NOT NULL,
	user_name TEXT NOT NULL,
	at        INTEGER NOT NULL,
	undone    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX console_inbox_group ON console_inbox (group_id);

CREATE TABLE console_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
