package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDataPackage: every table of the built datapackage.json (Data
// Package 2.0; TestOpenDataFormats validates the descriptor against the
// standard's profiles with ajv) reads back against its Table Schema: the
// header is its fields, each cell has its field's type and pattern, keys
// are unique, and every foreign key leads to a row.
func TestDataPackage(t *testing.T) {
	dist := builtSite(t)
	data, err := os.ReadFile(filepath.Join(dist, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Schema    string `json:"$schema"`
		Resources []struct {
			Name, Path, Type string
			Schema           struct {
				Fields []struct {
					Name, Type  string
					Constraints struct {
						Pattern          string
						Required, Unique bool
					}
				}
				PrimaryKey  []string
				ForeignKeys []struct {
					Fields    []string
					Reference struct {
						Resource string
						Fields   []string
					}
				}
			}
		}
	}
	json.Unmarshal(data, &pkg)
	if pkg.Schema != "https://datapackage.org/profiles/2.0/datapackage.json" {
		t.Errorf("$schema %q", pkg.Schema)
	}
	ids := map[string]map[string]bool{}
	rowsOf := map[string][]map[string]string{}
	types := map[string]*regexp.Regexp{"year": regexp.MustCompile(`^[0-9]{4}$`), "date": regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)}
	tables := 0
	for _, r := range pkg.Resources {
		if r.Type != "table" {
			continue
		}
		tables++
		f, err := os.Open(filepath.Join(dist, r.Path))
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		var names []string
		for _, fd := range r.Schema.Fields {
			names = append(names, fd.Name)
		}
		if strings.Join(records[0], ",") != strings.Join(names, ",") {
			t.Errorf("%s: header %q, fields %q", r.Path, records[0], names)
		}
		keys := map[string]bool{}
		ids[r.Name] = map[string]bool{}
		for n, rec := range records[1:] {
			row := map[string]string{}
			for i, fd := range r.Schema.Fields {
				v := rec[i]
				row[fd.Name] = v
				switch {
				case v == "" && fd.Constraints.Required:
					t.Errorf("%s row %d: %s is required", r.Path, n+2, fd.Name)
				case v == "":
				case types[fd.Type] != nil && !types[fd.Type].MatchString(v):
					t.Errorf("%s row %d: %s %q is not a %s", r.Path, n+2, fd.Name, v, fd.Type)
				case fd.Constraints.Pattern != "" && !regexp.MustCompile(fd.Constraints.Pattern).MatchString(v):
					t.Errorf("%s row %d: %s %q breaks its pattern", r.Path, n+2, fd.Name, v)
				}
			}
			var key []string
			for _, k := range r.Schema.PrimaryKey {
				key = append(key, row[k])
			}
			if keys[strings.Join(key, "\x00")] {
				t.Errorf("%s row %d: primary key %q repeated", r.Path, n+2, key)
			}
			keys[strings.Join(key, "\x00")] = true
			ids[r.Name][row["id"]] = true
			rowsOf[r.Name] = append(rowsOf[r.Name], row)
		}
	}
	if tables != 3 || len(rowsOf["agreements"]) != fixtureCount(t, "agreements") || len(rowsOf["organizations"]) != fixtureCount(t, "organizations") {
		t.Errorf("%d tables, %d agreements, %d organisations", tables, len(rowsOf["agreements"]), len(rowsOf["organizations"]))
	}
	links := 0
	for _, r := range pkg.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			for _, row := range rowsOf[r.Name] {
				links++
				if !ids[fk.Reference.Resource][row[fk.Fields[0]]] {
					t.Errorf("%s: %s %q is no row of %s", r.Path, fk.Fields[0], row[fk.Fields[0]], fk.Reference.Resource)
				}
			}
		}
	}
	if links == 0 {
		t.Error("no foreign key was followed")
	}
}
