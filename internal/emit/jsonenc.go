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
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	b = append(b, `,"title":`...)
	b = appendText(b, a.Title)
	b = append(b, `,"summary":`...)
	b = appendText(b, a.Summary)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, a.Kind)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, a.Status)
	b = append(b, `,"status_as_of":`...)
	b = appendJSONString(b, a.StatusAsOf)
	b = append(b, `,"parties":`...)
	b = appendParties(b, a.Parties)
	if len(a.Contributions) > 0 {
		b = append(b, `,"contributions":[`...)
		for i, c := range a.Contributions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"by":`...)
			b = appendJSONString(b, c.By)
			b = append(b, `,"by_name":`...)
			b = appendJSONString(b, c.ByName)
			b = append(b, `,"type":`...)
			b = appendJSONString(b, c.Type)
			if c.Description != nil {
				b = append(b, `,"description":`...)
				b = appendText(b, *c.Description)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
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
		b = append(b, `,"year":`...)
		b = appendJSONString(b, a.Year)
	}
	if a.Place != nil {
		b = append(b, `,"place":{`...)
		if a.Place.City != "" {
			b = append(b, `"city":`...)
			b = appendJSONString(b, a.Place.City)
			b = append(b, ',')
		}
		b = append(b, `"country":`...)
		b = appendJSONString(b, a.Place.Country)
		b = append(b, '}')
	}
	if a.Term != nil {
		b = append(b, `,"term":{"initial":`...)
		b = appendJSONString(b, a.Term.Initial)
		b = append(b, `,"renewal":`...)
		b = appendJSONString(b, a.Term.Renewal)
		b = append(b, '}')
	}
	if len(a.Signatories) > 0 {
		b = append(b, `,"signatories":[`...)
		for i, s := range a.Signatories {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendJSONString(b, s.Name)
			b = append(b, `,"role":`...)
			b = appendText(b, s.Role)
			b = append(b, `,"party":`...)
			b = appendJSONString(b, s.Party)
			b = append(b, `,"party_name":`...)
			b = appendJSONString(b, s.PartyName)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(a.Relations) > 0 {
		b = append(b, `,"relations":[`...)
		for i, r := range a.Relations {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"type":`...)
			b = appendJSONString(b, r.Type)
			b = append(b, `,"agreement":`...)
			b = appendJSONString(b, r.Agreement)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(a.Documents) > 0 {
		b = append(b, `,"documents":[`...)
		for i, d := range a.Documents {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"title":`...)
			b = appendJSONString(b, d.Title)
			b = append(b, `,"url":`...)
			b = appendJSONString(b, d.URL)
			b = append(b, `,"language":`...)
			b = appendJSONString(b, d.Language)
			if d.SHA256 != "" {
				b = append(b, `,"sha256":`...)
				b = appendJSONString(b, d.SHA256)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"sources":`...)
	if a.Sources == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range a.Sources {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"title":`...)
			b = appendJSONString(b, s.Title)
			if s.URL != "" {
				b = append(b, `,"url":`...)
				b = appendJSONString(b, s.URL)
			}
			if s.Note != "" {
				b = append(b, `,"note":`...)
				b = appendJSONString(b, s.Note)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if a.Notes != nil {
		b = append(b, `,"notes":`...)
		b = appendText(b, *a.Notes)
	}
	if a.OriginalLanguage != "" {
		b = append(b, `,"original_language":`...)
		b = appendJSONString(b, a.OriginalLanguage)
	}
	b = append(b, `,"file":`...)
	b = appendJSONString(b, a.File)
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
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	b = append(b, `,"title":`...)
	b = appendText(b, a.Title)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, a.Kind)
	b = append(b, `,"status_as_of":`...)
	b = appendJSONString(b, a.StatusAsOf)
	if a.Year != "" {
		b = append(b, `,"year":`...)
		b = appendJSONString(b, a.Year)
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
	b = append(b, '{')
	sep := false
	for _, f := range [...]struct{ key, value string }{{`"es":`, t.ES}, {`"en":`, t.EN}, {`"pt":`, t.PT}} {
		if f.value == "" {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		b = appendJSONString(b, f.value)
		sep = true
	}
	return append(b, '}')
}

func appendParties(b []byte, parties []index.Party) []byte {
	if parties == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, p := range parties {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, p.ID)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, p.Name)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

func appendDates(b []byte, d *index.Dates) []byte {
	b = append(b, '{')
	sep := false
	for _, f := range [...]struct{ key, value string }{{`"signed":`, d.Signed}, {`"start":`, d.Start}, {`"end":`, d.End}} {
		if f.value == "" {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		b = appendJSONString(b, f.value)
		sep = true
	}
	return append(b, '}')
}

// appendStamp writes a stamp, its date by time.Time's own MarshalJSON;
// false where that refuses the date (a year outside 0 to 9999, an offset
// of a day or more).
func appendStamp(b []byte, s *index.Stamp) ([]byte, bool) {
	date, err := s.Date.MarshalJSON()
	if err != nil {
		return b, false
	}
	b = append(b, `{"commit":`...)
	b = appendJSONString(b, s.Commit)
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
