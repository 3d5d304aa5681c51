-- Job alerts: a chat subscribed to new postings matching its filters.
-- chat is the platform's reply address (a Telegram chat id), kept only as
-- long as the subscription lasts; subject is the subscriber's pseudonym,
-- so that forget finds it. filters is the text the subscriber typed
-- ("hamburg java"), parsed again by the jobs package on every check.
CREATE TABLE job_alerts (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	platform   TEXT NOT NULL,
	chat       TEXT NOT NULL,
	subject    TEXT NOT NULL,
	filters    TEXT NOT NULL,
	lang       TEXT NOT NULL, -- the language the alerts are written in
	created_at INTEGER NOT NULL -- unix seconds
);
CREATE INDEX job_alerts_chat ON job_alerts (platform, chat);
CREATE INDEX job_alerts_subject ON job_alerts (subject);

-- job_alert_sent holds, per subscription, the postings it has been sent
-- or that existed when it began: a posting is sent at most once.
CREATE TABLE job_alert_sent (
	alert_id   INTEGER NOT NULL REFERENCES job_alerts (id) ON DELETE CASCADE,
	posting_id TEXT NOT NULL,
	PRIMARY KEY (alert_id, posting_id)
) WITHOUT ROWID;
