package emit

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"agreements/internal/index"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Texts in the three languages, as pages hold them.

// langText is a text in one language, as a page holds it.
type langText struct {
	// Lang is the language the text is in; Show, the language whose
	// reader sees it (they differ for a Spanish fallback).
	Lang, Show, Text string
	Fallback         bool
}

// texts gives a text in each language, the Spanish original standing in
// (and marked as such) where a translation is missing.
func texts(t index.Text) []langText {
	var out []langText
	for _, lang := range message.Languages {
		s, ok := t.In(lang)
		actual := lang
		if !ok {
			actual = "es"
		}
		out = append(out, langText{Lang: actual, Show: lang, Text: s, Fallback: !ok})
	}
	return out
}

// labelTexts is a label in every language. Labels do not change during a
// run, and a page uses dozens: each is made once.
func labelTexts(key string) []langText {
	if t, ok := labelCache.Load(key); ok {
		return t.([]langText)
	}
	t := labelTextsf(key)
	labelCache.Store(key, t)
	return t
}

// textIn is a text as a reader of lang sees it.
func textIn(t []langText, lang string) string {
	for _, x := range t {
		if x.Show == lang {
			return x.Text
		}
	}
	return ""
}

// sortedByText is a copy of list in the order a reader of lang sorts the
// items' texts (CLDR collation, ignoring case and accents first).
func sortedByText[T any](list []T, lang string, text func(T) []langText) []T {
	c := collate.New(language.Make(lang), collate.Loose)
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b T) int { return c.CompareString(textIn(text(a), lang), textIn(text(b), lang)) })
	return out
}

var labelCache, countryCache sync.Map

// countryNames is a country's name in every language, from CLDR.
func countryNames(code string) []langText {
	if t, ok := countryCache.Load(code); ok {
		return t.([]langText)
	}
	region, err := language.ParseRegion(code)
	if err != nil {
		return sameIn(code)
	}
	t := namesIn(code, func(tag language.Tag) string { return display.Regions(tag).Name(region) })
	countryCache.Store(code, t)
	return t
}

// labelTextsf is a label with placeholders, in every language; a value
// given as []langText is taken in each language.
func labelTextsf(key string, pairs ...any) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		args := make([]string, 0, len(pairs))
		for _, p := range pairs {
			switch v := p.(type) {
			case []langText:
				args = append(args, v[i].Text)
			case int:
				args = append(args, strconv.Itoa(v))
			default:
				args = append(args, v.(string))
			}
		}
		out[i] = langText{Lang: lang, Show: lang, Text: label(lang, key, args...)}
	}
	return out
}

// byLang is a text by language, for site.js.
func byLang(t []langText) map[string]string {
	m := make(map[string]string, len(t))
	for _, x := range t {
		m[x.Show] = x.Text
	}
	return m
}

// sameIn is one text, the same in every language (a code, a name).
func sameIn(s string) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		out[i] = langText{Lang: lang, Show: lang, Text: s}
	}
	return out
}

// namesIn is a name from CLDR in every language, or the code where CLDR
// has none.
func namesIn(code string, name func(language.Tag) string) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		s := name(language.MustParse(lang))
		if s == "" {
			s = code
		}
		out[i] = langText{Lang: lang, Show: lang, Text: s}
	}
	return out
}

// dateTexts is a partial date (YYYY, YYYY-MM or YYYY-MM-DD) written out
// in every language, at its own precision, with its qualifier the
// reader's way: "2007~" is "c. 2007", "2007?" is "2007?".
func dateTexts(date string) []langText {
	if _, _, ok := record.DateRange(date); !ok {
		return sameIn(date)
	}
	s, qualifier := record.SplitQualifier(date)
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		text := s[:4]
		switch len(s) {
		case 7:
			text = label(lang, "date.month", "month", monthName(lang, s[5:7]), "year", s[:4])
		case 10:
			day := strings.TrimPrefix(s[8:], "0")
			text = label(lang, "date.day", "day", day, "month", monthName(lang, s[5:7]), "year", s[:4])
		}
		switch qualifier {
		case record.Approximate:
			text = label(lang, "date.approximate", "date", text)
		case record.Uncertain:
			text = label(lang, "date.uncertain", "date", text)
		}
		out[i] = langText{Lang: lang, Show: lang, Text: text}
	}
	return out
}

func monthName(lang, mm string) string {
	return label(lang, "month."+strings.TrimPrefix(mm, "0"))
}

// shortTexts cuts each text to at most n characters, at a word, with an
// ellipsis: for a page's description, which search engines and link
// previews show whole.
func shortTexts(t []langText, n int) []langText {
	out := make([]langText, len(t))
	for i, x := range t {
		out[i] = x
		if r := []rune(x.Text); len(r) > n {
			cut := string(r[:n])
			if i := strings.LastIndexByte(cut, ' '); i > n/2 {
				cut = cut[:i]
			}
			out[i].Text = strings.TrimRight(cut, " ,.;:") + "…"
		}
	}
	return out
}
