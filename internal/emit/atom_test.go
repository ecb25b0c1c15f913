package emit

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// entryByEncoder is the reference for entryXML: encoding/xml, indented as
// the entry stands in the feed.
func entryByEncoder(t *testing.T, e atomEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(e, xml.StartElement{Name: xml.Name{Local: "entry"}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sameEntry(t *testing.T, e atomEntry) {
	t.Helper()
	if got, want := entryXML(e), entryByEncoder(t, e); !bytes.Equal(got, want) {
		t.Fatalf("entryXML differs from encoding/xml:\n got %q\nwant %q", got, want)
	}
}

// TestEntryXML: the hand-written entries are encoding/xml's, byte for byte.
func TestEntryXML(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "line\nbreak\ttab\rcr", "\x00\x1b\uFFFE\xff", "São Paulo – México", "]]>"} {
		sameEntry(t, atomEntry{ID: s, Title: s, Updated: s, Published: s, Link: atomLink{Href: s, Rel: s}, Summary: s})
		sameEntry(t, atomEntry{ID: "tag:x", Title: s, Updated: "2024-01-02T00:00:00Z", Link: atomLink{Href: "index.html#" + s}, Summary: s})
	}
}
