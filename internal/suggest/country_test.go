package suggest

import "testing"

func TestCountryCode(t *testing.T) {
	for name, want := range map[string]string{
		"Paraguay": "PY", "paraguay": "PY", "Uruguay": "UY", "Uruguai": "UY", "México": "MX", "Mexico": "MX",
		"Brasil": "BR", "Brazil": "BR", "Estados Unidos": "US", "United States": "US", "Haití": "HT", "Haiti": "HT",
		" Costa Rica ": "CR", "Perú": "PE", "Atlantis": "", "": "", "PY": "",
	} {
		if got := CountryCode(name); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", name, got, want)
		}
	}
}
