package record

import (
	"strconv"
	"time"
)

// IsPartialDate is the "partial-date" format: an EDTF (ISO 8601-2) date
// of level 0 (YYYY, YYYY-MM or YYYY-MM-DD) naming a real calendar date (no
// 2003-02-30), with at most one level-1 qualifier at its end: "~"
// (approximate) or "?" (uncertain). A value of another shape passes here,
// since the schema's pattern reports the shape; a value that is not a
// string passes too, as the format keyword requires.
func IsPartialDate(v any) bool {
	s, ok := v.(string)
	if !ok {
		return true
	}
	_, _, ok = DateRange(s)
	core, _ := SplitQualifier(s)
	return ok || !partialShape(core)
}

// Qualifiers of an EDTF level-1 date, written after it.
const (
	Approximate = "~"
	Uncertain   = "?"
)

// SplitQualifier splits a date into its level-0 part and its qualifier
// (Approximate, Uncertain or ""): "2007~" is "2007" and "~".
func SplitQualifier(s string) (core, qualifier string) {
	if n := len(s); n > 0 && (s[n-1] == '~' || s[n-1] == '?') {
		return s[:n-1], s[n-1:]
	}
	return s, ""
}

func partialShape(s string) bool {
	digits := func(t string) bool {
		for _, c := range t {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	switch len(s) {
	case 4:
		return digits(s)
	case 7:
		return digits(s[:4]) && s[4] == '-' && digits(s[5:])
	case 10:
		return digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:])
	}
	return false
}

// DateRange returns the first and last day that a partial date may mean
// ("2003" runs from 2003-01-01 to 2003-12-31), and whether s is a real
// calendar date of one of the three shapes. A qualified date covers the
// range of its level-0 part: "2007~" runs through 2007.
func DateRange(s string) (first, last time.Time, ok bool) {
	s, _ = SplitQualifier(s)
	if !partialShape(s) {
		return first, last, false
	}
	year, _ := strconv.Atoi(s[:4])
	switch len(s) {
	case 4:
		first = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(1, 0, -1), true
	case 7:
		month, _ := strconv.Atoi(s[5:])
		if month < 1 || month > 12 {
			return first, last, false
		}
		first = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1), true
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return first, last, false
	}
	return t, t, true
}
