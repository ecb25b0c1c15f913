package emit

import (
	"html/template"
	"strings"

	"agreements/internal/message"
)

// About is the "About the data" page's text (docs/inclusion.md), one
// section a language. Its Markdown is a small subset, which is all the
// page needs and all it renders: "###" headings, paragraphs, "-" lists
// (a line indented by two spaces continues an item), [text](https://…)
// links, `code` and **bold**. Everything else is text, escaped.
type About struct {
	// Sections are the rendered sections, by language (es, pt, en).
	Sections map[string]template.HTML
}

// ParseAbout reads docs/inclusion.md: a "## " heading naming a language
// in its own words ("## Español", "## Português", "## English") starts its
// section; what comes before the first is for the file's readers only.
func ParseAbout(md string) *About {
	langs := map[string]string{}
	for _, l := range message.Languages {
		langs[label(l, "html.lang-name")] = l
	}
	sections := map[string][]string{}
	lang := ""
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		if name, ok := strings.CutPrefix(line, "## "); ok {
			lang = langs[strings.TrimSpace(name)]
			continue
		}
		if lang != "" {
			sections[lang] = append(sections[lang], line)
		}
	}
	a := &About{Sections: map[string]template.HTML{}}
	for l, lines := range sections {
		a.Sections[l] = renderBlocks(lines)
	}
	return a
}

// renderBlocks renders lines of the subset as HTML.
func renderBlocks(lines []string) template.HTML {
	var b strings.Builder
	var para, item []string
	inList := false
	flush := func() {
		if len(item) > 0 {
			b.WriteString("<li>" + inline(strings.Join(item, " ")) + "</li>\n")
			item = nil
		}
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		flush()
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			closeList()
		case strings.HasPrefix(line, "### "):
			closeList()
			b.WriteString("<h2>" + inline(strings.TrimSpace(line[4:])) + "</h2>\n")
		case strings.HasPrefix(line, "- "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			item = []string{strings.TrimSpace(line[2:])}
		case inList && item != nil && strings.HasPrefix(line, "  "):
			item = append(item, trimmed)
		default:
			if inList {
				closeList()
			}
			para = append(para, trimmed)
		}
	}
	closeList()
	return template.HTML(b.String())
}

// inline renders a line's text: links to https addresses, code and bold;
// the rest escaped.
func inline(s string) string {
	var b strings.Builder
	for s != "" {
		switch {
		case strings.HasPrefix(s, "`"):
			if end := strings.IndexByte(s[1:], '`'); end >= 0 {
				b.WriteString("<code>" + template.HTMLEscapeString(s[1:1+end]) + "</code>")
				s = s[2+end:]
				continue
			}
		case strings.HasPrefix(s, "**"):
			if end := strings.Index(s[2:], "**"); end > 0 {
				b.WriteString("<strong>" + inline(s[2:2+end]) + "</strong>")
				s = s[4+end:]
				continue
			}
		case strings.HasPrefix(s, "["):
			if text, rest, ok := strings.Cut(s[1:], "]("); ok && !strings.Contains(text, "]") {
				if url, after, ok := strings.Cut(rest, ")"); ok && strings.HasPrefix(url, "https://") && !strings.ContainsAny(url, " \"'<>") {
					b.WriteString(`<a href="` + template.HTMLEscapeString(url) + `">` + inline(text) + "</a>")
					s = after
					continue
				}
			}
		}
		// One character as text, then on to the next that may start markup.
		next := 1 + strings.IndexAny(s[1:], "`*[")
		if next == 0 {
			next = len(s)
		}
		b.WriteString(template.HTMLEscapeString(s[:next]))
		s = s[next:]
	}
	return b.String()
}
