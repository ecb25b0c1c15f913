package suggest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as people compare names: lowercase, without accents
// (São → sao, México → mexico), its runs of white space one space.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.Join(strings.Fields(s), " ")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
