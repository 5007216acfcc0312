package sqlstore

import (
	"encoding/json"
	"fmt"

	"parley"
)

func (t *Tx) Version(ws, id string) (*parley.Version, error) {
	v := new(parley.Version)
	if !t.Dialect.storable(ws, id) {
		return v, notFound("version")
	}
	return v, t.get(v, "version", `SELECT data FROM versions WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *Tx) Versions(ws string) ([]*parley.Version, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	return list[parley.Version](t, "versions", t.Dialect.queries().versions, ws)
}

func (t *Tx) VersionSummaries(ws string) ([]*parley.VersionSummary, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	rows, err := t.Conn.Query(t.Dialect.queries().summaries, ws)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []*parley.VersionSummary
	for rows.Next() {
		var sum, data []byte
		if err := rows.Scan(&sum, &data); err != nil {
			return nil, fmt.Errorf("list versions: %w", err)
		}
		v, err := t.Dialect.sums.decode(sum, data)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	return out, nil
}

// decodeSummary decodes a stored summary, or makes it from the version's JSON when none
// was stored.
func decodeSummary(sum, data []byte) (*parley.VersionSummary, error) {
	if sum == nil {
		v := new(parley.Version)
		if err := json.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("decode version: %w", err)
		}
		return v.Summary(), nil
	}
	v := new(parley.VersionSummary)
	if err := json.Unmarshal(sum, v); err != nil {
		return nil, fmt.Errorf("decode version summary: %w", err)
	}
	return v, nil
}

func (t *Tx) PutVersion(v *parley.Version, prevRev int64) error {
	if !t.Dialect.storable(v.Workspace, v.ID) {
		return unstorable("version")
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sum, err := json.Marshal(v.Summary())
	if err != nil {
		return err
	}
	if !t.Dialect.SummaryTable {
		return t.put("version", prevRev,
			`INSERT INTO versions (workspace, id, rev, data, summary) VALUES (?, ?, ?, ?, ?)`, []any{v.Workspace, v.ID, v.Rev, data, sum},
			`UPDATE versions SET rev = ?, data = ?, summary = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{v.Rev, data, sum, v.Workspace, v.ID, prevRev})
	}
	if err := t.put("version", prevRev,
		`INSERT INTO versions (workspace, id, rev, data) VALUES (?, ?, ?, ?)`, []any{v.Workspace, v.ID, v.Rev, data},
		`UPDATE versions SET rev = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{v.Rev, data, v.Workspace, v.ID, prevRev}); err != nil {
		return err
	}
	if _, err := t.Conn.Exec(`INSERT INTO version_summaries (workspace, id, summary) VALUES (?, ?, ?)
		ON CONFLICT (workspace, id) DO UPDATE SET summary = excluded.summary`, v.Workspace, v.ID, sum); err != nil {
		return fmt.Errorf("write version summary: %w", err)
	}
	return nil
}

func (t *Tx) Stance(ws, version, point, party string) (*parley.Stance, error) {
	s := new(parley.Stance)
	if !t.Dialect.storable(ws, version, point, party) {
		return s, notFound("stance")
	}
	return s, t.get(s, "stance", `SELECT data FROM stances WHERE workspace = ? AND version = ? AND point = ? AND party = ?`, ws, version, point, party)
}

func (t *Tx) Stances(ws, version string) ([]*parley.Stance, error) {
	if !t.Dialect.storable(ws, version) {
		return nil, nil
	}
	return list[parley.Stance](t, "stances", t.Dialect.queries().stances, ws, version)
}

func (t *Tx) PutStance(ws string, s *parley.Stance, prevRev int64) error {
	if !t.Dialect.storable(ws, s.Version, s.Point, s.Party) {
		return unstorable("stance")
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return t.put("stance", prevRev,
		`INSERT INTO stances (workspace, version, point, party, rev, data) VALUES (?, ?, ?, ?, ?, ?)`,
		[]any{ws, s.Version, s.Point, s.Party, s.Rev, data},
		`UPDATE stances SET rev = ?, data = ? WHERE workspace = ? AND version = ? AND point = ? AND party = ? AND rev = ?`,
		[]any{s.Rev, data, ws, s.Version, s.Point, s.Party, prevRev})
}

func (t *Tx) Profile(ws, party string) (*parley.PartyProfile, error) {
	p := new(parley.PartyProfile)
	if !t.Dialect.storable(ws, party) {
		return p, notFound("profile")
	}
	return p, t.get(p, "profile", `SELECT data FROM profiles WHERE workspace = ? AND party = ?`, ws, party)
}

func (t *Tx) PutProfile(ws string, p *parley.PartyProfile, prevRev int64) error {
	if !t.Dialect.storable(ws, p.Party) {
		return unstorable("profile")
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return t.put("profile", prevRev,
		`INSERT INTO profiles (workspace, party, rev, data) VALUES (?, ?, ?, ?)`, []any{ws, p.Party, p.Rev, data},
		`UPDATE profiles SET rev = ?, data = ? WHERE workspace = ? AND party = ? AND rev = ?`, []any{p.Rev, data, ws, p.Party, prevRev})
}

func (t *Tx) Session(ws, id string) (*parley.Session, error) {
	s := new(parley.Session)
	if !t.Dialect.storable(ws, id) {
		return s, notFound("session")
	}
	return s, t.get(s, "session", `SELECT data FROM sessions WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *Tx) Sessions(ws string) ([]*parley.Session, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	return list[parley.Session](t, "sessions", t.Dialect.queries().sessions, ws)
}

func (t *Tx) PutSession(ws string, s *parley.Session, prevRev int64) error {
	if !t.Dialect.storable(ws, s.ID) {
		return unstorable("session")
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	date := t.formatTime(s.Date)
	return t.put("session", prevRev,
		`INSERT INTO sessions (workspace, id, rev, date, data) VALUES (?, ?, ?, ?, ?)`, []any{ws, s.ID, s.Rev, date, data},
		`UPDATE sessions SET rev = ?, date = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{s.Rev, date, data, ws, s.ID, prevRev})
}

func (t *Tx) Ratification(ws, id string) (*parley.Ratification, error) {
	r := new(parley.Ratification)
	if !t.Dialect.storable(ws, id) {
		return r, notFound("ratification")
	}
	return r, t.get(r, "ratification", `SELECT data FROM ratifications WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *Tx) Ratifications(ws string) ([]*parley.Ratification, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	return list[parley.Ratification](t, "ratifications", t.Dialect.queries().ratifications, ws)
}

func (t *Tx) PutRatification(ws string, r *parley.Ratification, prevRev int64) error {
	if !t.Dialect.storable(ws, r.ID) {
		return unstorable("ratification")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return t.put("ratification", prevRev,
		`INSERT INTO ratifications (workspace, id, rev, data) VALUES (?, ?, ?, ?)`, []any{ws, r.ID, r.Rev, data},
		`UPDATE ratifications SET rev = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{r.Rev, data, ws, r.ID, prevRev})
}
