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

func TestQualifiedDate(t *testing.T) {
	for in, want := range map[string]string{
		"~2007": "2007~", "2007~~": "2007~", "c. 2007": "2007~", "circa 2007-05": "2007-05~", "2014 ?": "2014?",
		"?2014-05-02": "2014-05-02?", "2007": "", "2007?~": "", "c. 2007?": "", "~": "", "~2007-02-30": "", "~20071": "",
	} {
		if got := qualifiedDate(in); got != want {
			t.Errorf("qualifiedDate(%q) = %q, want %q", in, got, want)
		}
	}
}
