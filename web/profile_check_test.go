package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestProfileErrorsAtTheirField: the editor shows the service's verdict on a profile
// beside the field it names, a red line's with the line of the text box and the column.
func TestProfileErrorsAtTheirField(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ua")
	csrf := c.csrf()
	tests := []struct {
		name, redLines, want string
	}{
		{"RedLine", "buffer_km <= 50\n\n  nato == neutrality", "red_lines[1]: line 3: column "},
		{"TooManyRedLines", strings.Repeat("buffer_km <= 50\n", 51), "red_lines: at most 50 red lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := c.post("/w/"+f.ws.ID+"/profile", profileForm("0.2", tt.redLines), csrf)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Errorf("status %d, want 400 and %q in\n%s", res.StatusCode, tt.want, body)
			}
		})
	}
}
