package rules

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"agreements/internal/message"
	"agreements/internal/record"
)

// RuleDuplicate warns of a record that looks like a copy of another: two
// agreements with the same Spanish summary (of eight words or more), or
// the same sources (each
// address with its note; two or more, or one with a note), or the
// same parties and Spanish title signed on compatible dates (an undated
// one is compatible with any date), once case, accents and punctuation
// are set aside; two organisations with a name or short name in common,
// or the same website host. Agreements of one family (installations of
// one programme in several countries, with near-identical titles) are
// not copies. A record answers it with not_duplicate_of.
const RuleDuplicate = "record.possible-duplicate"

// What two records have in common, for record.possible-duplicate, in the
// order a pair's warning names the first that holds.
const (
	dupSummary uint8 = iota
	dupSources
	dupPartiesTitle
	dupName
	dupHost
)

var dupReasons = [...]string{"duplicate.summary", "duplicate.sources", "duplicate.parties-title", "duplicate.name", "duplicate.host"}

// dupKey is one thing a record may have in common with another: a hash of
// it, the record's place among the files, and for dupPartiesTitle the
// date signed as YYYYMMDD with zeros for what the record does not say
// (all zeros when undated). It holds no pointer, so that a large
// registry's keys cost the collector nothing to mark, and what and the
// date share 32 bits, so that a key is 16 bytes.
type dupKey struct {
	hash     uint64
	file     int32
	whatDate uint32 // what<<dupDateBits | date
}

// dupDateBits is the bits of a dupKey's date: YYYYMMDD is below 2^27.
const dupDateBits = 27

func newDupKey(hash uint64, file int32, what uint8, date uint32) dupKey {
	return dupKey{hash: hash, file: file, whatDate: uint32(what)<<dupDateBits | date}
}

func (k dupKey) what() uint8  { return uint8(k.whatDate >> dupDateBits) }
func (k dupKey) date() uint32 { return k.whatDate & (1<<dupDateBits - 1) }

// dupKeys returns the keys of one record's facts.
func dupKeys(file int32, f *Facts) []dupKey {
	if !f.Parsed || f.Fields == nil {
		return nil
	}
	var out []dupKey
	key := func(what uint8) foldHash {
		h := newFoldHash()
		h.byte(what)
		return h
	}
	switch f.Kind {
	case record.Agreement:
		// A short summary ("Acuerdo de cooperación técnica.") can be two
		// records' own words; a longer one repeated is a copy.
		if h := key(dupSummary); h.folded(f.SummaryES) >= minSummaryWords {
			out = append(out, newDupKey(uint64(h), file, dupSummary, 0))
		}
		// One page with no note of one's own is how several agreements of
		// one announcement cite it: it is no sign of a copy.
		if len(f.Sources) > 1 || len(f.Sources) == 1 && strings.Contains(f.Sources[0], "\x00") {
			sources := slices.Clone(f.Sources)
			slices.Sort(sources)
			h := key(dupSources)
			h.text(strings.Join(slices.Compact(sources), "\x01"))
			out = append(out, newDupKey(uint64(h), file, dupSources, 0))
		}
		if len(f.Parties) > 0 {
			parties := make([]string, 0, len(f.Parties))
			for _, p := range f.Parties {
				parties = append(parties, p.Text)
			}
			slices.Sort(parties)
			h := key(dupPartiesTitle)
			h.text(strings.Join(slices.Compact(parties), " "))
			h.byte(0)
			if h.folded(f.TitleES) > 0 {
				date, ok := packDate(f.Signed.Text)
				if !ok {
					date = 0 // undated, or a date the schema refuses: any date
				}
				out = append(out, newDupKey(uint64(h), file, dupPartiesTitle, date))
			}
		}
	case record.Organization:
		var seen []foldHash
		for _, n := range f.Names {
			if h := key(dupName); h.folded(n) > 0 && !slices.Contains(seen, h) {
				seen = append(seen, h)
				out = append(out, newDupKey(uint64(h), file, dupName, 0))
			}
		}
		if host := host(f.Website); host != "" {
			h := key(dupHost)
			h.text(host)
			out = append(out, newDupKey(uint64(h), file, dupHost, 0))
		}
	}
	return out
}

// foldHash is a 64-bit FNV-1a hash of what a key compares.
type foldHash uint64

func newFoldHash() foldHash { return 14695981039346656037 }

func (h *foldHash) byte(c byte) { *h = (*h ^ foldHash(c)) * 1099511628211 }

func (h *foldHash) text(s string) {
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
}

// folded hashes s as two titles, summaries or names are compared:
// lowercase, without accents, its words of letters and digits one space
// apart (suggest.Fold, then every other character a space); it returns
// how many words there were. It builds no string: a summary is hashed
// as it is read.
func (h *foldHash) folded(s string) (words int) {
	in := false
	var buf [utf8.UTFMax]byte
	emit := func(r rune) {
		if !in {
			if words > 0 {
				h.byte(' ')
			}
			words++
			in = true
		}
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			h.byte(c)
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'A' <= r && r <= 'Z':
				emit(r + 'a' - 'A')
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				emit(r)
			default:
				in = false
			}
			continue
		}
		var folded string
		if i := r - latinFirst; 0 <= i && i < rune(len(latin())) {
			folded = latin()[i]
		} else {
			folded = foldRune(r)
		}
		for _, d := range folded {
			if d == ' ' {
				in = false
			} else {
				emit(d)
			}
		}
	}
	return words
}

