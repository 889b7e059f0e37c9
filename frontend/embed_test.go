package frontend

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const (
	indexHTML = `<!doctype html><div id="root"></div>`
	assetJS   = `console.log("app")`
	secret    = `top secret outside dist`
)

// built is a Vite build inside dist/, with a file beside dist/ that must
// never be reachable.
func built(t *testing.T) http.Handler {
	t.Helper()
	root := fstest.MapFS{
		"dist/index.html":            {Data: []byte(indexHTML)},
		"dist/favicon.svg":           {Data: []byte(`<svg/>`)},
		"dist/assets/index-abc12.js": {Data: []byte(assetJS)},
		"dist/.gitkeep":              {Data: nil},
		"secret.txt":                 {Data: []byte(secret)},
	}
	sub, err := fs.Sub(root, "dist")
	if err != nil {
		t.Fatal(err)
	}
	return newHandler(sub, Options{Explorer: true})
}

func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "http://roster.test/", nil)
	r.URL.Path = target // raw, so that ".." reaches the handler uncleaned
	r.RequestURI = target
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerServesFilesAndClientRoutes(t *testing.T) {
	h := built(t)
	tests := []struct {
		name, path string
		status     int
		body       string
		cache      string
		ctype      string
	}{
		{"root is index", "/", 200, indexHTML, "no-cache", "text/html"},
		{"index by name", "/index.html", 200, indexHTML, "no-cache", "text/html"},
		{"client route falls back to index", "/orgs/acme/members", 200, indexHTML, "no-cache", "text/html"},
		{"email link falls back to index", "/verify-email", 200, indexHTML, "no-cache", "text/html"},
		{"hashed asset is immutable", "/assets/index-abc12.js", 200, assetJS, "public, max-age=31536000, immutable", "javascript"},
		{"other file revalidates", "/favicon.svg", 200, "<svg/>", "no-cache", "image/svg+xml"},
		{"missing asset is 404, not index", "/assets/index-old99.js", 404, "", "", ""},
		{"missing file with extension is 404", "/robots.txt", 404, "", "", ""},
		{"dotfile is hidden", "/.gitkeep", 404, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(h, tt.path)
			if w.Code != tt.status {
				t.Fatalf("GET %s: status %d, want %d", tt.path, w.Code, tt.status)
			}
			if tt.status != 200 {
				if strings.Contains(w.Body.String(), indexHTML) {
					t.Fatalf("GET %s: served index.html for a missing file", tt.path)
				}
				return
			}
			if got := w.Body.String(); got != tt.body {
				t.Errorf("GET %s: body %q, want %q", tt.path, got, tt.body)
			}
			if got := w.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("GET %s: Cache-Control %q, want %q", tt.path, got, tt.cache)
			}
			if got := w.Header().Get("Content-Type"); !strings.Contains(got, tt.ctype) {
				t.Errorf("GET %s: Content-Type %q, want it to contain %q", tt.path, got, tt.ctype)
			}
		})
	}
}

func TestHandlerRevalidatesWithETag(t *testing.T) {
	h := built(t)
	first := get(h, "/")
	tag := first.Header().Get("ETag")
	if tag == "" {
		t.Fatal("index.html has no ETag")
	}
	second := get(h, "/", "If-None-Match", tag)
	if second.Code != http.StatusNotModified {
		t.Fatalf("revalidation: status %d, want 304", second.Code)
	}
}

func TestHandlerPathTraversal(t *testing.T) {
	h := built(t)
	for _, p := range []string{
		"/../secret.txt",
		"/../../secret.txt",
		"/assets/../../secret.txt",
		"/assets/../../../etc/passwd",
		"//../secret.txt",
		"/./../secret.txt",
		`/..\secret.txt`,
		"/%2e%2e/secret.txt",
		"/../embed.go",
	} {
		t.Run(p, func(t *testing.T) {
			w := get(h, p)
			body := w.Body.String()
			if strings.Contains(body, secret) || strings.Contains(body, "root:") {
				t.Fatalf("GET %s escaped dist: status %d body %q", p, w.Code, body)
			}
			if w.Code == 200 && body != indexHTML {
				t.Fatalf("GET %s: status 200 with unexpected body %q", p, body)
			}
		})
	}
}

