// Package record reads the files under records/ and turns each into a JSON
// value that keeps, for every value, the line and column the author wrote
// it at. It is the only package that knows YAML.
//
// Loading is strict on purpose: a record is data for people to review, so
// anything YAML allows but a record has no use for (anchors, aliases, merge
// keys, custom tags, several documents, numbers in hex or octal) is refused
// with its own rule id rather than silently interpreted.
package record

import (
	"regexp"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// Kind says which schema a record follows; it comes from the folder the file
// is in.
type Kind int

const (
	// Agreement is a record in records/agreements/.
	Agreement Kind = iota + 1
	// Organization is a record in records/organizations/.
	Organization
)

// Folder returns the folder under records/ that holds records of kind k.
func (k Kind) Folder() string {
	if k == Organization {
		return "organizations"
	}
	return "agreements"
}

// String returns "agreement" or "organization".
func (k Kind) String() string {
	if k == Organization {
		return "organization"
	}
	return "agreement"
}

// FormatVersion is the version of the record format this tool reads and
// writes, MAJOR.MINOR.PATCH: records carry it as schema_version (none
// means 1.0.0), and the schemas as x-schema-version (a test keeps them
// equal). A minor version only adds optional fields; removing a field or
// changing its meaning is a major version, with a migration in package
// migrate.
const FormatVersion = "2.0.0"

// IDPattern is the form of every record id, and so of every record file
// name: lowercase letters, digits and single hyphens. The schemas state the
// same pattern (a test keeps them equal).
const IDPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

// MaxIDLength is the longest id allowed.
const MaxIDLength = 64

var idRE = regexp.MustCompile(IDPattern)

// ValidID reports whether id has the form of a record id.
func ValidID(id string) bool { return len(id) <= MaxIDLength && idRE.MatchString(id) }

// Limits on input, documented in the README. They keep one bad file from
// costing the run its memory or time.
const (
	// MaxFileSize is the largest record file read, in bytes.
	MaxFileSize = 1 << 20
	// MaxDepth is the deepest nesting of mappings and sequences allowed.
	MaxDepth = 64
	// MaxSafeInteger is the largest integer magnitude accepted (2^53), the
	// largest that every JSON reader represents exactly.
	MaxSafeInteger = 1 << 53
	// MaxStringLength is the longest text (a value or a key) accepted, in
	// bytes of UTF-8: records hold titles and summaries, not documents.
	MaxStringLength = 16 << 10
	// MaxFiles is how many files records/ may hold. Past it the listing
	// stops, and the run fails, saying so, rather than take hours.
	MaxFiles = 1_000_000
)

// maxFiles is MaxFiles; tests lower it to check the limit.
var maxFiles = MaxFiles

// Rule ids of the loading layer.
const (
	RuleFileRead      = "file.read"
	RuleFileSymlink   = "file.symlink"
	RuleFileExtension = "file.extension"
	RuleFileLocation  = "file.location"
	RuleFileTooLarge  = "file.too-large"
	RuleFileEncoding  = "file.encoding"
	RuleFileBOM       = "file.bom"
	RuleFileNUL       = "file.nul"
	RuleFileBidi      = "file.bidi"
	RuleFileLineSep   = "file.line-separator"
	RuleFileControl   = "file.control"
	RuleFileTooMany   = "file.too-many"

	RuleYAMLSyntax       = "yaml.syntax"
	RuleYAMLDuplicateKey = "yaml.duplicate-key"
	RuleYAMLAnchor       = "yaml.anchor"
	RuleYAMLAlias        = "yaml.alias"
	RuleYAMLMergeKey     = "yaml.merge-key"
	RuleYAMLTag          = "yaml.tag"
	RuleYAMLMultiDoc     = "yaml.multiple-documents"
	RuleYAMLEmpty        = "yaml.empty"
	RuleYAMLNotMapping   = "yaml.not-mapping"
	RuleYAMLKey          = "yaml.key"
	RuleYAMLNumber       = "yaml.number"
	RuleYAMLDepth        = "yaml.depth"
	RuleYAMLLongString   = "yaml.string-too-long"
	RuleYAMLControl      = "yaml.control"
	RuleYAMLDirective    = "yaml.directive"
	RuleYAMLTab          = "yaml.tab"
	RuleYAMLEscape       = "yaml.escape"
	RuleYAMLFlow         = "yaml.flow"
)

// Rules lists the rules of the loading layer, all errors but
// yaml.directive.
var Rules = []diag.Rule{
	{ID: RuleFileRead}, {ID: RuleFileSymlink}, {ID: RuleFileExtension}, {ID: RuleFileLocation},
	{ID: RuleFileTooLarge}, {ID: RuleFileEncoding}, {ID: RuleFileBOM}, {ID: RuleFileNUL},
	{ID: RuleFileBidi}, {ID: RuleFileLineSep}, {ID: RuleFileControl}, {ID: RuleFileTooMany},
	{ID: RuleYAMLSyntax}, {ID: RuleYAMLDuplicateKey}, {ID: RuleYAMLAnchor}, {ID: RuleYAMLAlias},
	{ID: RuleYAMLMergeKey}, {ID: RuleYAMLTag}, {ID: RuleYAMLMultiDoc}, {ID: RuleYAMLEmpty},
	{ID: RuleYAMLNotMapping}, {ID: RuleYAMLKey}, {ID: RuleYAMLNumber}, {ID: RuleYAMLDepth},
	{ID: RuleYAMLLongString}, {ID: RuleYAMLControl}, {ID: RuleYAMLDirective, Severity: diag.Warning},
	{ID: RuleYAMLTab}, {ID: RuleYAMLEscape}, {ID: RuleYAMLFlow},
}

func fileDiag(file, rule string, msg message.Text) diag.Diagnostic {
	return diag.Diagnostic{File: file, Rule: rule, Message: msg}
}
