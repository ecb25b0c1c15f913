package message

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	tests := []struct {
		format string
		args   map[string]string
		want   string
	}{
		{"plain", nil, "plain"},
		{"{a} and {b}", map[string]string{"a": "1", "b": "2"}, "1 and 2"},
		{"{b} before {a}", map[string]string{"a": "1", "b": "2"}, "2 before 1"},
		{"{missing} stays", nil, "{missing} stays"},
		{"unclosed {brace", nil, "unclosed {brace"},
		{"value {v}", map[string]string{"v": "{v}"}, "value {v}"}, // no re-expansion
	}
	for _, tt := range tests {
		if got := Expand(tt.format, tt.args); got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	if got := Placeholders("{b} {a} {b}"); !reflect.DeepEqual(got, []string{"a", "b", "b"}) {
		t.Errorf("got %v", got)
	}
}

func TestCatalogHasNoEmptyText(t *testing.T) {
	for _, k := range Keys() {
		if s, _ := Lookup(k); strings.TrimSpace(s) == "" {
			t.Errorf("%s: empty text", k)
		}
	}
}

// TestEveryKeyUsedExists scans the source for message.New("key", ...) and
// checks that each literal key is in the catalog, and that the call names
// every placeholder the text uses.
func TestEveryKeyUsedExists(t *testing.T) {
	call := regexp.MustCompile(`message\.New\("([a-z0-9.\-]+)"`)
	root := filepath.Join("..", "..")
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(data)
		for _, loc := range call.FindAllStringSubmatchIndex(src, -1) {
			key := src[loc[2]:loc[3]]
			if strings.HasSuffix(key, ".") { // a prefix completed at run time
				continue
			}
			seen++
			text, ok := Lookup(key)
			if !ok {
				t.Errorf("%s: key %q is not in the catalog", p, key)
				continue
			}
			args := callText(src[loc[0]:])
			for _, name := range Placeholders(text) {
				if !strings.Contains(args, `"`+name+`"`) {
					t.Errorf("%s: %q uses {%s}, which the call does not give", p, key, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Fatalf("found only %d calls: the scan is broken", seen)
	}
}

// callText returns src up to the parenthesis that closes its first one.
func callText(src string) string {
	depth := 0
	for i, r := range src {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return src[:i+1]
			}
		}
	}
	return src
}
