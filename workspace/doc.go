// Package workspace holds the business rules of a negotiation workspace: who may do what,
// validation, version numbering and immutability, confidentiality filtering, plan diffs,
// stances, sessions, ratification, draft analytics and the audit trail. Storage sits below it
// behind Store, so a second backend (PostgreSQL) repeats none of these rules.
//
// Blind overlap rounds (blind*.go) keep each sealed value encrypted with AES-256-GCM under
// a key of its workspace, itself stored wrapped by the operator's SealKey (given by package
// app from $PARLEY_SEAL_KEY or DATA/seal.key), and show it to nobody: only the overlap and
// the settlement value (BlindResult) come out, and the audit log holds keyed, salted
// commitments. Conditional stances (condition.go) follow one rule, Accepted.
//
// It must not import net/http, database drivers or any transport: package httpapi and the
// storage packages (sqlite) import it, never the other way round.
package workspace
