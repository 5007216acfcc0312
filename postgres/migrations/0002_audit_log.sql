-- The audit log becomes one Merkle tree per workspace, with signed checkpoints, and each
-- entry carries the keyed hashes of the records it wrote. The hash-chained entries of
-- before are kept, read-only, in audit_legacy.
ALTER TABLE audit RENAME TO audit_legacy;
ALTER INDEX audit_workspace RENAME TO audit_legacy_workspace;
ALTER TABLE audit_legacy RENAME CONSTRAINT audit_pkey TO audit_legacy_pkey;
CREATE TABLE audit (
	seq       bigint PRIMARY KEY,
	workspace text NOT NULL,
	ws_index  bigint NOT NULL,
	at        text NOT NULL,
	actor     text NOT NULL,
	action    text NOT NULL,
	target    text NOT NULL,
	records   text NOT NULL,
	hash      text NOT NULL,
	UNIQUE (workspace, ws_index)
);
CREATE TABLE audit_tree (
	workspace text NOT NULL,
	idx       bigint NOT NULL,
	hash      bytea NOT NULL,
	PRIMARY KEY (workspace, idx)
);
CREATE TABLE audit_checkpoint (
	workspace text PRIMARY KEY,
	note      text NOT NULL
);
UPDATE audit_head SET seq = 0, hash = '';
-- A version's summary beside its JSON, so that lists read no points (issue 15).
ALTER TABLE versions ADD COLUMN summary bytea;
