package format

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"agreements/internal/record"
)

// FuzzFormat: whatever the input, a formatted record parses to the same
// values, and formatting it again changes nothing (a fixed point).
//
// Run longer with: go test -run='^$' -fuzz=FuzzFormat -fuzztime=10m ./internal/format
func FuzzFormat(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/registry/records/*/*.yaml")
	more, _ := filepath.Glob("../../cmd/agreements/testdata/cases/*/records/*/*.yaml")
	for _, p := range append(files, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	fm, err := New(os.DirFS("../.."))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := fm.Format(record.Agreement, data)
		if err != nil {
			return // left as it is: nothing changed
		}
		before, _ := record.Parse("x.yaml", record.Agreement, data)
		after, ds := record.Parse("x.yaml", record.Agreement, out)
		if after == nil || len(ds) > 0 || !reflect.DeepEqual(before.Value(), after.Value()) {
			t.Fatalf("values changed:\n%s\n→\n%s", data, out)
		}
		again, err := fm.Format(record.Agreement, out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not a fixed point (%v):\n%s\n→\n%s", err, out, again)
		}
	})
}
