package check

import (
	"runtime/debug"
	"unsafe"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// heldLimit keeps the soft memory limit at a base plus what the run holds
// of its report.
type heldLimit struct {
	base, held, next int64
}

// limitStep is how much more must be held before the limit is raised
// again: setting it is cheap, but not free.
const limitStep = 1 << 20

// newHeldLimit sets the limit to base, and returns what raises it; with
// base 0 it changes nothing.
func newHeldLimit(base int64) *heldLimit {
	if base > 0 {
		debug.SetMemoryLimit(base)
	}
	return &heldLimit{base: base, next: limitStep}
}

// hold counts ds as held until the run ends; the caller serialises calls.
func (l *heldLimit) hold(ds []diag.Diagnostic) {
	if l.base <= 0 {
		return
	}
	for _, d := range ds {
		l.held += diagnosticSize(d)
	}
	if l.held >= l.next {
		debug.SetMemoryLimit(l.base + l.held)
		l.next = l.held + limitStep
	}
}

// diagnosticSize is about what d occupies on the heap: the value, its
// pointer and the texts' arguments (the file, rule and catalog keys are
// shared with other values).
func diagnosticSize(d diag.Diagnostic) int64 {
	n := int64(unsafe.Sizeof(d)) + int64(len(d.Pointer))
	for _, t := range []message.Text{d.Message, d.Hint} {
		n += int64(len(t.Args)) * int64(unsafe.Sizeof(""))
		for i := 1; i < len(t.Args); i += 2 {
			n += int64(len(t.Args[i]))
		}
	}
	return n
}
