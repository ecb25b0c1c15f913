package emit

import (
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
	"time"

	"agreements/internal/index"
)

// randomAgreement builds an agreement from r: every optional part present
// or not, lists nil, empty or full, strings with what JSON must escape.
func randomAgreement(r *rand.Rand, text func() string) *index.Agreement {
	str := func() string {
		if r.Intn(4) == 0 {
			return ""
		}
		return text()
	}
	tx := func() index.Text { return index.Text{ES: str(), EN: str(), PT: str()} }
	strs := func() []string {
		switch r.Intn(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+r.Intn(3))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	n := func() int { return r.Intn(3) - 1 } // -1 for nil
	stamp := func() *index.Stamp {
		if r.Intn(3) == 0 {
			return nil
		}
		zones := []*time.Location{time.UTC, time.FixedZone("", -3*3600), time.FixedZone("", 5*3600+1800), time.FixedZone("", 24*3600)}
		t := time.Date(1990+r.Intn(40), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), r.Intn(3)*r.Intn(1e9), zones[r.Intn(len(zones))])
		if r.Intn(20) == 0 {
			t = time.Date(10000+r.Intn(5), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return &index.Stamp{Commit: str(), Date: t}
	}
	a := &index.Agreement{ID: str(), Title: tx(), Summary: tx(), Kind: str(), Status: str(), StatusAsOf: str(),
		Areas: strs(), Countries: strs(), Year: str(), OriginalLanguage: str(), File: str(),
		Created: stamp(), Updated: stamp()}
	if k := n(); k >= 0 {
		a.Parties = []index.Party{}
		for range k + r.Intn(3) {
			a.Parties = append(a.Parties, index.Party{ID: str(), Name: str()})
		}
	}
	for range max(n(), 0) + r.Intn(2) {
		c := index.Contribution{By: str(), ByName: str(), Type: str()}
		if r.Intn(2) == 0 {
			d := tx()
			c.Description = &d
		}
		a.Contributions = append(a.Contributions, c)
	}
	if r.Intn(2) == 0 {
		a.Dates = &index.Dates{Signed: str(), Start: str(), End: str()}
	}
	if r.Intn(2) == 0 {
		a.Place = &index.Place{City: str(), Country: str()}
	}
	if r.Intn(2) == 0 {
		a.Term = &index.Term{Initial: str(), Renewal: str()}
	}
	for range r.Intn(3) {
		a.Signatories = append(a.Signatories, index.Signatory{Name: str(), Role: tx(), Party: str(), PartyName: str()})
	}
	for range r.Intn(3) {
		a.Relations = append(a.Relations, index.Relation{Type: str(), Agreement: str()})
	}
	for range r.Intn(3) {
		a.Documents = append(a.Documents, index.Document{Title: str(), URL: str(), Language: str(), SHA256: str()})
	}
	if k := n(); k >= 0 {
		a.Sources = []index.Source{}
		for range k + r.Intn(3) {
			a.Sources = append(a.Sources, index.Source{Title: str(), URL: str(), Note: str()})
		}
	}
	if r.Intn(2) == 0 {
		notes := tx()
		a.Notes = &notes
	}
	return a
}

// checkAgreementJSON compares the hand-written encodings of a with
// json.Marshal's.
func checkAgreementJSON(t *testing.T, a *index.Agreement) {
	t.Helper()
	want, wantErr := json.Marshal(a)
	got, ok := appendAgreementJSON(nil, a)
	if ok != (wantErr == nil) || ok && string(got) != string(want) {
		t.Fatalf("agreement:\n got %s (%v)\nwant %s (%v)", got, ok, want, wantErr)
	}
	want, wantErr = json.Marshal(Brief(*a))
	got, ok = appendBriefJSON(nil, a)
	if ok != (wantErr == nil) || ok && string(got) != string(want) {
		t.Fatalf("brief:\n got %s (%v)\nwant %s (%v)", got, ok, want, wantErr)
	}
}

var trickyStrings = []string{"lacnic", "Convenio de cooperación", "<script>alert(1)</script>", "a & b > c",
	"quote \" and \\ backslash", "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f", "\u2028\u2029", "\xff\xfe invalid",
	"emoji 🤝", "ação", "=HYPERLINK(\"x\")", "javascript:alert(1)", "\xe2\x80", "\u00e9\u0301"}

// TestAgreementJSON holds the hand-written encoding to json.Marshal on
// 20,000 random agreements.
func TestAgreementJSON(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	refused := 0
	for range 20000 {
		a := randomAgreement(r, func() string { return trickyStrings[r.Intn(len(trickyStrings))] })
		checkAgreementJSON(t, a)
		if _, ok := appendAgreementJSON(nil, a); !ok {
			refused++
		}
	}
	if refused == 0 {
		t.Error("no refused date was tried")
	}
}

// FuzzAgreementJSON does the same with strings from the fuzzer.
//
// Run longer with: go test -run='^$' -fuzz=FuzzAgreementJSON -fuzztime=10m ./internal/emit
func FuzzAgreementJSON(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(int64(i), s, s+s)
	}
	f.Fuzz(func(t *testing.T, seed int64, s1, s2 string) {
		r := rand.New(rand.NewSource(seed))
		pool := []string{s1, s2, s1 + s2}
		checkAgreementJSON(t, randomAgreement(r, func() string { return pool[r.Intn(len(pool))] }))
	})
}

// markdownCellReference is MarkdownCell as first written, rune by rune:
// the fast path must give the same text.
func markdownCellReference(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '|', '`', '<', '>', '\\', '[', ']', '*', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestMarkdownCellReference(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	alphabet := []byte("ab|`<>\\[]*_\n\r\t é\xff\xe2\x80🤝")
	for i := 0; i < 20000; i++ {
		s := trickyStrings[r.Intn(len(trickyStrings))]
		if i%2 == 0 {
			b := make([]byte, r.Intn(12))
			for j := range b {
				b[j] = alphabet[r.Intn(len(alphabet))]
			}
			s = string(b)
		}
		if got, want := MarkdownCell(s), markdownCellReference(s); got != want {
			t.Fatalf("MarkdownCell(%q) = %q, want %q", s, got, want)
		}
	}
}
