// Package migrate brings records written in an earlier version of the
// record format up to the current one (record.FormatVersion), as
// `agreements migrate` does: each version's changes in turn, on the YAML
// tree so that comments stay, then the canonical form of package format.
// A migrated record must pass validation before anything is written, and
// a record of a version this tool does not know is never touched.
package migrate

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/format"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Options say what to migrate.
type Options struct {
	// Root is the registry's folder.
	Root string
	// Only limits the migration to these paths (relative to Root, forward
	// slashes; a folder stands for the files under it); nil means all.
	Only []string
	// Write rewrites the migrated records; without it, nothing is written
	// (--check).
	Write bool
	// AsOf is the day date-dependent checks are judged on.
	AsOf time.Time
}

// Migration is one record brought to the current version.
type Migration struct {
	// File is the record's path from the root.
	File string
	// From is the version it was written in.
	From string
	// Before and After are its text.
	Before, After []byte
}

// Result is what Run found and did.
type Result struct {
	// Migrations are the records that are (or, without Write, would be)
	// rewritten, in the order record.List gives.
	Migrations []Migration
	// Current counts the selected records already at the current version.
	Current int
	// Problems are the errors of the migrated records: with any, nothing
	// is written.
	Problems []diag.Diagnostic
	// Skipped are the records that cannot be read, or migrated keeping
	// their comments and values: with any, nothing is written.
	Skipped []Skipped
}

// Skipped is a record left as it is, and why.
type Skipped struct {
	File   string
	Reason string
}

// VersionError is Run's error for a record of a version this tool does
// not know, or newer than the current one: nothing is written.
type VersionError struct {
	File, Version string
	Newer         bool
}

func (e *VersionError) Error() string {
	key := "migrate.unknown-version"
	if e.Newer {
		key = "migrate.newer-version"
	}
	return message.New(key, "file", e.File, "version", strconv.Quote(e.Version), "current", record.FormatVersion).String()
}

// Run migrates the records of o.Root that o.Only selects.
func Run(o Options) (*Result, error) {
	root := record.DirFS(o.Root)
	f, err := format.New(root)
	if err != nil {
		return nil, err
	}
	files, _, err := record.List(root)
	if err != nil {
		return nil, err
	}
	selected := record.NewSelection(o.Only)
	res := &Result{}
	overlay := fstest.MapFS{}
	var migrated []string
	for _, file := range files {
		if !selected.Has(file.Path) {
			continue
		}
		data, d := record.Read(root, file)
		if d != nil {
			res.Skipped = append(res.Skipped, Skipped{File: file.Path, Reason: d.Message.String()})
			continue
		}
		out, from, err := Record(f, file.Kind, data)
		var ve *VersionError
		switch {
		case errors.As(err, &ve):
			ve.File = file.Path
			return nil, ve
		case err != nil:
			res.Skipped = append(res.Skipped, Skipped{File: file.Path, Reason: err.Error()})
			continue
		case out == nil:
			res.Current++
			continue
		}
		res.Migrations = append(res.Migrations, Migration{File: file.Path, From: from, Before: data, After: out})
		overlay[file.Path] = &fstest.MapFile{Data: out, Mode: 0o644}
		migrated = append(migrated, file.Path)
	}
	if len(migrated) > 0 {
		run, err := check.Run(check.Options{FS: record.Overlay(root, overlay), Only: migrated, AsOf: o.AsOf})
		if err != nil {
			return nil, err
		}
		for _, d := range run.Diagnostics {
			if d.Severity == diag.Error {
				res.Problems = append(res.Problems, d)
			}
		}
	}
	if !o.Write || len(res.Problems) > 0 || len(res.Skipped) > 0 {
		return res, nil
	}
	for _, m := range res.Migrations {
		if err := format.WriteFile(filepath.Join(o.Root, filepath.FromSlash(m.File)), m.After); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Record migrates one record's text to the current version. It returns
// nil when the record is already at it, and the version it was in; a
// *VersionError for a version it does not know.
func Record(f *format.Formatter, kind record.Kind, data []byte) (out []byte, from string, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, "", errors.New(message.New("fmt.reason.problems").String())
	}
	top := doc.Content[0]
	from = "1.0.0"
	if v := value(top, "schema_version"); v != nil {
		from = v.Value
	}
	switch cmp, ok := compareVersions(from, record.FormatVersion); {
	case !ok:
		return nil, from, &VersionError{Version: from}
	case cmp > 0:
		return nil, from, &VersionError{Version: from, Newer: true}
	case cmp == 0:
		return nil, from, nil
	case from != "1.0.0" && !strings.HasPrefix(from, "2."):
		return nil, from, &VersionError{Version: from} // no such version was published
	}
	if from == "1.0.0" {
		if err := toV2(kind, top); err != nil {
			return nil, from, err
		}
	}
	setVersion(top)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, from, err
	}
	enc.Close()
	out, err = f.Format(kind, b.Bytes())
	if err != nil {
		return nil, from, err
	}
	// The structure moves, so comments may too; none may be lost.
	var again yaml.Node
	if err := yaml.Unmarshal(out, &again); err != nil {
		return nil, from, err
	}
	var before yaml.Node
	yaml.Unmarshal(data, &before)
	if !reflect.DeepEqual(format.CommentTexts(&before), format.CommentTexts(&again)) {
		return nil, from, errors.New(message.New("fmt.reason.comment-dropped").String())
	}
	return out, from, nil
}

