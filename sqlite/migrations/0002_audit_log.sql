-- The audit log becomes one Merkle tree per workspace, with signed checkpoints, and each
-- entry carries the keyed hashes of the records it wrote. The hash-chained entries of
-- before are kept, read-only, in audit_legacy.
ALTER TABLE audit RENAME TO audit_legacy;
DROP INDEX audit_workspace;
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	workspace TEXT NOT NULL,
	ws_index  INTEGER NOT NULL,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	records   TEXT NOT NULL,
	hash      TEXT NOT NULL,
	UNIQUE (workspace, ws_index)
);
CREATE TABLE audit_tree (
	workspace TEXT NOT NULL,
	idx       INTEGER NOT NULL,
	hash      BLOB NOT NULL,
	PRIMARY KEY (workspace, idx)
);
CREATE TABLE audit_checkpoint (
	workspace TEXT PRIMARY KEY,
	note      TEXT NOT NULL
);
UPDATE audit_head SET seq = 0, hash = '';
-- A version's summary apart from its JSON, so that lists read no points (issue 15): in a
-- column after the JSON, SQLite would read the JSON's overflow pages to reach it.
CREATE TABLE version_summaries (
	workspace TEXT NOT NULL,
	id        TEXT NOT NULL,
	summary   BLOB NOT NULL,
	PRIMARY KEY (workspace, id)
);
