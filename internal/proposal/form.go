// Package proposal turns the answers to the issue form "Proponer un
// acuerdo" (.github/ISSUE_TEMPLATE/propose-agreement.yml) into records, for
// people who do not write YAML: it reads the Markdown body GitHub renders
// from the form, reads what people type (parties by name, "Montevideo,
// UY", sources as "Title — https://…"), and says what to fix by the form
// field's label, never by a YAML line. Anything ambiguous is a problem that
// says what to write, never a guess.
package proposal

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// FormPath is where the form lives in a registry's repository.
const FormPath = ".github/ISSUE_TEMPLATE/propose-agreement.yml"

// Field is one question of the form.
type Field struct {
	ID, Label, Type string
	Options         []string
	Required        bool
}

// Form is the questions of the issue form, in its order. The body parser
// finds answers by these labels, so the form in the repository and the
// parser cannot drift apart.
type Form struct {
	Fields []Field
}

// The field ids the form keeps (scripts and the form's URL parameters
// depend on them).
const (
	FieldID               = "id"
	FieldTitleES          = "title-es"
	FieldTitleEN          = "title-en"
	FieldTitlePT          = "title-pt"
	FieldSummaryES        = "summary-es"
	FieldKind             = "kind"
	FieldParties          = "parties"
	FieldNewOrganizations = "new-organizations"
	FieldSigned           = "signed"
	FieldPlace            = "place"
	FieldStatus           = "status"
	FieldSources          = "sources"
)

// requiredFields are the ids the form must have for Build to work.
var requiredFields = []string{FieldTitleES, FieldSummaryES, FieldKind, FieldParties, FieldStatus, FieldSources}

// LoadForm reads the form from fsys, the repository's root.
func LoadForm(fsys fs.FS) (*Form, error) {
	data, err := fs.ReadFile(fsys, FormPath)
	if err != nil {
		return nil, err
	}
	return ParseForm(data)
}

