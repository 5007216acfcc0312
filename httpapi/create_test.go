package httpapi_test

import (
	"encoding/json"
	"testing"

	"parley/workspace/wstest"
)

func createBody(t testing.TB) string {
	b, err := json.Marshal(wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
