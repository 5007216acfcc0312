package httpapi

import (
	"parley"
	"parley/workspace"
)

// CheckCheckpoint checks a new checkpoint of a workspace's audit log against the last one a
// member kept (workspace.CheckCheckpoint), for clients of the API.
func CheckCheckpoint(ws, verifier string, last, next *parley.Checkpoint) error {
	return workspace.CheckCheckpoint(ws, verifier, last, next)
}
