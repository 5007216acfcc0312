CREATE TABLE workspaces (
	id   TEXT PRIMARY KEY,
	rev  INTEGER NOT NULL,
	data BLOB NOT NULL
);
CREATE TABLE tokens (
	id         TEXT PRIMARY KEY,
	workspace  TEXT NOT NULL REFERENCES workspaces(id),
	member     TEXT NOT NULL,
	hash       BLOB NOT NULL,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE INDEX tokens_member ON tokens(workspace, member);
CREATE TABLE versions (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	id        TEXT NOT NULL,
	rev       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE TABLE stances (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	version   TEXT NOT NULL,
	point     TEXT NOT NULL,
	party     TEXT NOT NULL,
	rev       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, version, point, party)
);
CREATE TABLE profiles (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	party     TEXT NOT NULL,
	rev       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, party)
);
CREATE TABLE sessions (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	id        TEXT NOT NULL,
	rev       INTEGER NOT NULL,
	date      TEXT NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE TABLE ratifications (
	workspace TEXT NOT NULL REFERENCES workspaces(id),
	id        TEXT NOT NULL,
	rev       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	workspace TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX audit_workspace ON audit(workspace, seq);
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
