-- Open positions: schema.org JobPostings, normalised by the jobs package.
-- posting is the normalised posting as JSON; the columns are what listing,
-- expiry and the feed need. No personal data: these are public postings.
CREATE TABLE job_postings (
	id            TEXT PRIMARY KEY,
	title         TEXT NOT NULL,
	date_posted   TEXT NOT NULL,
	valid_through INTEGER NOT NULL DEFAULT 0, -- unix seconds; 0 means open-ended
	source        TEXT NOT NULL,              -- the file or feed URL it came from
	imported_at   INTEGER NOT NULL,
	posting       TEXT NOT NULL
);
CREATE INDEX job_postings_valid ON job_postings (valid_through);

-- jobs_version is bumped by every change of postings, so that a running
-- server reloads them.
INSERT INTO meta (key, value) VALUES ('jobs_version', '0');
