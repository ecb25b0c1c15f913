package record

import (
	"fmt"
	"strings"
	"testing"
)

// withinByScan is the definition Selection must keep: p is one of only, or
// under one of them (a folder named with a trailing slash is itself in it).
func withinByScan(p string, only []string) bool {
	if only == nil {
		return true
	}
	for _, o := range only {
		if p == strings.TrimSuffix(o, "/") || strings.HasPrefix(p, strings.TrimSuffix(o, "/")+"/") {
			return true
		}
	}
	return false
}

func TestSelection(t *testing.T) {
	onlies := [][]string{nil, {}, {"records"}, {"records/"}, {"records/agreements"}, {"records/agreements/a.yaml"},
		{"records/agreements/a.yaml", "records/organizations/"}, {"records/agreements/a"}}
	paths := []string{"records/agreements/a.yaml", "records/agreements/ab.yaml", "records/agreements/a",
		"records/organizations/o.yaml", "records", "recordsx/a.yaml", "schema/x.json"}
	for _, only := range onlies {
		s := NewSelection(only)
		for _, p := range paths {
			if got, want := s.Has(p), withinByScan(p, only); got != want {
				t.Errorf("NewSelection(%q).Has(%q) = %v, want %v", only, p, got, want)
			}
		}
	}
}

// BenchmarkSelection10k: 10,000 files asked against 10,000 named paths.
func BenchmarkSelection10k(b *testing.B) {
	var only, paths []string
	for i := range 10000 {
		p := fmt.Sprintf("records/agreements/a-%d.yaml", i)
		paths = append(paths, p)
		only = append(only, p)
	}
	for b.Loop() {
		s := NewSelection(only)
		for _, p := range paths {
			if !s.Has(p) {
				b.Fatal(p)
			}
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind Kind
		ok   bool
	}{
		{"records/agreements/a.yaml", Agreement, true},
		{"records/organizations/lacnic.yaml", Organization, true},
		{"records/agreements/.yaml", 0, false},
		{"records/agreements/a.yml", 0, false},
		{"records/agreements/sub/a.yaml", 0, false},
		{"records/others/a.yaml", 0, false},
		{"records/a.yaml", 0, false},
		{"other/agreements/a.yaml", 0, false},
		{"records", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		f, ok := Classify(tt.rel)
		if ok != tt.ok || (ok && (f.Kind != tt.kind || f.Path != tt.rel)) {
			t.Errorf("Classify(%q) = %+v, %v; want kind %v, %v", tt.rel, f, ok, tt.kind, tt.ok)
		}
	}
}
