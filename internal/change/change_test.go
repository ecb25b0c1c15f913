package change

import "testing"

func TestNamesAny(t *testing.T) {
	ids := [][]byte{[]byte("isc"), []byte("cgi-br")}
	tests := []struct {
		text string
		want bool
	}{
		{"parties: [lacnic, isc]", true},
		{"parties: [lacnic, cgi-br]\n", true},
		{"isc", true},
		{"parties: [lacnic, isc-x]", false},
		{"agreement: misc", false},
		{"cgi-brx cgi-br-2 xisc", false},
		{"xisc isc", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := namesAny([]byte(tt.text), ids); got != tt.want {
			t.Errorf("namesAny(%q) = %v", tt.text, got)
		}
	}
}
