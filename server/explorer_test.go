package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
)

// fetchAs asks the server for target as a browser (Accept: text/html) or as a
// program does, and returns the answer's status, type and body.
func fetchAs(t *testing.T, env *servertest.Env, target string, browser bool) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if browser {
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), string(body)
}

// A browser's GET /graphql is the portal's explorer page when the explorer
// is on (the default), and the API otherwise; a program's GET with a
// query is the API either way. With ROSTER_EXPLORER=off the portal's pages
// say so, and the portal then neither links nor renders it. (Before `npm
// run build` the portal's answer is a 503 naming the build: it is still
// the portal's, not the API's.)
func TestExplorerOnAndOff(t *testing.T) {
	query := "/graphql?query=" + url.QueryEscape("{__typename}")
	for _, on := range []bool{true, false} {
		env := servertest.Start(t, func(c *server.Config) { c.Explorer = on })
		code, typ, body := fetchAs(t, env, "/graphql", true)
		portal := strings.HasPrefix(typ, "text/html") || strings.Contains(body, "portal is not built")
		if portal != on {
			t.Errorf("explorer %v: a browser's GET /graphql got %d %s %.200s", on, code, typ, body)
		}
		if code, _, body := fetchAs(t, env, query, true); code != http.StatusOK || !strings.Contains(body, `"__typename":"Query"`) {
			t.Errorf("explorer %v: GET with a query got %d %.200s", on, code, body)
		}
		if code, _, body := fetchAs(t, env, query, false); code != http.StatusOK || !strings.Contains(body, `"__typename":"Query"`) {
			t.Errorf("explorer %v: a program's GET got %d %.200s", on, code, body)
		}
		if _, _, body := fetchAs(t, env, "/explorer", true); strings.Contains(body, "roster-explorer") &&
			strings.Contains(body, `name="roster-explorer" content="off"`) == on {
			t.Errorf("explorer %v: /explorer's page says otherwise: %.300s", on, body)
		}
	}
}
