package emit

import (
	"slices"
	"strings"
	"testing"
)

func TestCSVCell(t *testing.T) {
	tests := map[string]string{
		"":                  "",
		"plain":             "plain",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-1":                "'-1",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
		"a=b":               "a=b",
		"2003-06":           "2003-06",
		"lacnic; cgi-br":    "lacnic; cgi-br",
	}
	for in, want := range tests {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCell(t *testing.T) {
	tests := map[string]string{
		"a | b":            `a \| b`,
		"line\nbreak":      "line break",
		"`code`":           "\\`code\\`",
		"<script>":         `\<script\>`,
		"[x](javascript:)": `\[x\](javascript:)`,
	}
	for in, want := range tests {
		if got := MarkdownCell(in); got != want {
			t.Errorf("MarkdownCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := map[string]string{
		"https://example.org/a": "https://example.org/a",
		"http://example.org":    "http://example.org",
		"javascript:alert(1)":   "",
		"JAVASCRIPT:alert(1)":   "",
		"data:text/html,x":      "",
		"//example.org":         "",
		"ftp://example.org":     "",
		"":                      "",
	}
	for in, want := range tests {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBarChart(t *testing.T) {
	c := barChart([]string{"2003", "2004", "2010"}, []int{1, 4, 2})
	if len(c.Bars) != 3 || c.Bars[1].H != 120 || c.Bars[0].H != 30 || c.Bars[2].H != 60 {
		t.Errorf("bars %+v", c.Bars)
	}
}

func TestShortTexts(t *testing.T) {
	long := strings.Repeat("palabra ", 60)
	got := shortTexts([]langText{{Lang: "es", Show: "es", Text: "corto"}, {Lang: "en", Show: "en", Text: long}}, 50)
	if got[0].Text != "corto" {
		t.Errorf("a short text changed: %q", got[0].Text)
	}
	if r := []rune(got[1].Text); len(r) > 51 || !strings.HasSuffix(got[1].Text, "palabra…") {
		t.Errorf("cut at a word with an ellipsis, at most 50 characters and the ellipsis: %q", got[1].Text)
	}
}

func TestBibText(t *testing.T) {
	if got := bibText(`50% of {x} & $y_z #1 ^ ~ \`); got != `50\% of \{x\} \& \$y\_z \#1 \^{} \~{} \textbackslash{}` {
		t.Errorf("bibText = %q", got)
	}
}

func TestLegend(t *testing.T) {
	got := legend(9)
	want := []legendItem{{0, "0"}, {1, "1–2"}, {2, "3–4"}, {3, "5–6"}, {4, "7–8"}, {5, "9"}}
	if !slices.Equal(got, want) {
		t.Errorf("legend(9) = %v, want %v", got, want)
	}
	for n := 1; n <= 9; n++ {
		if s := shade(n, 9); s < 1 || s > 5 {
			t.Errorf("shade(%d, 9) = %d", n, s)
		}
	}
	if got := legend(1); !slices.Equal(got, []legendItem{{0, "0"}, {1, "1"}}) {
		t.Errorf("legend(1) = %v", got)
	}
}
