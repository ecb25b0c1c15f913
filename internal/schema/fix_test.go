package schema

import "testing"

func TestISODate(t *testing.T) {
	for in, want := range map[string]string{
		"15/08/2023": "2023-08-15", "5.8.2023": "2023-08-05", "1-4-2004": "2004-04-01",
		"15 de agosto de 2023": "2023-08-15", "1º de janeiro de 2004": "2004-01-01", "7 de Setiembre 2010": "2010-09-07",
		"31/02/2023": "", "15/13/2023": "", "2023-08-15": "", "agosto de 2023": "", "15 de agust de 2023": "",
	} {
		if got := isoDate(in); got != want {
			t.Errorf("isoDate(%q) = %q, want %q", in, got, want)
		}
	}
}
