package emit

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseAbout(t *testing.T) {
	md := "# For the file's readers\n\nNot on the page.\n\n## Español\n\n### Qué\n\nUn párrafo\nen dos líneas.\n\n" +
		"- **Uno**: con `code` y [un enlace](https://example.org/a?b=1&c=2).\n  sigue el mismo punto.\n- Dos <script>alert(1)</script>\n\nOtro [falso](javascript:alert(1)) y [roto](https://e.org/\"x).\n" +
		"## English\n\n### What\n\nText.\n## Klingon\n\nLeft out.\n"
	a := ParseAbout(md)
	want := map[string]string{
		"es": "<h2>Qué</h2>\n<p>Un párrafo en dos líneas.</p>\n<ul>\n" +
			`<li><strong>Uno</strong>: con <code>code</code> y <a href="https://example.org/a?b=1&amp;c=2">un enlace</a>. sigue el mismo punto.</li>` + "\n" +
			"<li>Dos &lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>\n" +
			"<p>Otro [falso](javascript:alert(1)) y [roto](https://e.org/&#34;x).</p>\n",
		"en": "<h2>What</h2>\n<p>Text.</p>\n",
	}
	if len(a.Sections) != len(want) {
		t.Errorf("sections %v", a.Sections)
	}
	for lang, w := range want {
		if got := string(a.Sections[lang]); got != w {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, w)
		}
	}
}

// aboutTag is every tag the About page's renderer may write.
var aboutTag = regexp.MustCompile(`^</?(p|ul|li|h2|code|strong)>$|^<a href="https://[^"<>]*">$|^</a>$`)

// FuzzAbout: whatever docs/inclusion.md holds, the page gets only the
// renderer's own tags, and links only to https addresses.
//
// Run longer with: go test -run='^$' -fuzz=FuzzAbout -fuzztime=1m ./internal/emit
func FuzzAbout(f *testing.F) {
	f.Add("## Español\n### T\n- **a** [b](https://x.org) `c`\n  d\n\ne <b>f</b>\n")
	f.Add("## English\n[x](https://a\"onmouseover=\"y)**[**](https://z)`<i>`")
	f.Add("## Português\n- [[a](https://b)](https://c) ***x***")
	f.Fuzz(func(t *testing.T, md string) {
		for lang, h := range ParseAbout(md).Sections {
			for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAllString(string(h), -1) {
				if !aboutTag.MatchString(tag) {
					t.Fatalf("%s: tag %q in %q", lang, tag, h)
				}
			}
			if strings.Count(string(h), "<") != len(regexp.MustCompile(`<[^>]*>`).FindAllString(string(h), -1)) {
				t.Fatalf("%s: a bare < in %q", lang, h)
			}
		}
	})
}
