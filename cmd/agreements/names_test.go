package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	testFunc = regexp.MustCompile(`(?m)^func ((?:Benchmark|Fuzz)[A-Z]\w*)\(`)
	testName = regexp.MustCompile(`\b((?:Benchmark|Fuzz)[A-Z]\w*)`)
)

// TestNamedBenchmarksExist reads every benchmark and fuzz target the
// project names (in Go comments, the docs, the scripts and .ci/run) and
// checks that one of that name exists: a comment that names a measurement
// must name one that can be run.
func TestNamedBenchmarksExist(t *testing.T) {
	root := filepath.Join("..", "..")
	defined := map[string]bool{}
	named := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") && p != root && name != ".ci" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		isGo := strings.HasSuffix(name, ".go")
		if !isGo && !strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".sh") && rel != filepath.Join(".ci", "run") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(data)
		if strings.HasSuffix(name, "_test.go") {
			for _, m := range testFunc.FindAllStringSubmatch(text, -1) {
				defined[m[1]] = true
			}
		}
		for _, line := range strings.Split(text, "\n") {
			if isGo {
				_, comment, ok := strings.Cut(line, "//")
				if !ok {
					continue
				}
				line = comment
			}
			for _, m := range testName.FindAllStringSubmatch(line, -1) {
				named[m[1]] = append(named[m[1]], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(defined) < 10 {
		t.Fatalf("found %d benchmarks and fuzz targets: the walk missed the module", len(defined))
	}
	var missing []string
	for name, where := range named {
		if !defined[name] {
			missing = append(missing, name+" (named in "+strings.Join(where, ", ")+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no benchmark or fuzz target %s", m)
	}
}
