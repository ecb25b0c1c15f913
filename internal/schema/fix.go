package schema

import (
	"regexp"
	"strings"

	"agreements/internal/record"
	"agreements/internal/suggest"
)

var (
	dayFirst = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
	// "15 de agosto de 2023", "15 de agosto 2023": Spanish and Portuguese
	// write dates so.
	spelledDate = regexp.MustCompile(`^([0-9]{1,2})(?:º|°)? de ([a-zçã]+)(?: de)? ([0-9]{4})$`)
)

// months are the months' names in Spanish and Portuguese, folded.
var months = map[string]string{
	"enero": "01", "febrero": "02", "marzo": "03", "abril": "04", "mayo": "05", "junio": "06", "julio": "07",
	"agosto": "08", "septiembre": "09", "setiembre": "09", "octubre": "10", "noviembre": "11", "diciembre": "12",
	"janeiro": "01", "fevereiro": "02", "marco": "03", "maio": "05", "junho": "06", "julho": "07",
	"setembro": "09", "outubro": "10", "novembro": "11", "dezembro": "12",
}

// isoDate turns a date written day first ("15/08/2023", "15 de agosto de
// 2023") into YYYY-MM-DD ("" when s is no such date).
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	out := ""
	if m := dayFirst.FindStringSubmatch(s); m != nil {
		out = m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
	} else if m := spelledDate.FindStringSubmatch(suggest.Fold(s)); m != nil && months[m[2]] != "" {
		out = m[3] + "-" + months[m[2]] + "-" + pad2(m[1])
	}
	if !record.IsPartialDate(out) {
		return "" // 31/02/2023 is no date to suggest
	}
	return out
}

// circa matches the words that say a date is approximate before it: "c.
// 2007", "ca. 2007", "circa 2007", "aprox. 2007", "cerca de 2007".
var circa = regexp.MustCompile(`^(?i:c\.|ca\.|circa|aprox\.|aproximadamente|cerca de|hacia|por volta de|about|around)\s*`)

// qualifiedDate writes a hedged date as EDTF does, with its one qualifier
// at the end: "~2007", "2007~~" and "c. 2007" are "2007~", "2007 ?" is
// "2007?" ("" when s holds no such date, or both qualifiers).
func qualifiedDate(s string) string {
	q := ""
	if m := circa.FindString(s); m != "" {
		q, s = record.Approximate, s[len(m):]
	}
	core := strings.Trim(s, "~? ")
	if core == "" {
		return ""
	}
	for _, c := range strings.ReplaceAll(s, core, "") {
		switch c {
		case '~', '?':
			if q != "" && q != string(c) {
				return ""
			}
			q = string(c)
		}
	}
	if q == "" || !record.IsPartialDate(core) || !partialDateShape.MatchString(core) {
		return ""
	}
	return core + q
}

var partialDateShape = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)
