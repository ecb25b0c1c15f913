package newrecord

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzQuote: whatever the text, YAML reads back the same string.
func FuzzQuote(f *testing.F) {
	f.Add("https://x.org/a?b=c#d")
	f.Add("Convenio: sí")
	f.Fuzz(func(t *testing.T, s string) {
		var got string
		if err := yaml.Unmarshal([]byte("v: "+Quote(s)), &struct{ V *string }{&got}); err != nil {
			return // text YAML cannot hold (control characters), which the schema refuses anyway
		}
		if got != s && strings.ToValidUTF8(s, "") == s && !strings.ContainsAny(s, "\r\x85\u2028\u2029\ufeff") {
			t.Fatalf("%q → %q → %q", s, Quote(s), got)
		}
	})
}

// TestQuoteRoundTrips: whatever the text, YAML reads back the same string.
func TestQuoteRoundTrips(t *testing.T) {
	for _, s := range []string{"Convenio de cooperación", "yes", "2003", "a: b", "#x", "- x", "x\ny", "  pad", "NIC México",
		"\"quoted\"", "tab\there", "true", "1e5", "@at", "Acordo (Brasil)", "https://x.org/a?b=c", "https://x.org/a#frag", "http://x.org/p:", "https://x.org/a:b/(c)", "https://x.org/%C3%B3", "null", "[x]", "{x}", "é", "x #y"} {
		var got string
		if err := yaml.Unmarshal([]byte("v: "+Quote(s)), &struct{ V *string }{&got}); err != nil {
			t.Errorf("%q → %q: %v", s, Quote(s), err)
			continue
		}
		if got != s {
			t.Errorf("%q → %q → %q", s, Quote(s), got)
		}
	}
}
