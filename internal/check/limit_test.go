package check

import (
	"runtime/debug"
	"strings"
	"testing"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// TestHeldLimit: the memory limit starts at the base and grows by what
// the run holds of its report, a step at a time; without a base it is
// left alone.
func TestHeldLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	current := func() int64 { return debug.SetMemoryLimit(-1) }

	d := diag.Diagnostic{File: "records/agreements/a.yaml", Rule: "schema.pattern", Pointer: "/documents/0/url",
		Message: message.New("schema.pattern", "value", `"`+strings.Repeat("x", 200)+`"`)}
	size := diagnosticSize(d)
	if size < 200+int64(len(d.Pointer)) {
		t.Fatalf("diagnosticSize = %d: it must count the arguments and the pointer", size)
	}

	const base = 48 << 20
	l := newHeldLimit(base)
	if got := current(); got != base {
		t.Fatalf("limit %d, want the base %d", got, base)
	}
	l.hold([]diag.Diagnostic{d})
	if got := current(); got != base {
		t.Errorf("limit %d after one diagnostic, want it raised only a step at a time", got)
	}
	n := int(limitStep/size) + 1
	for range n {
		l.hold([]diag.Diagnostic{d})
	}
	if got, want := current(), base+int64(n+1)*size; got < base+limitStep || got > want {
		t.Errorf("limit %d after %d diagnostics, want between %d and %d", got, n+1, base+limitStep, want)
	}

	debug.SetMemoryLimit(old)
	l = newHeldLimit(0)
	for range 2 * n {
		l.hold([]diag.Diagnostic{d})
	}
	if got := current(); got != old {
		t.Errorf("without a base the limit changed to %d", got)
	}
}
