package rules

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"agreements/internal/suggest"
)

// TestDuplicates: what record.possible-duplicate finds and leaves alone.
func TestDuplicates(t *testing.T) {
	withDate := func(f *Facts, signed, title string) *Facts {
		f.Signed = Value{Text: signed, Pointer: "/dates/signed"}
		f.TitleES = title
		return f
	}
	org := func(id, website string, names ...string) *Facts {
		f := organization(id)
		f.Names, f.Website = names, website
		return f
	}
	notDup := func(f *Facts, ids ...string) *Facts {
		f.NotDuplicateOf = ids
		return f
	}
	base := func() []*Facts {
		return []*Facts{org("lacnic", "https://www.lacnic.net/", "LACNIC"), org("x", "https://x.org/", "Organización X", "X")}
	}
	withText := func(f *Facts, summary string, sources ...string) *Facts {
		f.SummaryES, f.Sources = summary, sources
		return f
	}
	ax := func(id, signed, title string) *Facts {
		return withDate(agreement(id, []string{"lacnic", "x"}), signed, title)
	}
	tests := []struct {
		name string
		recs []*Facts
		want string // the files warned, with whom
	}{
		{"different", []*Facts{ax("a", "2010", "Uno"), ax("b", "2011", "Dos")}, ""},
		{"same parties and year, other titles", []*Facts{ax("a", "2010", "Uno"), ax("b", "2010", "Dos")}, ""},
		{"same parties and title folded, same year", []*Facts{ax("a", "2010", "Convenio de Cooperación"), ax("b", "2010", "convenio de  cooperacion.")}, "a~b b~a"},
		{"the same day said twice", []*Facts{ax("a", "2010-05-03", "Uno"), ax("b", "2010-05", "Uno")}, "a~b b~a"},
		{"undated, against any year", []*Facts{ax("a", "", "Uno"), ax("b", "2010-05-03", "Uno")}, "a~b b~a"},
		{"both undated", []*Facts{ax("a", "", "Uno"), ax("b", "", "Uno")}, "a~b b~a"},
		{"two days of a year", []*Facts{ax("a", "2010-05-03", "Uno"), ax("b", "2010-05-04", "Uno")}, ""},
		{"two years", []*Facts{ax("a", "2010", "Uno"), ax("b", "2011", "Uno")}, ""},
		// +Raíces: one programme's installations in several countries.
		{"a family of titles", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010", "Instalación de una copia del servidor raíz"),
			withDate(agreement("b", []string{"lacnic", "y"}), "2010", "Instalación de una copia del servidor raíz")}, ""},
		{"the same summary", []*Facts{withText(ax("a", "2001", "Uno"), "Un resumen largo que se copió de otro registro, palabra por palabra."),
			withText(ax("b", "2020", "Dos"), "un resumen largo que se copio de otro registro palabra por palabra")}, "a~b b~a"},
		{"the same short summary", []*Facts{withText(ax("a", "2001", "Uno"), "Acuerdo de cooperación técnica."), withText(ax("b", "2020", "Dos"), "Acuerdo de cooperación técnica.")}, ""},
		{"the same sources", []*Facts{withText(ax("a", "2001", "Uno"), "A", "https://e.org/1", "https://e.org/2"),
			withText(ax("b", "2020", "Dos"), "B", "https://e.org/2", "https://e.org/1")}, "a~b b~a"},
		{"one source in common", []*Facts{withText(ax("a", "2001", "Uno"), "A", "https://e.org/1", "https://e.org/2"),
			withText(ax("b", "2020", "Dos"), "B", "https://e.org/1")}, ""},
		// LACNIC's two first agreements: one page tells of both.
		{"one page, no notes", []*Facts{withText(ax("a", "2001", "Uno"), "A", "https://e.org/1"), withText(ax("b", "2020", "Dos"), "B", "https://e.org/1")}, ""},
		{"one page, notes that differ", []*Facts{withText(ax("a", "2001", "Uno"), "A", "https://e.org/1\x00Sin fechas."),
			withText(ax("b", "2020", "Dos"), "B", "https://e.org/1\x00Cubrió dos años. Sin fechas.")}, ""},
		{"one page, the same note", []*Facts{withText(ax("a", "2001", "Uno"), "A", "https://e.org/1\x00Sin fechas."),
			withText(ax("b", "2020", "Dos"), "B", "https://e.org/1\x00Sin fechas.")}, "a~b b~a"},
		{"a copy, warned once", []*Facts{withText(ax("a", "2010", "Uno"), "Resumen.", "https://e.org/1"), withText(ax("b", "2010", "Uno"), "Resumen.", "https://e.org/1")}, "a~b b~a"},
		{"many that share a value", func() []*Facts {
			var recs []*Facts
			for i := range 6 {
				recs = append(recs, withText(ax(fmt.Sprint("c", i), fmt.Sprint(2000+i), fmt.Sprint("T", i)), "El mismo resumen de ocho palabras o más, repetido."))
			}
			return recs
		}(), "c0~c1 c1~c0 c2~c0 c3~c0 c4~c0 c5~c0"},
		{"answered on one side", []*Facts{withDate(notDup(agreement("a", []string{"lacnic", "x"}), "b"), "2010", "Uno"), ax("b", "2010", "Uno")}, ""},
		{"a short name another's name", append(base()[:1], org("y", "https://y.org/", "Organización Y", "LACNIC")), "lacnic~y y~lacnic"},
		{"the same host", append(base(), org("z", "https://lacnic.net/otra", "Otra")), "lacnic~z z~lacnic"},
		{"an organisation's own names", base(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, line := range run(tt.recs...) {
				if !strings.Contains(line, RuleDuplicate) {
					continue
				}
				file := line[:strings.Index(line, ":")]
				other := line[strings.Index(line, "repeat records/")+len("repeat records/"):]
				other = other[strings.Index(other, "/")+1 : strings.Index(other, ".yaml")]
				got = append(got, file+"~"+other)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q\n%s", g, tt.want, strings.Join(run(tt.recs...), "\n"))
			}
		})
	}
}

