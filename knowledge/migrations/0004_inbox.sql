-- The durable inbox of the chat adapters (package delivery): a question is
-- written here before the platform is told it arrived, and answered from
-- here. body holds the platform's message (with the reply address) only
-- until the answer is sent; the row that stays behind until expires_at
-- holds the delivery key alone, so a redelivery is recognised.
-- conversation is a pseudonym: it orders a conversation's messages.
CREATE TABLE inbox (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	adapter      TEXT NOT NULL,
	key          TEXT NOT NULL,
	conversation TEXT NOT NULL,
	body         BLOB,
	received_at  INTEGER NOT NULL, -- unix milliseconds
	expires_at   INTEGER NOT NULL, -- unix seconds; the key is kept until then
	state        INTEGER NOT NULL DEFAULT 0, -- 0 waiting, 1 claimed, 2 done
	attempts     INTEGER NOT NULL DEFAULT 0,
	UNIQUE (adapter, key)
);
CREATE INDEX inbox_waiting ON inbox (adapter, state, id) WHERE state < 2;
CREATE INDEX inbox_expiry ON inbox (expires_at) WHERE state = 2;
