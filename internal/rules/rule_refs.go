package rules

import (
	"slices"
	"strings"

	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/suggest"
)

// checkUnknownOrganization is ref.unknown-organization: every party and
// contributor is an organisation of the registry.
func checkUnknownOrganization(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.Kind != record.Agreement {
			continue
		}
		for _, v := range append(append([]Value{}, f.Parties...), f.PartyUses...) {
			if v.Text == "" || p.Exists(record.Organization, v.Text) {
				continue
			}
			hint := message.New("hint.create-organization", "file", record.Dir+"/"+record.Organization.Folder()+"/"+v.Text+".yaml")
			if near, ok := p.c.nearest(record.Organization, v.Text); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
			}
			p.Report(r, f, v, message.New(RuleUnknownOrg, "id", quote(v.Text)), hint)
		}
	}
}

// checkNotAParty is ref.not-a-party: who contributes or signs is a party.
func checkNotAParty(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.Kind != record.Agreement {
			continue
		}
		parties := make([]string, 0, len(f.Parties))
		for _, v := range f.Parties {
			if !slices.Contains(parties, v.Text) {
				parties = append(parties, v.Text)
			}
		}
		for _, v := range f.PartyUses {
			if v.Text == "" || slices.Contains(parties, v.Text) {
				continue
			}
			hint := message.New("hint.allowed", "allowed", strings.Join(parties, ", "))
			if near, ok := suggest.Nearest(v.Text, parties); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
				// "nic-mexcio" among the parties and "nic-mexico" here:
				// the party is what to correct, not this.
				if !p.Exists(record.Organization, near) && p.Exists(record.Organization, v.Text) {
					hint = message.New("hint.fix-party", "party", quote(near), "value", quote(v.Text))
				}
			}
			p.Report(r, f, v, message.New(RuleNotAParty, "id", quote(v.Text)), hint)
		}
	}
}

// checkUnknownAgreement is ref.unknown-agreement: a relation names an
// agreement of the registry.
func checkUnknownAgreement(p *Pass, r *Rule) {
	for _, f := range p.Records {
		for _, rel := range f.Relations {
			if rel.Target.Text == "" || p.Exists(record.Agreement, rel.Target.Text) {
				continue
			}
			hint := message.Text{}
			if near, ok := p.c.nearest(record.Agreement, rel.Target.Text); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
			}
			p.Report(r, f, rel.Target, message.New(RuleUnknownAgrmt, "id", quote(rel.Target.Text)), hint)
		}
	}
}

// checkUnusedOrganization is ref.unused-organization: every organisation
// is a party to some agreement. It needs every agreement's parties: when
// one could not be parsed, it says nothing rather than guess.
func checkUnusedOrganization(p *Pass, r *Rule) {
	if p.c.partial {
		return
	}
	for _, f := range p.Records {
		if f.Kind == record.Organization && f.Parsed && !p.c.used[f.Stem] {
			p.Report(r, f, f.At(), message.New(RuleUnusedOrg, "id", quote(f.Stem)), message.Text{})
		}
	}
}
