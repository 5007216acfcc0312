package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// contentSecurityPolicy allows scripts, styles, images and connections from parley's own
// origin only: no inline script or style, no eval, no plug-ins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// secureHeaders sets the headers every response of the UI carries.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// The sign-in link carries a token: never let it leave in a Referer header.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// csrfField and csrfHeader carry the CSRF token of a state-changing request: the hidden field
// of a form, or the header htmx sends (set once on <body> with hx-headers).
const (
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
)

// csrfToken derives the CSRF token of a signed-in member from its bearer token: an HMAC under
// the server's key, so it changes with the token, needs no storage, and reveals nothing of
// the token to a page script.
func csrfToken(key []byte, memberToken string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("parley-web-csrf\x00"))
	m.Write([]byte(memberToken))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:24])
}

// validCSRF reports whether r carries the CSRF token that belongs to memberToken.
func validCSRF(r *http.Request, key []byte, memberToken string) bool {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if got == "" {
		return false
	}
	return hmac.Equal([]byte(got), []byte(csrfToken(key, memberToken)))
}

// isSafeMethod reports whether the method changes nothing on the server.
func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