// foldReference is what foldHash.folded hashes, built from suggest.Fold
// as strings: the plain form the streaming one is held to.
func foldReference(s string) string {
	return strings.Join(strings.FieldsFunc(suggest.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// FuzzFolded holds foldHash.folded to foldReference: the same hash and
// the same number of words, whatever the text.
//
// Run longer with: go test -run='^$' -fuzz=FuzzFolded -fuzztime=1m ./internal/rules
func FuzzFolded(f *testing.F) {
	for _, s := range []string{"", "Convenio de Cooperación", "  convenio de  cooperacion. ", "São Paulo — NIC.br (CGI.br)",
		"ÅNGSTRÖM ǅ ﬁ Ⅻ ²", "e\u0301 cafe\u0301", "\u0903a\u0903b", "日本語の文書", "İstanbul ß ẞ", "a\u200db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("records are UTF-8: the loader refuses other bytes")
		}
		want := foldReference(s)
		got := newFoldHash()
		words := got.folded(s)
		ref := newFoldHash()
		ref.text(want)
		wantWords := 0
		if want != "" {
			wantWords = strings.Count(want, " ") + 1
		}
		if got != ref || words != wantWords {
			t.Errorf("%q: folded to %d words, hash %x; foldReference %q (%d words), hash %x", s, words, got, want, wantWords, ref)
		}
	})
}

// TestDupKeyPacking: what and the date share 32 bits and come back out
// as they went in, at the edges of both.
func TestDupKeyPacking(t *testing.T) {
	for _, what := range []uint8{dupSummary, dupSources, dupPartiesTitle, dupName, dupHost} {
		for _, date := range []uint32{0, 20140000, 20141028, 99991231} {
			k := newDupKey(1<<63|7, 12345, what, date)
			if k.what() != what || k.date() != date || k.hash != 1<<63|7 || k.file != 12345 {
				t.Errorf("newDupKey(what %d, date %d) gives what %d, date %d", what, date, k.what(), k.date())
			}
		}
	}
	if unsafe.Sizeof(dupKey{}) != 16 {
		t.Errorf("a dupKey is %d bytes", unsafe.Sizeof(dupKey{}))
	}
}
