// Package workspace holds the business rules of a negotiation workspace: who may do what,
// validation, version numbering and immutability, confidentiality filtering, plan diffs,
// stances, sessions, ratification, draft analytics and the audit trail. Storage sits below it
// behind Store, so a second backend (PostgreSQL) repeats none of these rules.
//
// It must not import net/http, database drivers or any transport: package httpapi and the
// storage packages (sqlite) import it, never the other way round.
package workspace
