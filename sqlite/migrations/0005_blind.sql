-- Blind overlap rounds: each row keeps a workspace.BlindRecord's JSON (the round and its
-- sealed values, encrypted); seq keeps the order rounds were opened in.
CREATE TABLE blind_rounds (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	id        TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	rev       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, id)
);
-- Each workspace's sealing key, wrapped by the operator's seal key (workspace.SealKey).
CREATE TABLE workspace_keys (
	workspace TEXT PRIMARY KEY REFERENCES workspaces(id),
	wrapped   BLOB NOT NULL
);
