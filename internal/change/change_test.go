package change

import (
	"testing"
	"testing/fstest"
)

func TestSameFolder(t *testing.T) {
	a := fstest.MapFS{"schema/a.json": {Data: []byte("{}")}, "schema/b.json": {Data: []byte("[]")}}
	same := fstest.MapFS{"schema/a.json": {Data: []byte("{}")}, "schema/b.json": {Data: []byte("[]")}}
	changed := fstest.MapFS{"schema/a.json": {Data: []byte("{ }")}, "schema/b.json": {Data: []byte("[]")}}
	extra := fstest.MapFS{"schema/a.json": {Data: []byte("{}")}, "schema/b.json": {Data: []byte("[]")}, "schema/c.json": {Data: []byte("1")}}
	renamed := fstest.MapFS{"schema/a.json": {Data: []byte("{}")}, "schema/c.json": {Data: []byte("[]")}}
	for _, c := range []struct {
		name string
		b    fstest.MapFS
		want bool
	}{{"same", same, true}, {"changed", changed, false}, {"extra", extra, false}, {"renamed", renamed, false}, {"missing", fstest.MapFS{}, false}} {
		if got := sameFolder(a, c.b, "schema"); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
