package format

// What `new` and `new-organization` ask for, and the value of the
// smallest record that passes validation made from it; Write writes it.

// NewAgreement is what `agreements new` asks for.
type NewAgreement struct {
	ID, Kind, TitleES, SummaryES, SourceTitle, SourceURL, Status string
	Parties                                                      []string
}

// NewOrganization is what `agreements new-organization` asks for.
type NewOrganization struct {
	ID, Name, NameLang, Country, SourceTitle, SourceURL, Kind, Website string
}

// Value returns the agreement's record as JSON would hold it.
func (a NewAgreement) Value() map[string]any {
	return map[string]any{
		"id":      a.ID,
		"title":   map[string]any{"es": a.TitleES},
		"summary": map[string]any{"es": a.SummaryES},
		"kind":    a.Kind,
		"parties": a.Parties,
		"status":  a.Status,
		"sources": sources(a.SourceTitle, a.SourceURL),
	}
}

// Value returns the organisation's record as JSON would hold it.
func (o NewOrganization) Value() map[string]any {
	lang := o.NameLang
	if lang == "" {
		lang = "es"
	}
	v := map[string]any{
		"id":      o.ID,
		"name":    map[string]any{lang: o.Name},
		"sources": sources(o.SourceTitle, o.SourceURL),
	}
	for key, value := range map[string]string{"country": o.Country, "kind": o.Kind, "website": o.Website} {
		if value != "" {
			v[key] = value
		}
	}
	return v
}

func sources(title, url string) []any {
	s := map[string]any{"title": title}
	if url != "" {
		s["url"] = url
	}
	return []any{s}
}
