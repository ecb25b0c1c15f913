package record

import "testing"

func TestDateRange(t *testing.T) {
	tests := []struct {
		in, first, last string
		ok              bool
	}{
		{"2004", "2004-01-01", "2004-12-31", true},
		{"2004-02", "2004-02-01", "2004-02-29", true},
		{"2003-02", "2003-02-01", "2003-02-28", true},
		{"2007-08-16", "2007-08-16", "2007-08-16", true},
		{"2007-00", "", "", false},
		{"2007-8-16", "", "", false},
		{"20071", "", "", false},
		{"", "", "", false},
		{"2007~", "2007-01-01", "2007-12-31", true},
		{"2014-05?", "2014-05-01", "2014-05-31", true},
		{"2007-08-16~", "2007-08-16", "2007-08-16", true},
		{"2007~~", "", "", false},
		{"~2007", "", "", false},
		{"2007?~", "", "", false},
		{"2007%", "", "", false},
		{"2003-02-30?", "", "", false},
	}
	for _, tt := range tests {
		first, last, ok := DateRange(tt.in)
		if ok != tt.ok || (ok && (first.Format("2006-01-02") != tt.first || last.Format("2006-01-02") != tt.last)) {
			t.Errorf("DateRange(%q) = %v, %v, %v", tt.in, first, last, ok)
		}
	}
}
