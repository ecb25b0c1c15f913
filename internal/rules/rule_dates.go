package rules

import (
	"agreements/internal/message"
	"agreements/internal/record"
)

// checkDateOrder is record.date-order: signed, start and end in order.
func checkDateOrder(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.End.Pointer == "" {
			continue
		}
		_, endLast, ok := record.DateRange(f.End.Text)
		if !ok {
			continue
		}
		for _, earlier := range []struct {
			v    Value
			name string
		}{{f.Start, "start"}, {f.Signed, "signed"}} {
			if earlier.v.Pointer == "" {
				continue
			}
			if first, _, ok := record.DateRange(earlier.v.Text); ok && endLast.Before(first) {
				p.Report(r, f, f.End, message.New(RuleDateOrder, "end", quote(f.End.Text),
					"field", earlier.name, "date", quote(earlier.v.Text)), message.Text{})
			}
		}
	}
}

// checkActionOrder is record.action-order: a party withdraws only after
// it signed or joined. Dates are ranges ("2005" is all of 2005), so only a
// withdrawal that ends before the signing can begin is reported.
func checkActionOrder(p *Pass, r *Rule) {
	for _, f := range p.Records {
		for _, w := range f.Actions {
			if w.Act != "withdrew" {
				continue
			}
			_, wLast, ok := record.DateRange(w.Date.Text)
			if !ok {
				continue
			}
			for _, s := range f.Actions {
				if s.Party != w.Party || (s.Act != "signed" && s.Act != "joined") {
					continue
				}
				if sFirst, _, ok := record.DateRange(s.Date.Text); ok && wLast.Before(sFirst) {
					p.Report(r, f, w.Date, message.New(RuleActionOrder, "party", quote(w.Party), "date", quote(w.Date.Text),
						"act", s.Act, "other", quote(s.Date.Text)), message.Text{})
					break
				}
			}
		}
	}
}

// checkInForceEnded is record.in-force-ended: an agreement in force has
// not ended.
func checkInForceEnded(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.Status.Text != "in-force" || f.End.Pointer == "" {
			continue
		}
		if _, last, ok := record.DateRange(f.End.Text); ok && last.Before(p.AsOf) {
			p.Report(r, f, f.Status, message.New(RuleInForceEnded, "end", quote(f.End.Text),
				"asof", p.AsOf.Format("2006-01-02")), message.New("hint.did-you-mean", "value", quote("expired")))
		}
	}
}