// toV2 makes a 1.0.0 record a 2.0.0 one: an agreement's signatories move
// into actions, one "signed" act per party in the order the signatories
// name them (with no date or place: the record never said when or where
// each party signed); a source's note becomes a text whose Spanish is the
// note.
func toV2(kind record.Kind, top *yaml.Node) error {
	if kind == record.Agreement {
		if err := signatoriesToActions(top); err != nil {
			return err
		}
	}
	if sources := value(top, "sources"); sources != nil && sources.Kind == yaml.SequenceNode {
		for _, s := range sources.Content {
			if note := value(s, "note"); note != nil && note.Kind == yaml.ScalarNode {
				text := *note // with its comments, which stay beside the text
				*note = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("es"), &text}}
			}
		}
	}
	return nil
}

func signatoriesToActions(top *yaml.Node) error {
	i := index(top, "signatories")
	if i < 0 {
		return nil
	}
	if index(top, "actions") >= 0 {
		return errors.New("the record has both signatories and actions")
	}
	list := top.Content[i+1]
	if list.Kind != yaml.SequenceNode {
		return errors.New("signatories is not a list")
	}
	var actions []*yaml.Node
	byParty := map[string]*yaml.Node{} // party id → the action's signatories
	for _, s := range list.Content {
		pi := index(s, "party")
		if s.Kind != yaml.MappingNode || pi < 0 {
			return errors.New("a signatory names no party")
		}
		party := s.Content[pi+1]
		s.Content = append(s.Content[:pi:pi], s.Content[pi+2:]...)
		signers := byParty[party.Value]
		if signers == nil {
			signers = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			byParty[party.Value] = signers
			actions = append(actions, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
				scalar("party"), party, scalar("act"), scalar("signed"), scalar("signatories"), signers}})
		}
		signers.Content = append(signers.Content, s)
	}
	key := top.Content[i]
	key.Value = "actions"
	top.Content[i+1] = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", HeadComment: list.HeadComment,
		LineComment: list.LineComment, FootComment: list.FootComment, Content: actions}
	return nil
}

// setVersion writes schema_version first among the keys.
func setVersion(top *yaml.Node) {
	if v := value(top, "schema_version"); v != nil {
		v.Value, v.Style, v.Tag = record.FormatVersion, yaml.DoubleQuotedStyle, "!!str"
		return
	}
	k, v := scalar("schema_version"), scalar(record.FormatVersion)
	v.Style = yaml.DoubleQuotedStyle
	if len(top.Content) > 0 {
		// The comment above the first key is the file's header (the
		// modeline): it stays at the top.
		k.HeadComment, top.Content[0].HeadComment = top.Content[0].HeadComment, ""
	}
	top.Content = append([]*yaml.Node{k, v}, top.Content...)
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func index(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func value(m *yaml.Node, key string) *yaml.Node {
	if i := index(m, key); i >= 0 {
		return m.Content[i+1]
	}
	return nil
}

// compareVersions compares two MAJOR.MINOR.PATCH versions; ok is false
// when either is not one.
func compareVersions(a, b string) (cmp int, ok bool) {
	pa, oka := parseVersion(a)
	pb, okb := parseVersion(b)
	if !oka || !okb {
		return 0, false
	}
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1, true
			}
			return 1, true
		}
	}
	return 0, true
}

func parseVersion(s string) ([3]int, bool) {
	var out [3]int
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (len(p) > 1 && p[0] == '0') || strings.TrimLeft(p, "0123456789") != "" {
			return out, false
		}
		out[i] = n
	}
	return out, true
}
