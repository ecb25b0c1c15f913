// Package filelock takes advisory locks on files, so that two runs of the
// tool do not work on the same output folder or cache at once. The
// operating system releases a lock when the process that holds it ends,
// however it ends, so a killed run never leaves a stale lock behind: the
// lock file itself stays, and is never removed (removing it would let two
// runs lock two different files of the same name).
package filelock

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ErrBusy is TryAcquire's error when another process holds the lock.
var ErrBusy = errors.New("locked by another process")

// Lock is a held lock.
type Lock struct{ f *os.File }

// Acquire locks the file at path, creating it if needed, and waits for a
// process that holds it to release it.
func Acquire(path string) (*Lock, error) { return acquire(path, true) }

// TryAcquire is Acquire without the wait: it returns ErrBusy when the lock
// is held.
func TryAcquire(path string) (*Lock, error) { return acquire(path, false) }

func acquire(path string, wait bool) (*Lock, error) {
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
	if err := lock(f, wait); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release releases the lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
