-- The same records as the SQLite store: each row keeps the record's JSON in data (bytea, so
-- the bytes come back exactly as written) and the columns the queries select and order by.
-- ord keeps insertion order where SQLite used rowid.
CREATE TABLE workspaces (
	id   text PRIMARY KEY,
	rev  bigint NOT NULL,
	data bytea NOT NULL
);
CREATE TABLE tokens (
	id         text PRIMARY KEY,
	workspace  text NOT NULL REFERENCES workspaces(id),
	member     text NOT NULL,
	hash       bytea NOT NULL,
	created_at text NOT NULL,
	revoked_at text
);
CREATE INDEX tokens_member ON tokens(workspace, member);
CREATE TABLE versions (
	workspace text NOT NULL REFERENCES workspaces(id),
	id        text NOT NULL,
	ord       bigint GENERATED ALWAYS AS IDENTITY,
	rev       bigint NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE INDEX versions_ord ON versions(workspace, ord);
CREATE TABLE stances (
	workspace text NOT NULL REFERENCES workspaces(id),
	version   text NOT NULL,
	point     text NOT NULL,
	party     text NOT NULL,
	rev       bigint NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, version, point, party)
);
CREATE TABLE profiles (
	workspace text NOT NULL REFERENCES workspaces(id),
	party     text NOT NULL,
	rev       bigint NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, party)
);
CREATE TABLE sessions (
	workspace text NOT NULL REFERENCES workspaces(id),
	id        text NOT NULL,
	ord       bigint GENERATED ALWAYS AS IDENTITY,
	rev       bigint NOT NULL,
	date      text NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE TABLE ratifications (
	workspace text NOT NULL REFERENCES workspaces(id),
	id        text NOT NULL,
	ord       bigint GENERATED ALWAYS AS IDENTITY,
	rev       bigint NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (workspace, id)
);
CREATE TABLE audit (
	seq       bigint PRIMARY KEY,
	at        text NOT NULL,
	workspace text NOT NULL,
	actor     text NOT NULL,
	action    text NOT NULL,
	target    text NOT NULL,
	prev_hash text NOT NULL,
	hash      text NOT NULL
);
CREATE INDEX audit_workspace ON audit(workspace, seq);
-- The recorded head of the audit chain. Every write transaction locks this one row first,
-- so writes are serialised across all the servers sharing the database, as SQLite's single
-- writer serialises them within one.
CREATE TABLE audit_head (
	id   integer PRIMARY KEY CHECK (id = 1),
	seq  bigint NOT NULL,
	hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
