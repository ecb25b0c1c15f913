package rules

import (
	"cmp"
	"hash/fnv"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/suggest"
)

// RuleDuplicate warns of a record that may repeat another: two agreements
// with the same parties signed on compatible dates (the same year, and
// the same month and day where both say them), or with the same Spanish
// title once case, accents and punctuation are set aside; two
// organisations with a name or short name in common, or the same website
// host. A record answers it with not_duplicate_of.
const RuleDuplicate = "record.possible-duplicate"

// What two records have in common, for record.possible-duplicate.
const (
	dupPartiesDate uint8 = iota
	dupTitle
	dupName
	dupHost
)

var dupReasons = [...]string{"duplicate.parties-date", "duplicate.title", "duplicate.name", "duplicate.host"}

// dupKey is one thing a record may have in common with another: a hash of
// it, the record's place among the files, and for dupPartiesDate the date
// signed as YYYYMMDD with zeros for what the record does not say. It
// holds no pointer, so that a large registry's keys cost the collector
// nothing to mark.
type dupKey struct {
	hash uint64
	file int32
	date uint32
	what uint8
}

// dupKeys returns the keys of one record's facts.
func dupKeys(file int32, f *Facts) []dupKey {
	if !f.Parsed || f.Fields == nil {
		return nil
	}
	var out []dupKey
	add := func(what uint8, text string, date uint32) {
		h := fnv.New64a()
		h.Write([]byte{what})
		h.Write([]byte(text))
		out = append(out, dupKey{hash: h.Sum64(), file: file, date: date, what: what})
	}
	switch f.Kind {
	case record.Agreement:
		if date, ok := packDate(f.Signed.Text); ok && len(f.Parties) > 0 {
			parties := make([]string, 0, len(f.Parties))
			for _, p := range f.Parties {
				parties = append(parties, p.Text)
			}
			slices.Sort(parties)
			parties = slices.Compact(parties)
			add(dupPartiesDate, strings.Join(parties, " ")+" "+strconv.Itoa(int(date/10000)), date)
		}
		if t := foldText(f.TitleES); t != "" {
			add(dupTitle, t, 0)
		}
	case record.Organization:
		seen := map[string]bool{}
		for _, n := range f.Names {
			if t := foldText(n); t != "" && !seen[t] {
				seen[t] = true
				add(dupName, t, 0)
			}
		}
		if h := host(f.Website); h != "" {
			add(dupHost, h, 0)
		}
	}
	return out
}

// foldText is text as two titles or names are compared: lowercase, no
// accents, letters and digits only, words one space apart.
func foldText(s string) string {
	return strings.Join(strings.FieldsFunc(suggest.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

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
// equal where both say a month, and a day.
func compatibleDates(a, b uint32) bool {
	if a/10000 != b/10000 {
		return false
	}
	am, bm := a/100%100, b/100%100
	if am != 0 && bm != 0 && am != bm {
		return false
	}
	ad, bd := a%100, b%100
	return am == 0 || bm == 0 || ad == 0 || bd == 0 || ad == bd
}

// maxNamed is how many other records one warning names.
const maxNamed = 3

// checkDuplicates groups the records by what they have in common, and
// warns on each record of a group of two or more, naming the others.
func checkDuplicates(p *Pass, r *Rule) {
	c := p.c
	keys := c.dups
	slices.SortFunc(keys, func(a, b dupKey) int {
		return cmp.Or(cmp.Compare(a.what, b.what), cmp.Compare(a.hash, b.hash), cmp.Compare(a.file, b.file))
	})
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end].what == keys[start].what && keys[end].hash == keys[start].hash {
			end++
		}
		group := keys[start:end]
		start = end
		if len(group) < 2 {
			continue
		}
		for _, k := range group {
			var others []string
			for _, o := range group {
				if o.file == k.file || k.what == dupPartiesDate && !compatibleDates(k.date, o.date) || c.answered(k.file, o.file) {
					continue
				}
				if n := c.files[o.file].Path; !slices.Contains(others, n) {
					others = append(others, n)
				}
				if len(others) > maxNamed {
					break
				}
			}
			if len(others) == 0 {
				continue
			}
			named := strings.Join(others[:min(len(others), maxNamed)], ", ")
			if len(others) > maxNamed {
				named += ", …"
			}
			f := p.facts(int(k.file))
			p.Report(r, f, f.At(), message.New(RuleDuplicate, "others", named, "reason", message.New(dupReasons[k.what]).String()),
				message.New("hint.not-duplicate", "id", strings.TrimSuffix(path.Base(others[0]), ".yaml")))
		}
	}
}

// answered reports whether either record says it does not repeat the
// other.
func (c *Checker) answered(a, b int32) bool {
	return slices.Contains(c.notDup[a], c.files[b].Stem()) || slices.Contains(c.notDup[b], c.files[a].Stem())
}
