// Package suggest finds what a person probably meant: the nearest of a set
// of allowed words to a word that is not allowed.
package suggest

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Nearest returns the candidate closest to word, when one is close enough
// to be a likely typo: equal once case, spaces and underscores are
// normalised, or within an edit distance of a third of its length (at
// least 1, at most 3). Candidates earlier in the list win ties.
func Nearest(word string, candidates []string) (string, bool) {
	return NewFinder(candidates).find(word)
}

// Finder answers Nearest for one list of candidates, many times and
// concurrently: the candidates are normalised once, and each word's answer
// is kept (a partner renamed can leave thousands of records naming the
// same missing id).
type Finder struct {
	candidates []string
	once       sync.Once
	norms      []string // made on the first question: most runs ask none
	mu         sync.Mutex
	answers    map[string]answer
}

type answer struct {
	near string
	ok   bool
}

// NewFinder prepares Nearest over candidates.
func NewFinder(candidates []string) *Finder { return &Finder{candidates: candidates} }

// Nearest is Nearest(word, candidates).
func (f *Finder) Nearest(word string) (string, bool) {
	f.mu.Lock()
	a, ok := f.answers[word]
	f.mu.Unlock()
	if ok {
		return a.near, a.ok
	}
	near, found := f.find(word)
	f.mu.Lock()
	if f.answers == nil {
		f.answers = map[string]answer{}
	}
	f.answers[word] = answer{near, found}
	f.mu.Unlock()
	return near, found
}

func (f *Finder) find(word string) (string, bool) {
	f.once.Do(func() {
		f.norms = make([]string, len(f.candidates))
		for i, c := range f.candidates {
			f.norms[i] = normalize(c)
		}
	})
	norm := normalize(word)
	n := utf8.RuneCountInString(norm)
	best, bestDist := "", 0
	for i, c := range f.candidates {
		if c == word {
			continue
		}
		nc := f.norms[i]
		if nc == norm {
			return c, true
		}
		limit := min(max(utf8.RuneCountInString(c)/3, 1), 3)
		// The distance is at least the difference in length: skip the
		// candidates that cannot be near.
		if diff := utf8.RuneCountInString(nc) - n; diff > limit || -diff > limit {
			continue
		}
		d := Distance(norm, nc)
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// separators are written as hyphens before comparing.
var separators = strings.NewReplacer(" ", "-", "_", "-")

func normalize(s string) string {
	return separators.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// Distance is the Levenshtein distance between a and b, counted in runes,
// where swapping two neighbouring runes counts as one edit (a common typo).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows suffice for the optimal string alignment distance.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