// ParseForm reads a GitHub issue form's YAML.
func ParseForm(data []byte) (*Form, error) {
	var raw struct {
		Body []struct {
			Type       string `yaml:"type"`
			ID         string `yaml:"id"`
			Attributes struct {
				Label   string   `yaml:"label"`
				Options []string `yaml:"options"`
			} `yaml:"attributes"`
			Validations struct {
				Required bool `yaml:"required"`
			} `yaml:"validations"`
		} `yaml:"body"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %v", FormPath, err)
	}
	f := &Form{}
	seen := map[string]bool{}
	for _, b := range raw.Body {
		if b.Type == "markdown" {
			continue
		}
		label := collapse(b.Attributes.Label)
		if b.ID == "" || label == "" {
			return nil, fmt.Errorf("%s: a %s field has no id or no label", FormPath, b.Type)
		}
		if seen[b.ID] || seen["label:"+label] {
			return nil, fmt.Errorf("%s: two fields share the id %s or the label %q", FormPath, b.ID, label)
		}
		seen[b.ID], seen["label:"+label] = true, true
		f.Fields = append(f.Fields, Field{ID: b.ID, Label: label, Type: b.Type, Options: b.Attributes.Options, Required: b.Validations.Required})
	}
	for _, id := range requiredFields {
		if !seen[id] {
			return nil, fmt.Errorf("%s: the form has no field with id %s", FormPath, id)
		}
	}
	return f, nil
}

// Field returns the field with id, or nil.
func (f *Form) Field(id string) *Field {
	for i := range f.Fields {
		if f.Fields[i].ID == id {
			return &f.Fields[i]
		}
	}
	return nil
}

// Label returns the label of the field with id (the id when the form has
// no such field).
func (f *Form) Label(id string) string {
	if fd := f.Field(id); fd != nil {
		return fd.Label
	}
	return id
}

// Answers are the form's answers by field id, trimmed; an unanswered
// question ("_No response_") is absent.
type Answers map[string]string

// Problem is one thing to fix in the answers, named by the form field.
type Problem struct {
	// Field is the field's id ("" for the body as a whole), Label its label.
	Field, Label string
	Message      message.Text
	// Warning says the problem does not stop the records being written.
	Warning bool
	// Found is the check's diagnostic the problem reports, if it is one.
	Found *diag.Diagnostic
}

// In renders the problem's message in language lang.
func (p Problem) In(lang string) string {
	if p.Found != nil {
		return p.Found.TextIn(lang)
	}
	return p.Message.In(lang)
}

// ErrNoAnswers says that a body holds none of the form's questions: it was
// not written with the form.
var ErrNoAnswers = errors.New("the text holds none of the form's questions (### and a label): was the issue opened with the form?")

var headingRE = regexp.MustCompile(`^#{3}[ \t]+(.*?)[ \t#]*$`)

// Parse reads an issue body as GitHub renders the form: each question's
// label as a "### " heading, then the answer; "_No response_" for an
// empty one. Text before the first heading, and headings that are not the
// form's, are kept with the answer above them only when they cannot be a
// question (a "###" typed inside an answer is still a heading to
// Markdown, so it is reported).
func (f *Form) Parse(body string) (Answers, []Problem, error) {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	byLabel := map[string]*Field{}
	for i := range f.Fields {
		byLabel[strings.ToLower(f.Fields[i].Label)] = &f.Fields[i]
	}
	answers := Answers{}
	var problems []Problem
	found := map[string]bool{}
	var current *Field
	var lines []string
	flush := func() {
		if current == nil {
			return
		}
		text := strings.TrimSpace(strings.Join(lines, "\n"))
		if text == "_No response_" || text == "" {
			return
		}
		answers[current.ID] = text
	}
	for _, line := range strings.Split(body, "\n") {
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			lines = append(lines, line)
			continue
		}
		fd := byLabel[strings.ToLower(collapse(m[1]))]
		if fd == nil {
			if current != nil {
				problems = append(problems, Problem{Field: current.ID, Label: current.Label,
					Message: message.New("proposal.heading", "value", quote(strings.TrimSpace(line)))})
			}
			lines = append(lines, line)
			continue
		}
		flush()
		current, lines = fd, nil
		if found[fd.ID] {
			problems = append(problems, Problem{Field: fd.ID, Label: fd.Label, Message: message.New("proposal.twice")})
		}
		found[fd.ID] = true
	}
	flush()
	if len(found) == 0 {
		return nil, nil, ErrNoAnswers
	}
	for _, fd := range f.Fields {
		v, ok := answers[fd.ID]
		switch {
		case !ok && fd.Required:
			problems = append(problems, Problem{Field: fd.ID, Label: fd.Label, Message: message.New("proposal.required")})
		case ok && fd.Type == "dropdown":
			if chosen, matched := option(v, fd.Options); matched {
				answers[fd.ID] = chosen
			} else {
				problems = append(problems, Problem{Field: fd.ID, Label: fd.Label,
					Message: message.New("proposal.option", "value", quote(v), "allowed", strings.Join(fd.Options, ", "))})
			}
		}
	}
	return answers, problems, nil
}

// option returns the code of the dropdown option v names: the option as
// GitHub writes it, or its code alone (typed by hand, or an issue opened
// with an older form), in any case.
func option(v string, options []string) (string, bool) {
	v = collapse(v)
	for _, o := range options {
		code := optionCode(o)
		if strings.EqualFold(v, o) || strings.EqualFold(v, code) {
			return code, true
		}
	}
	return "", false
}

// optionCode returns the code an option of the form's dropdowns ends
// with, in parentheses ("Subvención / Grant (grant)": grant), or the
// option itself when it is a code.
func optionCode(option string) string {
	if m := optionCodeRE.FindStringSubmatch(option); m != nil {
		return m[1]
	}
	return option
}

var optionCodeRE = regexp.MustCompile(`\(([a-z][a-z-]*)\)$`)

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// quote shows a typed value in a message, cut when long.
func quote(s string) string {
	s = collapse(s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
