package httpapi_test

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"testing"

	"parley/httpapi/openapitest"
)

// validated checks every response the tests of this package receive against the OpenAPI
// document: the default transport, which the tests' requests and the Go client use, is
// wrapped in a validating one.
var validated *openapitest.Transport

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if validated, err = openapitest.New(http.DefaultTransport); err != nil {
		fmt.Fprintln(os.Stderr, "openapitest:", err)
		os.Exit(1)
	}
	http.DefaultTransport = validated
	code := m.Run()
	if fs := validated.Failures(); len(fs) > 0 {
		fmt.Fprintf(os.Stderr, "\n%d responses differ from the OpenAPI document (httpapi/openapi*.go); the route and field that drifted:\n", len(fs))
		for _, f := range fs {
			fmt.Fprintln(os.Stderr, "  "+f)
		}
		code = 1
	}
	// Every documented operation must have been exercised when the whole package runs.
	if f := flag.Lookup("test.run"); code == 0 && f != nil && f.Value.String() == "" && !testing.Short() {
		if un := validated.Unchecked(); len(un) > 0 {
			fmt.Fprintf(os.Stderr, "no response was validated for the documented operations %v\n", un)
			code = 1
		}
		if _, events := validated.Checked(); events == 0 {
			fmt.Fprintln(os.Stderr, "no server-sent event was validated")
			code = 1
		}
	}
	os.Exit(code)
}
