package emit

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"agreements/internal/index"
)

// The agreement and its brief are written once per agreement, for
// index.json and the split files: with encoding/json's reflection that
// was the largest part of build's own work. These functions write the
// same bytes as json.Marshal of the same values (TestAgreementJSON and
// FuzzAgreementJSON hold them to it): the same field order and omissions,
// null for a nil list that has no omitempty, and the same escaping
// (<, > and & as \u003c and so on, U+2028 and U+2029 escaped, invalid
// UTF-8 as \ufffd).

// appendAgreementJSON appends a's JSON, as json.Marshal writes it; ok is
// false for a value json.Marshal refuses (a time outside years 0 to
// 9999), which the caller then encodes with encoding/json for its error.
func appendAgreementJSON(b []byte, a *index.Agreement) ([]byte, bool) {
	b = appendField(b, `{"id":`, a.ID)
	b = append(b, `,"title":`...)
	b = appendText(b, a.Title)
	b = append(b, `,"summary":`...)
	b = appendText(b, a.Summary)
	b = appendField(b, `,"kind":`, a.Kind)
	b = appendField(b, `,"status":`, a.Status)
	b = appendField(b, `,"status_as_of":`, a.StatusAsOf)
	b = append(b, `,"parties":`...)
	b = appendParties(b, a.Parties)
	if len(a.Contributions) > 0 {
		b = appendList(append(b, `,"contributions":`...), a.Contributions, func(b []byte, c index.Contribution) []byte {
			b = appendField(b, `{"by":`, c.By)
			b = appendField(b, `,"by_name":`, c.ByName)
			b = appendField(b, `,"type":`, c.Type)
			if c.Description != nil {
				b = appendText(append(b, `,"description":`...), *c.Description)
			}
			return append(b, '}')
		})
	}
	if len(a.Areas) > 0 {
		b = append(b, `,"areas":`...)
		b = appendStrings(b, a.Areas)
	}
	if len(a.Countries) > 0 {
		b = append(b, `,"countries":`...)
		b = appendStrings(b, a.Countries)
	}
	if a.Dates != nil {
		b = append(b, `,"dates":`...)
		b = appendDates(b, a.Dates)
	}
	if a.Year != "" {
		b = appendField(b, `,"year":`, a.Year)
	}
	if a.Place != nil {
		b = append(b, `,"place":{`...)
		if a.Place.City != "" {
			b = appendField(b, `"city":`, a.Place.City)
			b = append(b, ',')
		}
		b = appendField(b, `"country":`, a.Place.Country)
		b = append(b, '}')
	}
	if a.Term != nil {
		b = appendField(b, `,"term":{"initial":`, a.Term.Initial)
		b = appendField(b, `,"renewal":`, a.Term.Renewal)
		b = append(b, '}')
	}
	if len(a.Signatories) > 0 {
		b = appendList(append(b, `,"signatories":`...), a.Signatories, func(b []byte, s index.Signatory) []byte {
			b = appendField(b, `{"name":`, s.Name)
			b = appendText(append(b, `,"role":`...), s.Role)
			b = appendField(b, `,"party":`, s.Party)
			return append(appendField(b, `,"party_name":`, s.PartyName), '}')
		})
	}
	if len(a.Relations) > 0 {
		b = appendList(append(b, `,"relations":`...), a.Relations, func(b []byte, r index.Relation) []byte {
			b = appendField(b, `{"type":`, r.Type)
			return append(appendField(b, `,"agreement":`, r.Agreement), '}')
		})
	}
	if len(a.Documents) > 0 {
		b = appendList(append(b, `,"documents":`...), a.Documents, func(b []byte, d index.Document) []byte {
			b = appendField(b, `{"title":`, d.Title)
			b = appendField(b, `,"url":`, d.URL)
			b = appendField(b, `,"language":`, d.Language)
			if d.SHA256 != "" {
				b = appendField(b, `,"sha256":`, d.SHA256)
			}
			return append(b, '}')
		})
	}
	b = appendList(append(b, `,"sources":`...), a.Sources, func(b []byte, s index.Source) []byte {
		b = appendField(b, `{"title":`, s.Title)
		if s.URL != "" {
			b = appendField(b, `,"url":`, s.URL)
		}
		if s.Note != "" {
			b = appendField(b, `,"note":`, s.Note)
		}
		return append(b, '}')
	})
	if a.Notes != nil {
		b = append(b, `,"notes":`...)
		b = appendText(b, *a.Notes)
	}
	if a.OriginalLanguage != "" {
		b = appendField(b, `,"original_language":`, a.OriginalLanguage)
	}
	b = appendField(b, `,"file":`, a.File)
	var ok bool
	if a.Created != nil {
		b = append(b, `,"created":`...)
		if b, ok = appendStamp(b, a.Created); !ok {
			return b, false
		}
	}
	if a.Updated != nil {
		b = append(b, `,"updated":`...)
		if b, ok = appendStamp(b, a.Updated); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendBriefJSON appends the JSON of a's brief (Brief(*a)), as
// json.Marshal writes it; ok as for appendAgreementJSON.
func appendBriefJSON(b []byte, a *index.Agreement) ([]byte, bool) {
	b = appendField(b, `{"id":`, a.ID)
	b = append(b, `,"title":`...)
	b = appendText(b, a.Title)
	b = appendField(b, `,"kind":`, a.Kind)
	b = appendField(b, `,"status_as_of":`, a.StatusAsOf)
	if a.Year != "" {
		b = appendField(b, `,"year":`, a.Year)
	}
	if a.Dates != nil {
		b = append(b, `,"dates":`...)
		b = appendDates(b, a.Dates)
	}
	b = append(b, `,"parties":`...)
	b = appendParties(b, a.Parties)
	if len(a.Countries) > 0 {
		b = append(b, `,"countries":`...)
		b = appendStrings(b, a.Countries)
	}
	if a.Updated != nil {
		var ok bool
		b = append(b, `,"updated":`...)
		if b, ok = appendStamp(b, a.Updated); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

func appendText(b []byte, t index.Text) []byte {
	return appendOmitEmpty(b, `"es":`, t.ES, `"en":`, t.EN, `"pt":`, t.PT)
}

func appendDates(b []byte, d *index.Dates) []byte {
	return appendOmitEmpty(b, `"signed":`, d.Signed, `"start":`, d.Start, `"end":`, d.End)
}

// appendOmitEmpty writes an object of three string members, each left out
// when empty (omitempty), given as key, value pairs.
func appendOmitEmpty(b []byte, k1, v1, k2, v2, k3, v3 string) []byte {
	b = append(b, '{')
	sep := false
	for _, f := range [...][2]string{{k1, v1}, {k2, v2}, {k3, v3}} {
		if f[1] == "" {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		b = appendField(b, f[0], f[1])
		sep = true
	}
	return append(b, '}')
}

func appendParties(b []byte, parties []index.Party) []byte {
	return appendList(b, parties, func(b []byte, p index.Party) []byte {
		b = appendField(b, `{"id":`, p.ID)
		return append(appendField(b, `,"name":`, p.Name), '}')
	})
}

func appendStrings(b []byte, list []string) []byte { return appendList(b, list, appendJSONString) }

// appendList writes list as a JSON array, each item by item; a nil list
// is null, as encoding/json writes it.
func appendList[T any](b []byte, list []T, item func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, x)
	}
	return append(b, ']')
}

// appendField writes a member's key (with what comes before it) and its
// string value.
func appendField(b []byte, key, value string) []byte {
	return appendJSONString(append(b, key...), value)
}

// appendStamp writes a stamp, its date by time.Time's own MarshalJSON;
// false where that refuses the date (a year outside 0 to 9999, an offset
// of a day or more).
func appendStamp(b []byte, s *index.Stamp) ([]byte, bool) {
	date, err := s.Date.MarshalJSON()
	if err != nil {
		return b, false
	}
	b = appendField(b, `{"commit":`, s.Commit)
	b = append(b, `,"date":`...)
	b = append(b, date...)
	return append(b, '}'), true
}

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding with HTML escaping,
// the default of json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// compactAgreement returns a's JSON and its brief's, falling back to
// encoding/json (and its error) for what the hand-written encoding
// refuses. Each gets an allocation of its own: the brief is kept until
// the end, the full form only until it is written.
func (w *writer) compactAgreement(a *index.Agreement) (full, brief []byte) {
	scratch := jsonScratch.Get().(*[]byte)
	defer jsonScratch.Put(scratch)
	buf, ok := appendAgreementJSON((*scratch)[:0], a)
	if !ok {
		return w.compact(a), w.compact(Brief(*a))
	}
	full = bytes.Clone(buf)
	buf, _ = appendBriefJSON(buf[:0], a)
	brief = bytes.Clone(buf)
	*scratch = buf
	return full, brief
}

var jsonScratch = sync.Pool{New: func() any { b := make([]byte, 0, 8192); return &b }}