func TestHandlerRejectsOtherMethods(t *testing.T) {
	h := built(t)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST /: status %d, want 405", w.Code)
	}
}

func TestHandlerBeforeFirstBuild(t *testing.T) {
	h := newHandler(fstest.MapFS{".gitkeep": {Data: nil}}, Options{Explorer: true})
	if w := get(h, "/orgs/acme/members"); w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "npm run build") {
		t.Fatalf("unbuilt portal: status %d body %q, want 503 naming npm run build", w.Code, w.Body.String())
	}
	if w := get(h, "/.gitkeep"); w.Code != http.StatusNotFound {
		t.Fatalf("unbuilt portal: /.gitkeep status %d, want 404", w.Code)
	}
}

// TestEmbeddedHandler checks the handler over what is really embedded,
// whatever that is: `go test` runs before the portal is built (make test,
// CI), so dist may hold only .gitkeep. Nothing outside dist is reachable
// either way, and a client route answers what the embedded files call for:
// index.html once built, 503 naming the build before. The serving logic is
// tested above on built file systems; the real build is served and checked
// by the end-to-end suite, which runs after `make build` (onboarding.e2e.ts,
// "serves the embedded portal").
func TestEmbeddedHandler(t *testing.T) {
	h := Handler(Options{Explorer: true})
	for _, p := range []string{"/../embed.go", "/../../go.mod", "/assets/../../embed_test.go"} {
		w := get(h, p)
		if strings.Contains(w.Body.String(), "package frontend") || strings.Contains(w.Body.String(), "module github.com") {
			t.Fatalf("GET %s served a file outside dist", p)
		}
	}
	if w := get(h, "/.gitkeep"); w.Code != http.StatusNotFound {
		t.Fatalf("/.gitkeep: status %d, want 404", w.Code)
	}
	w := get(h, "/orgs/acme/members")
	if _, err := fs.Stat(dist, "dist/index.html"); err == nil {
		t.Log("the portal is built: dist/index.html is embedded")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `<div id="root">`) {
			t.Fatalf("client route with the portal built: status %d, body is not its index.html", w.Code)
		}
	} else {
		t.Log("the portal is not built (only dist/.gitkeep is embedded): the end-to-end suite checks the built one")
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "npm run build") {
			t.Fatalf("client route before the build: status %d body %q, want 503 naming npm run build", w.Code, w.Body.String())
		}
	}
}

// With the explorer off, every page the portal serves says so in its meta
// tag (the portal then neither links nor renders the explorer), and its
// ETag is that of what is served.
func TestExplorerOffIsWrittenIntoTheIndex(t *testing.T) {
	page := `<!doctype html><head>` + explorerOn + `</head><div id="root"></div>`
	files := fstest.MapFS{"index.html": {Data: []byte(page)}}
	on := get(newHandler(files, Options{Explorer: true}), "/explorer")
	off := get(newHandler(files, Options{Explorer: false}), "/explorer")
	if on.Code != http.StatusOK || off.Code != http.StatusOK {
		t.Fatalf("codes %d %d", on.Code, off.Code)
	}
	if !strings.Contains(on.Body.String(), `content="on"`) {
		t.Errorf("explorer on: %s", on.Body)
	}
	if !strings.Contains(off.Body.String(), `<meta name="roster-explorer" content="off" />`) || strings.Contains(off.Body.String(), `content="on"`) {
		t.Errorf("explorer off: %s", off.Body)
	}
	if on.Header().Get("ETag") == "" || on.Header().Get("ETag") == off.Header().Get("ETag") {
		t.Errorf("ETags %q and %q", on.Header().Get("ETag"), off.Header().Get("ETag"))
	}
}
