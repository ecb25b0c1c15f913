// Package outdir replaces an output folder with a new one so that, at every
// instant, the folder holds a complete output, the old one or the new one,
// even when the process is killed at any point.
//
// A new output is written into a temporary folder beside the old one
// (".NAME.tmp-RANDOM") and then exchanged with it in one step (renameat2
// with RENAME_EXCHANGE on Linux, renamex_np with RENAME_SWAP on macOS).
// Where the system or the file system cannot exchange, it falls back to two
// renames, and a later run puts the old output back if a kill fell between
// them. Runs into the same folder are serialised by a lock file beside it
// (".NAME.lock"), and each run first removes what killed runs left.
package outdir

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// Staging is a new output being written, with its destination locked.
type Staging struct {
	// Dir is the empty folder to write the new output into.
	Dir  string
	out  string
	lock *fileLock
}

// Busy reports whether another run holds the lock on out now; Begin would
// wait for it. It is a hint for telling the user, not a guarantee.
func Busy(out string) bool {
	l, err := tryLock(lockPath(out))
	if err != nil {
		return errors.Is(err, errBusy)
	}
	l.Release()
	return false
}

// Begin locks out against other runs, waiting for one that holds it;
// restores the old output if a run was killed halfway through the
// two-rename fallback; removes the temporary folders killed runs left; and
// makes a new empty folder beside out. The caller writes into s.Dir and
// then calls Commit or Abort.
func Begin(out string) (*Staging, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	l, err := acquireLock(lockPath(out))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	reached("locked")
	if err := tidy(out); err != nil {
		l.Release()
		return nil, err
	}
	reached("tidied")
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err == nil {
		err = os.Chmod(tmp, 0o755)
	}
	if err != nil {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		l.Release()
		return nil, err
	}
	reached("staged")
	return &Staging{Dir: tmp, out: out, lock: l}, nil
}

// Commit puts s.Dir in place of out in one step, removes the old output,
// and releases the lock. If it fails, out is as it was and s.Dir is gone.
func (s *Staging) Commit() error {
	defer s.lock.Release()
	old, err := swap(s.Dir, s.out)
	if err != nil {
		os.RemoveAll(s.Dir)
		return err
	}
	reached("swapped")
	if old != "" {
		// Best effort: what a kill leaves here, the next run removes.
		os.RemoveAll(old)
	}
	return nil
}

// Abort removes s.Dir and releases the lock; out is untouched.
func (s *Staging) Abort() {
	os.RemoveAll(s.Dir)
	s.lock.Release()
}

func lockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// leftover matches the names this package gives temporary folders, and
// nothing else: ".NAME.tmp-DIGITS", with ".old" in the fallback.
func leftover(out string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(filepath.Base(out)) + `\.tmp-[0-9]+(\.old)?$`)
}

// tidy runs under the lock, so no other run is using what it finds. If out
// is missing and the fallback's ".old" copy of it is there, a run was killed
// between the fallback's two renames: the old output goes back. Then every
// other folder of this package's naming is removed.
func tidy(out string) error {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	match := leftover(out)
	var found, olds []string
	for _, e := range entries {
		if !match.MatchString(e.Name()) {
			continue
		}
		// Only real folders (a link is not followed, a file is left alone).
		if st, err := os.Lstat(filepath.Join(parent, e.Name())); err != nil || !st.IsDir() {
			continue
		}
		found = append(found, e.Name())
		if filepath.Ext(e.Name()) == ".old" {
			olds = append(olds, e.Name())
		}
	}
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) && len(olds) > 0 {
		// Runs are serialised, so there is one; should there be more,
		// the one written last is the newest output.
		back := slices.MaxFunc(olds, func(a, b string) int { return cmp.Compare(modTime(parent, a), modTime(parent, b)) })
		if err := os.Rename(filepath.Join(parent, back), out); err != nil {
			return fmt.Errorf("restoring %s from %s: %w", out, back, err)
		}
		found = slices.DeleteFunc(found, func(name string) bool { return name == back })
	}
	for _, name := range found {
		if err := os.RemoveAll(filepath.Join(parent, name)); err != nil {
			return fmt.Errorf("removing %s, left by an earlier run: %w", name, err)
		}
	}
	return nil
}

func modTime(dir, name string) int64 {
	st, err := os.Lstat(filepath.Join(dir, name))
	if err != nil {
		return 0
	}
	return st.ModTime().UnixNano()
}

// swap puts tmp in place of out and returns where the old output now is
// ("" when there was none).
func swap(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, out)
	}
	if !noExchange {
		err := exchange(tmp, out)
		if err == nil {
			return tmp, nil
		}
		if !errors.Is(err, errExchangeUnsupported) {
			return "", err
		}
	}
	// Two renames; a kill between them leaves out missing and the old
	// output at old, which tidy puts back.
	old = tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return "", err
	}
	reached("fallback-between")
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return "", fmt.Errorf("%w; and putting the old output back: %v", err, rerr)
		}
		return "", err
	}
	return old, nil
}

// errExchangeUnsupported: this system or file system cannot exchange two
// names in one step.
var errExchangeUnsupported = errors.New("atomic exchange not supported")

// noExchange makes swap use the two-rename fallback (for its tests).
var noExchange bool

// killAt names a step at which the process kills itself, for the tests
// that check what a kill at each step leaves behind. It is set only by
// this package's tests, in a child process.
var killAt string

func reached(step string) {
	if killAt == step {
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Kill()
		}
		select {} // the kill arrives
	}
}
