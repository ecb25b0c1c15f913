package suggest

import (
	"sync"
	"testing"
)

func TestNearest(t *testing.T) {
	status := []string{"draft", "proposed", "in-force", "expired", "terminated", "superseded", "unknown"}
	tests := []struct {
		word string
		list []string
		want string
		ok   bool
	}{
		{"in force", status, "in-force", true},
		{"In_Force", status, "in-force", true},
		{"expird", status, "expired", true},
		{"unkown", status, "unknown", true},
		{"propsoed", status, "proposed", true},
		{"signed", status, "", false},
		{"x", status, "", false},
		{"titel", []string{"id", "title", "summary"}, "title", true},
		{"sumary", []string{"id", "title", "summary"}, "summary", true},
		{"partys", []string{"parties", "party"}, "party", true},
	}
	for _, tt := range tests {
		got, ok := Nearest(tt.word, tt.list)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Nearest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"título", "titulo", 1}, {"abc", "abc", 0},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestFinderAgrees: a Finder answers as Nearest does, asked once or many
// times, from many goroutines.
func TestFinderAgrees(t *testing.T) {
	candidates := []string{"lacnic", "nic-mexico", "cgi-br", "org-1", "org-12", "org-123", "Internet Society"}
	words := []string{"lacnc", "nic_mexico", "cgi br", "org-2", "org-1234", "internet-society", "zzz", "lacnic"}
	f := NewFinder(candidates)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range words {
				got, ok := f.Nearest(w)
				want, wantOK := Nearest(w, candidates)
				if got != want || ok != wantOK {
					t.Errorf("Finder.Nearest(%q) = %q %v, Nearest = %q %v", w, got, ok, want, wantOK)
				}
			}
		}()
	}
	wg.Wait()
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"São  Paulo":          "sao paulo",
		"NIC México":          "nic mexico",
		" Asociación\tCivil ": "asociacion civil",
		"CGI.br":              "cgi.br",
		"":                    "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
