package rules

import (
	"agreements/internal/message"
)

// checkRegion is record.country-outside-region: the countries are in
// LACNIC's service region.
func checkRegion(p *Pass, r *Rule) {
	if len(p.Region) == 0 {
		return
	}
	for _, f := range p.Records {
		for _, c := range f.Countries {
			if !p.Region[c.Text] && isCountryCode(c.Text) {
				p.Report(r, f, c, message.New(RuleOutsideRegion, "code", quote(c.Text)), message.Text{})
			}
		}
	}
}

// isCountryCode reports the shape of an ISO 3166-1 alpha-2 code; a value of
// another shape is the schema's to report.
func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
