package emit

import "testing"

// TestSharedPage checks that a page's model is made once for its three
// files and let go after the last, and made again if a file is written
// again.
func TestSharedPage(t *testing.T) {
	made := 0
	p := &sharedPage{make: func() pageData { made++; return pageData{Path: "x/"} }, left: 3}
	for i := 0; i < 3; i++ {
		if d := p.get(); d.Path != "x/" {
			t.Fatalf("get %d: %q", i, d.Path)
		}
	}
	if made != 1 || p.data != nil {
		t.Errorf("made %d times, held after the last: %v", made, p.data != nil)
	}
	if p.get(); made != 2 {
		t.Errorf("a fourth write made the model %d times in all", made)
	}
}
