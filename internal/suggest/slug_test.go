package suggest

import "testing"

// TestSlug makes ids.
func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Internet Systems Consortium":      "internet-systems-consortium",
		"CGI.br":                           "cgi-br",
		"  NIC México ":                    "nic-mexico",
		"ÇÃO--x":                           "cao-x",
		"Universidad Nacional de Asunción": "universidad-nacional-de-asuncion",
	} {
		if got := Slug(in, 64); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("una organización de nombre muy largo", 12); got != "una-organiza" {
		t.Errorf("limit: %q", got)
	}
}
