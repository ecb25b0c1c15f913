package emit

import (
	"reflect"
	"strings"

	"agreements/internal/index"
	"agreements/internal/record"
)

// cleanControls replaces, in every text of ix, each character no output
// may carry with U+FFFD: C0 controls other than tab and line feed, DEL,
// C1 controls and U+FEFF. The loader refuses them in records
// (yaml.control); this keeps a model that did not come through it (a bug,
// a test) from writing a terminal's escape or a NUL into a CSV cell, a
// step summary or a page.
func cleanControls(ix *index.Index) {
	cleanValue(reflect.ValueOf(ix).Elem())
}

func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); strings.IndexFunc(s, outputControl) >= 0 && v.CanSet() {
			v.SetString(strings.Map(func(r rune) rune {
				if outputControl(r) {
					return '\uFFFD'
				}
				return r
			}, s))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cleanValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := range v.Len() {
			cleanValue(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			cleanValue(e)
			v.SetMapIndex(k, e)
		}
	}
}

// outputControl reports a character no output may carry: what no
// record's text holds (record.IsTextControl), tabs and line feeds aside.
func outputControl(r rune) bool {
	return record.IsTextControl(r) && r != '\t' && r != '\n'
}
