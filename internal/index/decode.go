package index

// The records reach the index as the loader's JSON values (map[string]any,
// []any, string), already valid against the schema. Turning them into the
// index's types field by field costs a tenth of a JSON encode and decode
// round trip, which was a fifth of build's cost over validation at 10,000
// records. TestDecodeMatchesJSON checks that both give the same result.
// Values of an unexpected type are left zero, as encoding/json would fail
// on them; the schema rules them out before the build gets here.

func decodeOrganization(m map[string]any) Organization {
	return Organization{
		ID:        str(m, "id"),
		Name:      text(m["name"]),
		ShortName: str(m, "short_name"),
		Country:   str(m, "country"),
		Kind:      str(m, "kind"),
		Website:   str(m, "website"),
		Sources:   sources(m["sources"]),
	}
}

func decodeAgreement(m map[string]any) (Agreement, []string) {
	a := Agreement{
		ID:               str(m, "id"),
		Title:            text(m["title"]),
		Summary:          text(m["summary"]),
		Kind:             str(m, "kind"),
		Status:           str(m, "status"),
		Areas:            strs(m["areas"]),
		Countries:        strs(m["countries"]),
		Sources:          sources(m["sources"]),
		Notes:            textPtr(m["notes"]),
		OriginalLanguage: str(m, "original_language"),
	}
	for _, c := range objects(m["contributions"]) {
		a.Contributions = append(a.Contributions, Contribution{By: str(c, "by"), Type: str(c, "type"), Description: textPtr(c["description"])})
	}
	if d, ok := m["dates"].(map[string]any); ok {
		a.Dates = &Dates{Signed: str(d, "signed"), Start: str(d, "start"), End: str(d, "end")}
	}
	if p, ok := m["place"].(map[string]any); ok {
		a.Place = &Place{City: str(p, "city"), Country: str(p, "country")}
	}
	if t, ok := m["term"].(map[string]any); ok {
		a.Term = &Term{Initial: str(t, "initial"), Renewal: str(t, "renewal")}
	}
	for _, s := range objects(m["signatories"]) {
		a.Signatories = append(a.Signatories, Signatory{Name: str(s, "name"), Role: text(s["role"]), Party: str(s, "party")})
	}
	for _, r := range objects(m["relations"]) {
		a.Relations = append(a.Relations, Relation{Type: str(r, "type"), Agreement: str(r, "agreement")})
	}
	for _, d := range objects(m["documents"]) {
		a.Documents = append(a.Documents, Document{Title: str(d, "title"), URL: str(d, "url"), Language: str(d, "language"), SHA256: str(d, "sha256")})
	}
	return a, strs(m["parties"])
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func text(v any) Text {
	m, _ := v.(map[string]any)
	return Text{ES: str(m, "es"), EN: str(m, "en"), PT: str(m, "pt")}
}

func textPtr(v any) *Text {
	if _, ok := v.(map[string]any); !ok {
		return nil
	}
	t := text(v)
	return &t
}

func strs(v any) []string {
	list, _ := v.([]any)
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

func objects(v any) []map[string]any {
	list, _ := v.([]any)
	if list == nil {
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		m, _ := x.(map[string]any)
		out = append(out, m)
	}
	return out
}

func sources(v any) []Source {
	list := objects(v)
	if list == nil {
		return nil
	}
	out := make([]Source, len(list))
	for i, s := range list {
		out[i] = Source{Title: str(s, "title"), URL: str(s, "url"), Note: str(s, "note")}
	}
	return out
}
