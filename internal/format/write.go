package format

import (
	"bytes"
	"maps"

	"gopkg.in/yaml.v3"

	"agreements/internal/record"
	"agreements/internal/schema"
)

// Modeline is the first line of a record of kind: it names the record's
// schema to editors that read it (the YAML language server), which then
// complete and check the record as it is typed.
func Modeline(kind record.Kind) string {
	name := schema.AgreementFile
	if kind == record.Organization {
		name = schema.OrganizationFile
	}
	return "# yaml-language-server: $schema=../../" + schema.Dir + "/" + name + "\n"
}

// Write returns the text of a new record of kind holding value (its
// fields as JSON holds them: maps, lists of strings, strings), headed by
// the modeline, in the canonical form Format gives. It is the one writer
// of new records: `new`, `new-organization` and `from-issue` use it. A
// value without schema_version is written at the current version.
// A value that Format cannot take (text a record may not hold, which
// validation then reports at its line) is written as yaml.v3 writes it.
func (f *Formatter) Write(kind record.Kind, value map[string]any) ([]byte, error) {
	if _, ok := value["schema_version"]; !ok {
		value = maps.Clone(value)
		value["schema_version"] = record.FormatVersion
	}
	var b bytes.Buffer
	b.WriteString(Modeline(kind))
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(value); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if out, err := f.Format(kind, b.Bytes()); err == nil {
		return out, nil
	}
	return b.Bytes(), nil
}
