package rules

import (
	"agreements/internal/message"
)

// checkInsecureURL warns of a source read over http://: it may still be
// reached, but neither its reader nor the registry can tell that it was
// not altered on the way, and such pages are the first to go.
func checkInsecureURL(p *Pass, r *Rule) {
	f := p.Records[0]
	for _, u := range f.InsecureURLs {
		p.Report(r, f, u, message.New(RuleInsecureURL, "url", quote(u.Text)), message.New("hint.insecure-url"))
	}
}
