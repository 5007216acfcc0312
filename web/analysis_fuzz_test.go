package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"parley"
)

// FuzzAnalysisQuery sends any query to the analysis page and the utility space as the
// mediator, once every party shares its profile (so the frontier table reads fset, fsort,
// fdir and fpage): never a server error.
func FuzzAnalysisQuery(f *testing.F) {
	fx := newFixture(f)
	p, err := fx.svc.Profile(fx.ctx("ua"), fx.ws.ID, "ua")
	if err != nil {
		f.Fatal(err)
	}
	p.Use = parley.UseShared
	if _, err := fx.svc.PutProfile(fx.ctx("ua"), fx.ws.ID, "ua", p.Rev, p); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"fsort=u:ua&fdir=desc&fpage=2", "fset=best&fpage=-1", "fsort=i:buffer_km", "fsort=i:nope&fpage=99999999999999999999",
		"fsort=acc&fdir=asc", "v=nope", "fpage=NaN&fsort=u:", "%zz&&==;"} {
		f.Add(s)
	}
	w := "/w/" + fx.ws.ID
	f.Fuzz(func(t *testing.T, q string) {
		for _, path := range []string{w + "/analysis", w + "/analysis/space"} {
			req := httptest.NewRequest("GET", path, nil)
			req.URL.RawQuery = q
			req.AddCookie(&http.Cookie{Name: "parley_token", Value: fx.tokens["us"]})
			rec := httptest.NewRecorder()
			fx.h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s?%s: status %d\n%s", req.URL.Path, q, rec.Code, rec.Body)
			}
		}
	})
}
