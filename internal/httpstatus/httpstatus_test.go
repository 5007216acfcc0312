package httpstatus_test

import (
	"net/http"
	"testing"

	"parley"
	"parley/internal/httpstatus"
)

func TestRoundTrip(t *testing.T) {
	for _, code := range []string{parley.EINVALID, parley.ENOTFOUND, parley.ECONFLICT, parley.EUNAUTHORIZED, parley.EFORBIDDEN, parley.ELIMIT, parley.EINTERNAL} {
		if got := httpstatus.Code(httpstatus.Of(code)); got != code {
			t.Errorf("Code(Of(%q)) = %q", code, got)
		}
	}
	if got := httpstatus.Of("no such code"); got != http.StatusInternalServerError {
		t.Errorf("unknown code: %d, want 500", got)
	}
	if got := httpstatus.Code(http.StatusRequestEntityTooLarge); got != parley.EINVALID {
		t.Errorf("413: %q, want invalid", got)
	}
}
