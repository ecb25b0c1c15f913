package diag

import "testing"

func TestMarkdownText(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                  "plain text",
		"**bold** and `code`":         `\*\*bold\*\* and \` + "`" + `code\` + "`",
		"[link](x) <b> a|b ~x~ &amp":  `\[link\](x) \<b\> a\|b \~x\~ \&amp`,
		"line\n# heading\r\n@user !x": `line \# heading \@user \!x`,
		"esc \x1b[31m":                `esc \\x1b\[31m`,
	} {
		if got := MarkdownText(in); got != want {
			t.Errorf("MarkdownText(%q) = %q, want %q", in, got, want)
		}
	}
}
