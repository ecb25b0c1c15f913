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
