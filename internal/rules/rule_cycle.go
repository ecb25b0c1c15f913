package rules

import (
	"strings"

	"agreements/internal/message"
	"agreements/internal/record"
)

// checkRelationCycle reports each relation that closes a cycle (an
// agreement that, following relations, leads back to itself).
func checkRelationCycle(p *Pass, r *Rule) {
	// Every agreement that was read is a node, known by its file's index.
	byID := map[string]int{}
	for i, file := range p.c.files {
		if file.Kind == record.Agreement {
			if f := p.c.wholeFacts(i); f == nil || f.Parsed {
				byID[file.Stem()] = i
			}
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(i int)
	visit = func(i int) {
		id := p.c.files[i].Stem()
		state[id] = active
		stack = append(stack, id)
		for _, rel := range p.relations(i) {
			t := rel.Target.Text
			j, ok := byID[t]
			if !ok {
				continue
			}
			switch state[t] {
			case unseen:
				visit(j)
			case active:
				k := len(stack) - 1
				for stack[k] != t {
					k--
				}
				path := append(append([]string{}, stack[k:]...), t)
				p.Report(r, p.facts(i), rel.Target, message.New(RuleRelationCycle, "cycle", strings.Join(path, " → ")), message.Text{})
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for i, file := range p.c.files {
		if j, ok := byID[file.Stem()]; ok && j == i && state[file.Stem()] == unseen && file.Kind == record.Agreement {
			visit(i)
		}
	}
}
