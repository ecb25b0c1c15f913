package gitrepo

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// readRegular reads a regular file of at most limit bytes, and nothing
// else: opening a FIFO does not block (O_NONBLOCK), and the type and size
// are checked on the open file. It reads into a buffer of the file's size.
func readRegular(p string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > limit {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", p, limit)
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("%s changed while it was read: %w", p, err)
	}
	// One more byte means it grew: what was read is not the whole file.
	if n, _ := f.Read(make([]byte, 1)); n > 0 {
		return nil, fmt.Errorf("%s changed while it was read", p)
	}
	return data, nil
}
