// Package newrecord writes the text of a new record from the few facts a
// contributor gives: the smallest record that passes validation, starting
// with the modeline that lets editors complete and check the rest.
package newrecord

import (
	"fmt"
	"strconv"
	"strings"
)

// Agreement is what `agreements new` asks for.
type Agreement struct {
	ID, Kind, TitleES, SummaryES, SourceTitle, SourceURL, Status string
	Parties                                                      []string
}

// Organization is what `agreements new-organization` asks for.
type Organization struct {
	ID, Name, NameLang, Country, SourceTitle, SourceURL, Kind, Website string
}

// AgreementYAML returns the record's text.
func AgreementYAML(a Agreement) []byte {
	var b strings.Builder
	b.WriteString("# yaml-language-server: $schema=../../schema/agreement.schema.json\n")
	fmt.Fprintf(&b, "id: %s\n", a.ID)
	fmt.Fprintf(&b, "title:\n  es: %s\n", Quote(a.TitleES))
	fmt.Fprintf(&b, "summary:\n  es: %s\n", Quote(a.SummaryES))
	fmt.Fprintf(&b, "kind: %s\n", a.Kind)
	fmt.Fprintf(&b, "parties: [%s]\n", strings.Join(a.Parties, ", "))
	fmt.Fprintf(&b, "status: %s\n", a.Status)
	b.WriteString(sources(a.SourceTitle, a.SourceURL))
	return []byte(b.String())
}

// OrganizationYAML returns the record's text.
func OrganizationYAML(o Organization) []byte {
	var b strings.Builder
	b.WriteString("# yaml-language-server: $schema=../../schema/organization.schema.json\n")
	fmt.Fprintf(&b, "id: %s\n", o.ID)
	lang := o.NameLang
	if lang == "" {
		lang = "es"
	}
	fmt.Fprintf(&b, "name:\n  %s: %s\n", lang, Quote(o.Name))
	if o.Country != "" {
		fmt.Fprintf(&b, "country: %s\n", o.Country)
	}
	if o.Kind != "" {
		fmt.Fprintf(&b, "kind: %s\n", o.Kind)
	}
	if o.Website != "" {
		fmt.Fprintf(&b, "website: %s\n", Quote(o.Website))
	}
	b.WriteString(sources(o.SourceTitle, o.SourceURL))
	return []byte(b.String())
}

func sources(title, url string) string {
	s := "sources:\n  - title: " + Quote(title) + "\n"
	if url != "" {
		s += "    url: " + Quote(url) + "\n"
	}
	return s
}

// Quote writes s as a YAML scalar: plain where YAML would read it back as
// the same text, double-quoted otherwise (Go's escapes are YAML's).
func Quote(s string) string {
	if plainSafe(s) || plainURL(s) {
		return s
	}
	return strconv.Quote(s)
}

// plainURL reports whether s is a web address YAML reads plain, as the
// registry's records write them: http(s)://, then only RFC 3986's
// characters other than those that could start a comment (" #" cannot
// occur: no spaces), a mapping (": " likewise) or a flow collection.
func plainURL(s string) bool {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("-._~:/?#@!$&'()*+;=%", r):
		default:
			return false
		}
	}
	return true
}

// plainSafe is deliberately strict: letters, digits, spaces and a few
// punctuation marks, not starting or ending with a space, and not a word
// YAML gives another meaning (true, null, a number, a date).
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	first := []rune(s)[0]
	if !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first > 127) {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r > 127 && r != 0x2028 && r != 0x2029 && r != 0xFEFF:
		case strings.ContainsRune(" .,()'/;+-", r):
		default:
			return false
		}
	}
	return true
}
