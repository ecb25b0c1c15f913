package record

import (
	"strconv"
	"time"
)

// IsPartialDate is the "partial-date" format: YYYY, YYYY-MM or YYYY-MM-DD
// naming a real calendar date (no 2003-02-30). A value of another shape
// passes here, since the schema's pattern reports the shape; a value that
// is not a string passes too, as the format keyword requires.
func IsPartialDate(v any) bool {
	s, ok := v.(string)
	if !ok {
		return true
	}
	_, _, ok = DateRange(s)
	return ok || !partialShape(s)
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
// calendar date of one of the three shapes.
func DateRange(s string) (first, last time.Time, ok bool) {
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
