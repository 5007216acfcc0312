-- Blind overlap rounds: each row keeps a workspace.BlindRecord's JSON (the round and its
-- sealed values, encrypted); seq keeps the order rounds were opened in.
CREATE TABLE blind_rounds (
	workspace text NOT NULL REFERENCES workspaces(id),
	id        text NOT NULL,
	seq       bigint NOT NULL,
	rev       bigint NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, id)
);
-- Each workspace's sealing key, wrapped by the operator's seal key (workspace.SealKey).
CREATE TABLE workspace_keys (
	workspace text PRIMARY KEY REFERENCES workspaces(id),
	wrapped   bytea NOT NULL
);
