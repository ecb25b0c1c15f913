package emit

import (
	"slices"
	"testing"
)

// TestSortedByText checks that lists of countries follow each language's
// names and collation: Mexico before the United States in English, after
// Estados Unidos in Spanish, and an accent not pushing a name to the end
// (Índia before Indonésia in Portuguese).
func TestSortedByText(t *testing.T) {
	codes := []string{"US", "MX", "PE", "PA", "BR"}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"BR", "MX", "PA", "PE", "US"}},
		{"es", []string{"BR", "US", "MX", "PA", "PE"}},
		{"pt", []string{"BR", "US", "MX", "PA", "PE"}},
	} {
		got := sortedByText(codes, tc.lang, countryNames)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.lang, got, tc.want)
		}
	}
	if got, want := sortedByText([]string{"IT", "ID", "IN"}, "pt", countryNames), []string{"IN", "ID", "IT"}; !slices.Equal(got, want) {
		t.Errorf("pt: %v, want %v", got, want)
	}
	if !slices.Equal(codes, []string{"US", "MX", "PE", "PA", "BR"}) {
		t.Errorf("the list given was reordered: %v", codes)
	}
}
