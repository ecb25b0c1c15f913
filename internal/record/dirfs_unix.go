//go:build unix

package record

import (
	"errors"
	"syscall"
)

// errNotRegular is Read's error for a path that is no longer a regular
// file when it is read (List reports the ones that are not when listed).
var errNotRegular = errors.New("not a regular file")

// readRaw reads the file at path, at most MaxFileSize+1 bytes.
// O_NONBLOCK keeps a FIFO put in a record's place from blocking the open;
// a regular file ignores it.
func readRaw(path string) ([]byte, error, bool) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err, true
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err, true
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, errNotRegular, true
	}
	size := int64(512)
	if st.Size > 0 {
		size = st.Size
	}
	buf := make([]byte, min(size, MaxFileSize)+1)
	n := 0
	for {
		if n == len(buf) {
			if n > MaxFileSize {
				break // over the limit: the caller reports it
			}
			// The file grew since Fstat: read on, still within the limit.
			buf = append(buf, make([]byte, min(len(buf), MaxFileSize+1-n))...)
		}
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err, true
		}
		if m == 0 {
			break
		}
		n += m
	}
	return buf[:n], nil, true
}
