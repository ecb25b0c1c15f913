package outdir

// Advisory locks on files, so that two runs of the tool do not work on the
// same output folder at once. The operating system releases a lock when
// the process that holds it ends, however it ends, so a killed run never
// leaves a stale lock behind: the lock file itself stays, and is never
// removed (removing it would let two runs lock two different files of the
// same name).

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// errBusy is tryLock's error when another process holds the lock.
var errBusy = errors.New("locked by another process")

// fileLock is a held lock.
type fileLock struct{ f *os.File }

// acquireLock locks the file at path, creating it if needed, and waits for a
// process that holds it to release it.
func acquireLock(path string) (*fileLock, error) { return acquire(path, true) }

// tryLock is acquireLock without the wait: it returns errBusy when the lock
// is held.
func tryLock(path string) (*fileLock, error) { return acquire(path, false) }

func acquire(path string, wait bool) (*fileLock, error) {
	// O_NONBLOCK: a FIFO put in the lock file's place must not hang the tool.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s: not a regular file", path)
		}
		return nil, err
	}
	if err := flock(f, wait); err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}

// Release releases the lock.
func (l *fileLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := funlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
