package index

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"agreements/internal/record"
	"agreements/internal/synth"
)

// byJSON is the reference decoding: the record's JSON value encoded and
// decoded into the index's types by encoding/json, field names from the
// struct tags.
func byJSON(t *testing.T, d *record.Document) Decoded {
	t.Helper()
	data, err := json.Marshal(d.Value)
	if err != nil {
		t.Fatal(err)
	}
	out := Decoded{File: d.File}
	if d.Kind == record.Organization {
		var o Organization
		if err := json.Unmarshal(data, &o); err != nil {
			t.Fatal(err)
		}
		o.File = d.File
		out.organization = &o
		return out
	}
	var raw struct {
		Agreement
		Parties []string `json:"parties"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	raw.Agreement.File = d.File
	out.agreement, out.parties = &raw.Agreement, raw.Parties
	return out
}

// TestDecodeMatchesJSON: Decode gives what encoding/json gives, on the
// shipped records and on generated ones that use every optional field.
func TestDecodeMatchesJSON(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, "../../schema", 300, 7); err != nil {
		t.Fatal(err)
	}
	var n int
	for _, root := range []string{"../..", dir} {
		files, _, err := record.List(os.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(root, f.Path))
			if err != nil {
				t.Fatal(err)
			}
			doc, diags := record.Parse(f.Path, f.Kind, data)
			if doc == nil {
				t.Fatalf("%s: %v", f.Path, diags)
			}
			if got, want := Decode(doc), byJSON(t, doc); !reflect.DeepEqual(got, want) {
				t.Errorf("%s:\n got %+v\nwant %+v", f.Path, got, want)
			}
			n++
		}
	}
	if n < 300 {
		t.Fatalf("only %d records compared", n)
	}
}
