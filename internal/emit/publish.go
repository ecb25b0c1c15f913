package emit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"agreements/internal/index"
	"agreements/internal/outdir"
)

// Publish writes every output of ix into a temporary folder beside out,
// then puts it in place of out in one step (see package outdir): at every
// instant, even if the process is killed, out holds the complete old or
// the complete new output. Builds into the same out wait for each other.
// If a write fails, out is left exactly as it was and the temporary folder
// is removed. It refuses to replace a folder that holds files but is not an
// earlier output (no index.json): a mistyped --out must not delete a
// folder of other work.
func Publish(ix *index.Index, out string, opts Options) error {
	if err := replaceable(out); err != nil {
		return err
	}
	s, err := outdir.Begin(out)
	if err != nil {
		return err
	}
	if err := Write(ix, s.Dir, opts); err != nil {
		s.Abort()
		return err
	}
	return s.Commit()
}

// ErrNotOutput is Publish's error when out is not an earlier output.
var ErrNotOutput = errors.New("is not an earlier output of build (it has files but no index.json); choose another --out, or empty it")

func replaceable(out string) error {
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir(): // a file, or a link (Lstat does not follow it)
		return fmt.Errorf("%s: %w", out, ErrNotOutput)
	}
	if _, err := os.Lstat(filepath.Join(out, "index.json")); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s: %w", out, ErrNotOutput)
	}
	return nil
}

// Compare writes the outputs of ix into a temporary folder and returns the
// files (relative, forward slashes) that differ from those in out: changed,
// missing from out, or in out but no longer built. It leaves out as it is,
// and holds out's lock while it reads it, so that a build into out does not
// change it halfway.
func Compare(ix *index.Index, out string, opts Options) ([]string, error) {
	s, err := outdir.Begin(out)
	if err != nil {
		return nil, err
	}
	defer s.Abort()
	if err := Write(ix, s.Dir, opts); err != nil {
		return nil, err
	}
	fresh, err := readTree(s.Dir)
	if err != nil {
		return nil, err
	}
	have, err := readTree(out)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var diff []string
	for name, data := range fresh {
		if old, ok := have[name]; !ok || !bytes.Equal(old, data) {
			diff = append(diff, name)
		}
	}
	for name := range have {
		if _, ok := fresh[name]; !ok {
			diff = append(diff, name)
		}
	}
	sort.Strings(diff)
	return diff, nil
}

func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	return files, err
}
