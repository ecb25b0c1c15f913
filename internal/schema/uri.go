package schema

import (
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// isURI is the library's "uri" format, except that a host's unreserved
// characters written percent-encoded ("https://%41.org/") are read as the
// characters they encode. RFC 3986 (section 2.3) makes the two forms the
// same URI, and its reg-name allows them; Go's url.Parse, under the
// library's check, refuses a percent-encoded ASCII character in a host.
func isURI(v any) bool {
	s, ok := v.(string)
	if !ok {
		return true // the format says nothing of other types
	}
	uri := jsonschema.Formats["uri"]
	if uri(s) {
		return true
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority := decodeUnreserved(rest[:end])
	return authority != rest[:end] && uri(scheme+"://"+authority+rest[end:])
}

// decodeUnreserved decodes the percent-encoded unreserved characters of
// s (letters, digits, "-", ".", "_", "~") and leaves every other escape
// as it is.
func decodeUnreserved(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if c, ok := unhex(s[i+1], s[i+2]); ok && unreserved(c) {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unhex(a, b byte) (byte, bool) {
	val := func(c byte) (byte, bool) {
		switch {
		case '0' <= c && c <= '9':
			return c - '0', true
		case 'a' <= c && c <= 'f':
			return c - 'a' + 10, true
		case 'A' <= c && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	hi, ok1 := val(a)
	lo, ok2 := val(b)
	return hi<<4 | lo, ok1 && ok2
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
