package emit

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"agreements/internal/index"
)

// Publish writes every output of ix into a temporary folder beside out,
// then swaps it in for out. If a write fails, or the swap does, out is
// left exactly as it was and the temporary folder is removed.
func Publish(ix *index.Index, out string, opts Options) error {
	tmp, err := stage(ix, out, opts)
	if err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// stage writes the output into a new temporary folder beside out.
func stage(ix *index.Index, out string, opts Options) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := Write(ix, tmp, opts); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// Compare writes the outputs of ix into a temporary folder and returns the
// files (relative, forward slashes) that differ from those in out: changed,
// missing from out, or in out but no longer built. It leaves out as it is.
func Compare(ix *index.Index, out string, opts Options) ([]string, error) {
	tmp, err := stage(ix, out, opts)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	fresh, err := readTree(tmp)
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
