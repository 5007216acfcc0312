package workspace

import (
	"context"

	"parley"
)

// Audit implements parley.AuditService.
func (s *Service) Audit(ctx context.Context, ws string, after int64) ([]*parley.AuditEntry, error) {
	out := []*parley.AuditEntry{}
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		es, err := tx.Audit(ws, after)
		out = append(out, es...)
		return err
	})
	return out, err
}

// VerifyAudit implements parley.AuditService.
func (s *Service) VerifyAudit(ctx context.Context) (*parley.AuditReport, error) {
	c := parley.CallerFromContext(ctx)
	if c == nil {
		return nil, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	if !c.Admin {
		return nil, parley.Errorf(parley.EFORBIDDEN, "only the administrator verifies the whole log")
	}
	return Verify(ctx, s.store)
}

// Verify checks the store's whole audit chain.
func Verify(ctx context.Context, st Store) (*parley.AuditReport, error) {
	var rep *parley.AuditReport
	err := st.Read(ctx, func(tx Tx) error {
		es, err := tx.Audit("", 0)
		if err != nil {
			return err
		}
		seq, hash, err := tx.AuditHead()
		if err != nil {
			return err
		}
		rep = parley.VerifyChain(es, seq, hash)
		return nil
	})
	return rep, err
}
