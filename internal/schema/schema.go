// Package schema compiles the JSON Schemas in schema/ and checks records
// against them, turning each failure into a diagnostic that points at the
// value concerned and says what is wrong in words, with a suggestion where
// one is obvious.
//
// Schemas are read from the schema/ folder only: a $ref that leads outside
// it is a compile error, never a network request or a read elsewhere on
// disk.
package schema

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"agreements/internal/diag"
	"agreements/internal/record"
)

// Dir is the folder, under the registry root, that holds the schemas.
const Dir = "schema"

// File names of the record schemas in Dir.
const (
	AgreementFile    = "agreement.schema.json"
	OrganizationFile = "organization.schema.json"
)

// IDBase is where the published site serves the schemas: a schema's $id
// is IDBase followed by its file name. The loader maps each $id to the
// file in schema/ and never fetches it.
const IDBase = "https://lacnic.github.io/agreements/schema/"

// baseURL names the schemas inside the compiler.
const baseURL = IDBase

// regionDef is the $defs entry of the agreement schema that documents
// LACNIC's service region.
const regionDef = "lacnicServiceRegion"

// Compiled holds the compiled schemas of a registry.
type Compiled struct {
	agreement    *jsonschema.Schema
	organization *jsonschema.Schema
	// The quick forms of the two (see quick); nil for a schema that uses
	// a keyword the quick form does not model.
	quickAgreement, quickOrganization *quick
	// raw holds each schema document by URL, to read keyword values
	// (allowed values, patterns) when explaining a failure.
	raw map[string]any
	// The fields each record schema marks deprecated (deprecatedFields).
	deprecatedAgreement, deprecatedOrganization []string
	digest                                      [sha256.Size]byte
}

// Digest identifies the schema files the set was compiled from (names and
// bytes): two sets with one digest check every record alike.
func (s *Compiled) Digest() [sha256.Size]byte { return s.digest }

// Load reads every *.json file in schema/ of fsys (the registry's root: the
// working tree, or a commit's tree) and compiles the record schemas.
// Errors are failures of the tool (exit 2), not of records.
func Load(fsys fs.FS) (*Compiled, error) {
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		return nil, fmt.Errorf("reading schemas: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	formats := map[string]func(any) bool{"partial-date": record.IsPartialDate, "uri": isURI}
	c.Formats = formats
	c.LoadURL = func(url string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("%s is outside %s/: schemas may refer only to files in %s/", url, Dir, Dir)
	}
	s := &Compiled{raw: map[string]any{}}
	digest := sha256.New()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(Dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading schemas: %w", err)
		}
		fmt.Fprintf(digest, "%s\x00%d\x00", e.Name(), len(data))
		digest.Write(data)
		var doc any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("%s/%s: %v", Dir, e.Name(), err)
		}
		url := baseURL + e.Name()
		if m, ok := doc.(map[string]any); ok {
			// A schema's $id is its published address; any other $id
			// would name a document the loader does not have.
			if id, ok := m["$id"]; ok && id != url {
				return nil, fmt.Errorf("%s/%s: $id is %v; a schema in %s/ has the $id %s followed by its file name", Dir, e.Name(), id, Dir, IDBase)
			}
		}
		s.raw[url] = doc
		if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("%s/%s: %v", Dir, e.Name(), err)
		}
	}
	compile := func(name string) (*jsonschema.Schema, error) {
		if _, ok := s.raw[baseURL+name]; !ok {
			return nil, fmt.Errorf("%s/%s is missing", Dir, name)
		}
		sch, err := c.Compile(baseURL + name)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %v", Dir, name, strings.ReplaceAll(err.Error(), baseURL, Dir+"/"))
		}
		return sch, nil
	}
	if s.agreement, err = compile(AgreementFile); err != nil {
		return nil, err
	}
	if s.organization, err = compile(OrganizationFile); err != nil {
		return nil, err
	}
	agreementRaw, _ := s.raw[baseURL+AgreementFile].(map[string]any)
	organizationRaw, _ := s.raw[baseURL+OrganizationFile].(map[string]any)
	s.deprecatedAgreement, s.deprecatedOrganization = deprecatedFields(agreementRaw), deprecatedFields(organizationRaw)
	s.quickAgreement = compileQuick(s.agreement, formats)
	s.quickOrganization = compileQuick(s.organization, formats)
	digest.Sum(s.digest[:0])
	return s, nil
}

// Region returns the country codes of LACNIC's service region as the
// agreement schema documents them, sorted.
func (s *Compiled) Region() []string {
	v, _ := lookup(s.raw[baseURL+AgreementFile], "/$defs/"+regionDef+"/enum")
	list, _ := v.([]any)
	var codes []string
	for _, c := range list {
		if c, ok := c.(string); ok {
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	return codes
}

// Validate checks doc against the schema of its kind and returns a
// diagnostic for every failure.
func (s *Compiled) Validate(doc *record.Document) []diag.Diagnostic {
	sch, q, deprecated := s.agreement, s.quickAgreement, s.deprecatedAgreement
	if doc.Kind == record.Organization {
		sch, q, deprecated = s.organization, s.quickOrganization, s.deprecatedOrganization
	}
	var warnings []diag.Diagnostic
	if len(deprecated) > 0 {
		warnings = deprecatedUses(doc, deprecated)
	}
	if q != nil && q.passes(doc.Root(), 0) {
		return warnings
	}
	err := sch.Validate(doc.Value())
	if err == nil {
		return warnings
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return append([]diag.Diagnostic{{File: doc.File, Rule: RuleOther, Message: msgOther(err.Error())}}, warnings...)
	}
	e := explainer{set: s, doc: doc}
	e.walk(ve)
	return append(dropShadowedFormats(e.diags), warnings...)
}

// lookup follows a JSON pointer into a decoded JSON value.
func lookup(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = diag.UnescapePointer(tok)
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
