package links

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestCheck runs the checker against a local server: what answers, what
// is broken, and what it refuses to reach.
func TestCheck(t *testing.T) {
	var port string
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusMovedPermanently) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/c", http.StatusFound) })
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.2:"+port+"/ok", http.StatusFound)
	})
	mux.HandleFunc("/to-ten", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.1.2.3/ok", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	port = srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	only := netip.MustParseAddr("127.0.0.1")
	c := &Checker{Timeout: 300 * time.Millisecond, PerHost: 2, Workers: 4, Allow: func(a netip.Addr) bool { return a == only }}
	tests := []struct {
		path  string
		ok    bool
		cause string
	}{
		{"/ok", true, ""},
		{"/a", true, ""}, // a chain of three redirects
		{"/no-head", true, ""},
		{"/missing", false, "404 Not Found"},
		{"/gone", false, "410 Gone"},
		{"/error", false, "500 Internal Server Error"},
		{"/slow", false, "no answer within the timeout"},
		{"/loop", false, "more than 5 redirects"},
		{"/to-private", false, "refused"},
		{"/to-ten", false, "refused"},
	}
	var urls []string
	for _, tt := range tests {
		urls = append(urls, srv.URL+tt.path)
	}
	results := c.Check(context.Background(), urls)
	for i, tt := range tests {
		r := results[i]
		if r.OK != tt.ok || !strings.Contains(r.Error, tt.cause) {
			t.Errorf("%s: ok %v, error %q; want ok %v, %q", tt.path, r.OK, r.Error, tt.ok, tt.cause)
		}
	}
	// With the default guard, the local server itself is refused.
	strict := &Checker{Timeout: time.Second, PerHost: 1, Workers: 1}
	if r := strict.Check(context.Background(), []string{srv.URL + "/ok"})[0]; r.OK || !strings.Contains(r.Error, "refused") {
		t.Errorf("loopback with the default guard: %+v", r)
	}
}

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2001:4860:4860::8888": true, "200.3.14.10": true, "1.1.1.1": true, "2606:4700::1111": true,
		// NAT64 and 6to4 of a public address are public.
		"64:ff9b::808:808": true, "2002:808:808::1": true,
		// The registries' globally reachable blocks outside a refused one.
		"192.31.196.1": true, "192.175.48.1": true, "2620:4f:8000::1": true,
		"127.0.0.1": false, "10.0.0.1": false, "172.16.5.4": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "0.1.2.3": false, "::1": false, "::": false, "fe80::1": false, "fd00::1": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "224.0.0.1": false,
		// Issue 34's addresses, each treated as public before.
		"168.63.129.16": false, "192.0.0.192": false, "64:ff9b::7f00:1": false, "64:ff9b::a00:1": false,
		"2002:7f00:1::": false, "2002:a9fe:a9fe::1": false, "::127.0.0.1": false, "240.0.0.1": false, "255.255.255.255": false,
		"100.100.100.200": false, "fd00:ec2::254": false,
		// Every other block, at an address inside it.
		"192.0.2.1": false, "192.88.99.1": false, "198.18.0.1": false, "198.19.255.254": false, "198.51.100.7": false,
		"203.0.113.9": false, "192.0.0.170": false, "64:ff9b:1::1": false, "100::1": false, "100:0:0:1::1": false,
		"2001::1": false, "2001:2::1": false, "2001:db8::1": false, "3fff::1": false, "5f00::1": false, "ff02::1": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
	// Every block's first and last addresses are refused.
	for _, b := range notPublic {
		first := b.prefix.Masked().Addr()
		bytes := first.AsSlice()
		for bit := b.prefix.Bits(); bit < first.BitLen(); bit++ {
			bytes[bit/8] |= 0x80 >> (bit % 8)
		}
		last, _ := netip.AddrFromSlice(bytes)
		for _, ip := range []netip.Addr{first, last} {
			if Public(ip) {
				t.Errorf("Public(%s) = true, in %s (%s)", ip, b.prefix, b.ref)
			}
		}
	}
}

func TestSample(t *testing.T) {
	urls := []string{"a", "b", "c", "d", "e"}
	seen := map[string]bool{}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for week := 0; week < 3; week++ {
		for _, u := range Sample(urls, 2, day.AddDate(0, 0, 7*week)) {
			seen[u] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("three weekly runs of 2 of 5 saw %v", seen)
	}
	if got := Sample(urls, 0, day); len(got) != 5 {
		t.Errorf("no sample: %v", got)
	}
	if a, b := Sample(urls, 2, day), Sample(urls, 2, day.AddDate(0, 0, 1)); strings.Join(a, "") != strings.Join(b, "") && day.Weekday() != time.Wednesday {
		t.Logf("the window moved within a week: %v %v", a, b)
	}
}

func TestCollect(t *testing.T) {
	fsys := fstest.MapFS{
		"records/agreements/a.yaml":    {Data: []byte("id: a\nsources:\n  - title: s\n    url: https://example.org/a\n    archived_url: https://web.archive.org/web/2010/https://example.org/a\n  - title: t\n")},
		"records/organizations/o.yaml": {Data: []byte("id: o\nwebsite: https://o.example.org/\nsources:\n  - title: s\n    url: http://example.org/o\n")},
	}
	links, err := Collect(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.File+" "+l.Pointer+" "+l.URL+" "+l.Archive)
	}
	want := "records/agreements/a.yaml /sources/0/url https://example.org/a https://web.archive.org/web/2010/https://example.org/a|" +
		"records/organizations/o.yaml /sources/0/url http://example.org/o |records/organizations/o.yaml /website https://o.example.org/ "
	if strings.Join(got, "|") != want {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
	if ArchiveFor(links[1]) != "https://web.archive.org/web/*/http://example.org/o" || ArchiveFor(links[0]) != links[0].Archive {
		t.Error("ArchiveFor")
	}
}
