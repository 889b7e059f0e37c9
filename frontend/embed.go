// Package frontend serves the portal: the React single-page app that Vite
// builds into dist/, embedded into the binary. Client-side routes fall back to
// index.html; hashed files under /assets/ are cached for a year.
package frontend

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// dist holds the build output; dist/.gitkeep is committed so that the embed
// compiles before the first `npm run build`.
//
//go:embed all:dist
var dist embed.FS

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// Options are the server's settings that the portal shows.
type Options struct {
	// Explorer: the API explorer's page and link are on.
	Explorer bool
}

// explorerOn is index.html's meta tag that the portal reads to show the
// API explorer; it says "off" when Options.Explorer is false.
const explorerOn = `<meta name="roster-explorer" content="on" />`

// Handler serves the embedded portal. Mount it as the router's fallback, after
// /graphql and the other server routes.
func Handler(opts Options) http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid directory name, which "dist" is not.
		panic(err)
	}
	return newHandler(sub, opts)
}

// spa serves files from an fs.FS that holds a Vite build.
type spa struct {
	files fs.FS
	etags sync.Map // file name -> quoted ETag
	// index is index.html as served, when it differs from the file: the
	// settings of Options written into its meta tags.
	index []byte
}

func newHandler(files fs.FS, opts Options) http.Handler {
	s := &spa{files: files}
	if !opts.Explorer {
		if b, err := fs.ReadFile(files, "index.html"); err == nil {
			s.index = bytes.Replace(b, []byte(explorerOn), []byte(strings.Replace(explorerOn, `"on"`, `"off"`, 1)), 1)
		}
	}
	return s
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// Clean against a rooted path so that ".." can never climb above the
	// root; fs.FS also rejects any name that is not fs.ValidPath.
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}

	if s.serveFile(w, r, name) {
		return
	}
	// A path without an extension is a client-side route: let the app
	// render it. A missing file with an extension is a plain 404, so that a
	// stale asset URL never receives HTML.
	if path.Ext(name) == "" {
		if s.serveFile(w, r, "index.html") {
			return
		}
		http.Error(w, "The portal is not built: run `npm ci && npm run build`, then rebuild the binary.", http.StatusServiceUnavailable)
		return
	}
	http.NotFound(w, r)
}

// serveFile writes the named file and reports whether it existed.
func (s *spa) serveFile(w http.ResponseWriter, r *http.Request, name string) bool {
	if !fs.ValidPath(name) || hidden(name) {
		return false
	}
	f, err := s.files.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		return false
	}
	content, err := readSeeker(f)
	if err != nil {
		return false
	}
	if name == "index.html" && s.index != nil {
		content = bytes.NewReader(s.index)
	}

	h := w.Header()
	if strings.HasPrefix(name, "assets/") {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheRevalidate)
	}
	if tag, err := s.etag(name, content); err == nil {
		h.Set("ETag", tag)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	// embed.FS has no modification times; the ETag answers If-None-Match.
	http.ServeContent(w, r, path.Base(name), time.Time{}, content)
	return true
}

// hidden keeps dotfiles (dist/.gitkeep) out of reach.
func hidden(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

func readSeeker(f fs.File) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// etag hashes a file once; embedded files never change while the binary runs.
func (s *spa) etag(name string, content io.ReadSeeker) (string, error) {
	if v, ok := s.etags.Load(name); ok {
		return v.(string), nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, content); err != nil {
		return "", err
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return "", errors.Join(err, errors.New("rewind "+name))
	}
	tag := `"` + hex.EncodeToString(sum.Sum(nil)[:12]) + `"`
	s.etags.Store(name, tag)
	return tag, nil
}
