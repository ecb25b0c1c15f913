package proposal

import (
	"errors"
	"os"
	"path/filepath"

	"agreements/internal/message"
)

// Write writes the result's files under root (a folder on disk), each
// only if no file has its path; on any failure it removes what it wrote,
// so that nothing is half done. It returns the paths written.
func (res *Result) Write(root string) ([]string, error) {
	var written []string
	undo := func() {
		for _, p := range written {
			os.Remove(filepath.Join(root, filepath.FromSlash(p)))
		}
	}
	for _, file := range res.Files {
		p := filepath.Join(root, filepath.FromSlash(file.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			undo()
			return nil, err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			undo()
			if errors.Is(err, os.ErrExist) {
				return nil, errors.New(message.New("cli.from-issue.exists", "file", file.Path).String())
			}
			return nil, err
		}
		_, err = f.Write(file.Data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		written = append(written, file.Path)
		if err != nil {
			undo()
			return nil, err
		}
	}
	return written, nil
}
