package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinks: the real command on a registry whose sources point at a
// local server: a gone page is reported with its record and the archive to
// use; without --allow-private, the local server is refused.
func TestLinks(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusGone)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot, "schema"), filepath.Join(dir, "schema"))
	os.MkdirAll(filepath.Join(dir, "records/agreements"), 0o755)
	os.MkdirAll(filepath.Join(dir, "records/organizations"), 0o755)
	write(t, filepath.Join(dir, "records/organizations/lacnic.yaml"), "id: lacnic\nname: {es: LACNIC}\nsources:\n  - title: s\n    url: "+srv.URL+"/ok\n")
	write(t, filepath.Join(dir, "records/agreements/a.yaml"), "id: a\ntitle: {es: A}\nsummary: {es: s}\nkind: grant\nparties: [lacnic]\nstatus: unknown\n"+
		"sources:\n  - title: gone\n    url: "+srv.URL+"/gone\n    archived_url: https://web.archive.org/web/2010/x\n")
	r := run(t, dir, nil, "links", "--allow-private")
	want := "records/agreements/a.yaml:9:10: broken link " + srv.URL + "/gone: 410 Gone; archive: https://web.archive.org/web/2010/x\n2 of 2 addresses checked: 1 broken\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("exit %d\n%s%s\nwant\n%s", r.code, r.stdout, r.stderr, want)
	}
	r = run(t, dir, nil, "links", "--format", "json")
	if r.code != 1 || strings.Count(r.stdout, `"error": "refused`) != 2 {
		t.Errorf("without --allow-private: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, nil, "links", "--timeout", "0s"); r.code != 2 {
		t.Errorf("--timeout 0: exit %d", r.code)
	}
}