// foldRune returns what r folds to: its decomposition without marks, in
// lowercase, with a space for each part that is neither a letter nor a
// digit (a separator); "" for a mark alone.
func foldRune(r rune) string {
	var out []rune
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if d = unicode.ToLower(d); !unicode.IsLetter(d) && !unicode.IsDigit(d) {
			d = ' '
		}
		out = append(out, d)
	}
	return string(out)
}

// latinFirst is the first of the runes latin holds folded: Latin-1's
// letters, and Latin Extended-A and -B, where Spanish and Portuguese
// accents are.
const latinFirst = 0xC0

// latin holds foldRune of U+00C0 to U+024F, worked out once: a summary
// has an accent every few words.
var latin = sync.OnceValue(func() []string {
	out := make([]string, 0x250-latinFirst)
	for i := range out {
		out[i] = foldRune(rune(latinFirst + i))
	}
	return out
})

// host is a website's host, lowercase, without "www.".
func host(website string) string {
	u, err := url.Parse(website)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// packDate packs a partial date, YYYY, YYYY-MM or YYYY-MM-DD, as YYYYMMDD
// with zeros for the parts it leaves out.
func packDate(s string) (uint32, bool) {
	if _, _, ok := record.DateRange(s); !ok {
		return 0, false
	}
	var n [3]int
	for i, part := range strings.SplitN(s, "-", 3) {
		n[i], _ = strconv.Atoi(part)
	}
	return uint32(n[0]*10000 + n[1]*100 + n[2]), true
}

// compatibleDates reports whether two packed dates can be the same day:
// equal where both say a year, a month, and a day.
func compatibleDates(a, b uint32) bool {
	ay, by := a/10000, b/10000
	if ay != 0 && by != 0 && ay != by {
		return false
	}
	am, bm := a/100%100, b/100%100
	if am != 0 && bm != 0 && am != bm {
		return false
	}
	ad, bd := a%100, b%100
	return ad == 0 || bd == 0 || ad == bd
}

// minSummaryWords is how many words a Spanish summary needs for its
// repetition to be a sign of a copy.
const minSummaryWords = 8

// maxNamed is how many other records one warning names.
const maxNamed = 3

// dupFinding is what one record has in common with others, for one kind
// of key.
type dupFinding struct {
	file   int32
	what   uint8
	others []int32
}

// checkDuplicates groups the records by what they have in common, then
// warns once on each record of a group of two or more, naming the others
// it was not already warned of under a stronger reason.
func checkDuplicates(p *Pass, r *Rule) {
	c := p.c
	keys := c.dups
	slices.SortFunc(keys, func(a, b dupKey) int {
		return cmp.Or(cmp.Compare(a.what(), b.what()), cmp.Compare(a.hash, b.hash), cmp.Compare(a.file, b.file))
	})
	var found []dupFinding
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end].what() == keys[start].what() && keys[end].hash == keys[start].hash {
			end++
		}
		group := keys[start:end]
		start = end
		if len(group) < 2 {
			continue
		}
		for _, k := range group {
			// A warning names maxNamed others and an ellipsis: no more
			// are looked for, so that a value many records share costs
			// a pass over them, not one per pair.
			var others []int32
			for _, o := range group {
				if o.file == k.file || k.what() == dupPartiesTitle && !compatibleDates(k.date(), o.date()) || c.answered(k.file, o.file) {
					continue
				}
				if !slices.Contains(others, o.file) {
					others = append(others, o.file)
				}
				if len(others) > maxNamed {
					break
				}
			}
			if len(others) > 0 {
				found = append(found, dupFinding{file: k.file, what: k.what(), others: others})
			}
		}
	}
	slices.SortFunc(found, func(a, b dupFinding) int { return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.what, b.what)) })
	var named []int32 // the others already named on the current file
	for i, fd := range found {
		if i == 0 || found[i-1].file != fd.file {
			named = named[:0]
		}
		var paths []string
		for _, o := range fd.others {
			if slices.Contains(named, o) {
				continue
			}
			named = append(named, o)
			paths = append(paths, c.files[o].Path)
		}
		if len(paths) == 0 {
			continue
		}
		slices.Sort(paths)
		list := strings.Join(paths[:min(len(paths), maxNamed)], ", ")
		if len(paths) > maxNamed {
			list += ", …"
		}
		f := p.facts(int(fd.file))
		p.Report(r, f, f.At(), message.New(RuleDuplicate, "others", list, "reason", message.Key(dupReasons[fd.what])),
			message.New("hint.not-duplicate", "id", strings.TrimSuffix(path.Base(paths[0]), ".yaml")))
	}
}

// answered reports whether either record says it does not repeat the
// other.
func (c *Checker) answered(a, b int32) bool {
	return slices.Contains(c.notDup[a], c.files[b].Stem()) || slices.Contains(c.notDup[b], c.files[a].Stem())
}
