package emit

import (
	"bytes"
	"fmt"
	"strings"
)

// The table's rows are most of index.html (about 2 KB per agreement), and
// running 10,000 of them through html/template's reflection cost more than
// validating the records. So writeRows writes them directly, with the very
// escapers html/template inserts in each context of the "rows" template
// in page.html (text and quoted attributes: htmlEscaper; a fragment URL:
// urlEscaper; a link: urlFilter, urlNormalizer, then attrEscaper). That
// template stays the definition: TestRowsMatchTemplate and FuzzWriters
// check that writeRows gives the same bytes as html/template does.

// writeRows writes the rows the "rows" template would.
func writeRows(b *bytes.Buffer, d rowsData) {
	for i := range d.Rows {
		r := &d.Rows[i]
		b.WriteString(`<tr id="`)
		escHTML(b, r.ID)
		b.WriteString(`" data-country="`)
		escHTML(b, r.Countries)
		b.WriteString(`" data-org="`)
		escHTML(b, r.Orgs)
		b.WriteString(`" data-status="`)
		escHTML(b, r.Status)
		b.WriteString(`" data-kind="`)
		escHTML(b, r.Kind)
		b.WriteString(`" data-year="`)
		escHTML(b, r.Year)
		b.WriteString("\">\n<td><a href=\"#")
		escHTML(b, escURL(r.ID, false))
		b.WriteString(`">`)
		escHTML(b, r.ID)
		b.WriteString(`</a><br>`)
		writeTexts(b, "span", r.Title)
		b.WriteString("\n<details><summary>")
		b.WriteString(string(d.SummaryLabel))
		b.WriteString(`</summary>`)
		writeTexts(b, "p", r.Summary)
		b.WriteString("\n<p>")
		b.WriteString(string(d.SourcesLabel))
		b.WriteString(`:</p><ul>`)
		for _, s := range r.Sources {
			b.WriteString(`<li>`)
			if s.URL != "" {
				b.WriteString(`<a href="`)
				escHTML(b, escURL(filterURL(s.URL), true))
				b.WriteString(`" rel="nofollow noopener">`)
				escHTML(b, s.Title)
				b.WriteString(`</a>`)
			} else {
				escHTML(b, s.Title)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString("</ul></details></td>\n<td>")
		b.WriteString(string(r.StatusHTML))
		b.WriteString("</td>\n<td>")
		b.WriteString(string(r.KindHTML))
		b.WriteString("</td>\n<td>")
		escHTML(b, r.Year)
		b.WriteString("</td>\n<td>")
		escHTML(b, r.Parties)
		b.WriteString("</td>\n<td>")
		escHTML(b, r.Countries)
		b.WriteString("</td>\n</tr>\n")
	}
}

func writeTexts(b *bytes.Buffer, tag string, texts []langText) {
	for _, t := range texts {
		b.WriteString("<" + tag + ` lang="`)
		escHTML(b, t.Lang)
		b.WriteString(`" data-l="`)
		escHTML(b, t.Show)
		b.WriteString(`"`)
		if t.Fallback {
			b.WriteString(` class="fallback"`)
		}
		if t.Show != "es" {
			b.WriteString(` hidden`)
		}
		b.WriteString(`>`)
		escHTML(b, t.Text)
		b.WriteString("</" + tag + ">")
	}
}

// htmlReplacement is html/template's htmlReplacementTable: what its
// htmlEscaper and attrEscaper replace. Bytes are enough: every replaced
// character is ASCII, and UTF-8 never uses ASCII bytes inside a sequence.
var htmlReplacement = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escHTML writes s escaped for HTML text or a quoted attribute value, as
// html/template's htmlEscaper does.
func escHTML(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if repl := htmlReplacement[s[i]]; repl != "" {
			b.WriteString(s[written:i])
			b.WriteString(repl)
			written = i + 1
		}
	}
	b.WriteString(s[written:])
}

// escURL is html/template's urlEscaper (norm false: every byte but the
// unreserved ones is percent-encoded) or urlNormalizer (norm true: the
// reserved characters and valid escapes are kept).
func escURL(s string, norm bool) string {
	var b bytes.Buffer
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// filterURL is html/template's urlFilter for a value that starts a URL
// attribute: one with a scheme other than http, https or mailto becomes
// "#ZgotmplZ". safeURL has already kept only http and https; this keeps
// writeRows equal to the template even if that changes.
func filterURL(s string) string {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return "#ZgotmplZ"
	}
	return s
}
