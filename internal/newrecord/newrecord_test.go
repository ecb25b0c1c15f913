package newrecord

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestQuoteRoundTrips: whatever the text, YAML reads back the same string.
func TestQuoteRoundTrips(t *testing.T) {
	for _, s := range []string{"Convenio de cooperación", "yes", "2003", "a: b", "#x", "- x", "x\ny", "  pad", "NIC México",
		"\"quoted\"", "tab\there", "true", "1e5", "@at", "Acordo (Brasil)", "https://x.org/a?b=c", "null", "[x]", "{x}", "é", "x #y"} {
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
