package fix

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	if got := Unified("a.yaml", []byte("x\ny\n"), []byte("x\ny\n")); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	before := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	after := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\ntwelve\n"
	// As GNU diff -u writes it: changes six lines apart share a hunk.
	want := `--- a/r.yaml
+++ b/r.yaml
@@ -2,11 +2,11 @@
 2
 3
 4
-5
+five
 6
 7
 8
 9
 10
 11
-12
+twelve
`
	if got := Unified("r.yaml", []byte(before), []byte(after)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestUnifiedApplies: for random edits, applying the hunks to the first
// text gives the second.
func TestUnifiedApplies(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		var a []string
		for i := range rng.Intn(30) {
			a = append(a, "line "+strconv.Itoa(i))
		}
		b := append([]string(nil), a...)
		for range rng.Intn(5) + 1 {
			switch i := rng.Intn(len(b) + 1); {
			case rng.Intn(3) == 0 || len(b) == 0 || i == len(b):
				b = append(b[:i], append([]string{"new " + strconv.Itoa(rng.Int())}, b[i:]...)...)
			case rng.Intn(2) == 0:
				b = append(b[:i], b[i+1:]...)
			default:
				b[i] = "changed " + strconv.Itoa(rng.Int())
			}
		}
		text := func(l []string) string {
			if len(l) == 0 {
				return ""
			}
			return strings.Join(l, "\n") + "\n"
		}
		d := Unified("f", []byte(text(a)), []byte(text(b)))
		if got := patch(t, a, d); text(got) != text(b) {
			t.Fatalf("patching\n%s\nwith\n%s\ngave\n%s\nwant\n%s", text(a), d, text(got), text(b))
		}
	}
}

// patch applies a unified diff, checking its context and counts.
func patch(t *testing.T, a []string, d string) []string {
	if d == "" {
		return a
	}
	lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")[2:]
	var out []string
	at := 0 // the next line of a to copy
	for k := 0; k < len(lines); {
		var oldStart, oldN, newStart, newN int
		if _, err := fmtSscanf(lines[k], &oldStart, &oldN, &newStart, &newN); err != nil {
			t.Fatalf("hunk header %q: %v", lines[k], err)
		}
		k++
		out = append(out, a[at:oldStart-1]...)
		at = oldStart - 1
		seenOld, seenNew := 0, 0
		for k < len(lines) && !strings.HasPrefix(lines[k], "@@") {
			l := lines[k]
			switch l[0] {
			case ' ':
				if a[at] != l[1:] {
					t.Fatalf("context %q, text %q", l[1:], a[at])
				}
				out = append(out, l[1:])
				at++
				seenOld++
				seenNew++
			case '-':
				if a[at] != l[1:] {
					t.Fatalf("removed %q, text %q", l[1:], a[at])
				}
				at++
				seenOld++
			case '+':
				out = append(out, l[1:])
				seenNew++
			}
			k++
		}
		if seenOld != oldN || seenNew != newN {
			t.Fatalf("hunk counts %d,%d, lines %d,%d", oldN, newN, seenOld, seenNew)
		}
	}
	return append(out, a[at:]...)
}

func fmtSscanf(s string, oldStart, oldN, newStart, newN *int) (int, error) {
	return sscanf(s, "@@ -%d,%d +%d,%d @@", oldStart, oldN, newStart, newN)
}

var sscanf = fmt.Sscanf
