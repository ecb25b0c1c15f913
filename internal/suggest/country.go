package suggest

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryCodes maps a country's name, as CLDR writes it in Spanish,
// Portuguese or English and folded as people compare names (Fold), to its
// ISO 3166-1 alpha-2 code: "Paraguay" to PY, "México" and "Mexico" to MX,
// "Brasil" and "Brazil" to BR. Worked out once, when first asked.
var countryCodes = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	namers := []display.Namer{display.Spanish.Regions(), display.Portuguese.Regions(), display.English.Regions()}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			region, err := language.ParseRegion(code)
			if err != nil || !region.IsCountry() || region.String() != code {
				continue
			}
			for _, n := range namers {
				if name := n.Name(region); name != "" {
					names[Fold(name)] = code
				}
			}
		}
	}
	return names
})

// CountryCode returns the ISO 3166-1 alpha-2 code of the country that s
// names in Spanish, Portuguese or English ("" when it names none).
func CountryCode(s string) string {
	return countryCodes()[Fold(strings.TrimSpace(s))]
}
