package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded file, ready to serve: its body, its gzip-compressed body and the
// content-hashed name it is served under ("app.3f2a1b9c0d4e.css").
type asset struct {
	name   string // path under static/: "app.css", "vendor/htmx.min.js"
	hashed string
	ctype  string
	body   []byte
	gz     []byte
}

// assetSet holds every embedded asset by plain and by hashed name.
type assetSet struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// loadAssets reads, hashes and compresses every file under static/.
func loadAssets() (*assetSet, error) {
	s := &assetSet{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		if strings.HasSuffix(name, ".min.js") {
			ext = ".min.js"
		}
		a := &asset{
			name:   name,
			hashed: strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext,
			ctype:  mime.TypeByExtension(path.Ext(name)),
			body:   body,
		}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		a.gz = buf.Bytes()
		s.byName[name] = a
		s.byHashed[a.hashed] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load embedded assets: %w", err)
	}
	return s, nil
}

// url returns the content-hashed URL of the asset with the given plain name. It panics on an
// unknown name: templates name assets literally, and a typo must fail the template tests.
func (s *assetSet) url(name string) string {
	a, ok := s.byName[name]
	if !ok {
		panic(fmt.Sprintf("web: no embedded asset %q", name))
	}
	return "/assets/" + a.hashed
}

// serveAsset serves GET /assets/{path...}: only hashed names exist, and they never change,
// so they are cached for a year.
func (s *assetSet) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.byHashed[r.PathValue("path")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := a.body
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}

// favicon serves GET /favicon.ico, which browsers ask for by themselves (the pages name the
// icon too): a redirect to the hashed SVG icon.
func (u *ui) favicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "max-age=86400")
	http.Redirect(w, r, u.assets.url("favicon.svg"), http.StatusMovedPermanently)
}
