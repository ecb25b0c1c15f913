package gitrepo

import (
	"errors"
	"fmt"
)

// errDelta says that a delta is not a valid set of instructions for its
// base.
var errDelta = fmt.Errorf("%w: invalid delta", errCorrupt)

// patch applies git's delta instructions to base, as go-git's
// packfile.PatchDelta does (FuzzPatch compares them). That one grows its
// output from 64 KiB, clearing and copying each time; a registry's
// records/agreements tree is half a megabyte or more, and those copies
// were a tenth of pull-request mode's time on a one-record edit
// (BenchmarkPatch). This one checks every instruction first, so a corrupt
// delta's claimed size is never allocated, then writes into one buffer of
// the exact size.
func patch(base, delta []byte) ([]byte, error) {
	srcSize, ops, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("%w: base is %d bytes, not %d", errDelta, len(base), srcSize)
	}
	size, ops, err := deltaSize(ops)
	if err != nil {
		return nil, err
	}
	var total uint64
	for rest := ops; len(rest) > 0; {
		var data []byte
		if data, rest, err = deltaOp(base, rest); err != nil {
			return nil, err
		}
		if total += uint64(len(data)); total > size {
			return nil, fmt.Errorf("%w: more than the %d bytes it announces", errDelta, size)
		}
	}
	if total != size {
		return nil, fmt.Errorf("%w: %d bytes, not the %d it announces", errDelta, total, size)
	}
	out := make([]byte, 0, size)
	for rest := ops; len(rest) > 0; {
		data, next, _ := deltaOp(base, rest)
		out, rest = append(out, data...), next
	}
	return out, nil
}

// deltaSize reads one of the two sizes that start a delta: 7 bits a byte,
// least significant first, while the high bit is set.
func deltaSize(b []byte) (uint64, []byte, error) {
	var n uint64
	for i, c := range b {
		if i >= 9 {
			break
		}
		n |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return n, b[i+1:], nil
		}
	}
	return 0, nil, fmt.Errorf("%w: size", errDelta)
}

// errDeltaOp is the reserved instruction 0.
var errDeltaOp = errors.New("reserved delta instruction 0")

// deltaOp decodes the instruction at the start of ops and returns the
// bytes it writes (a slice of base or of ops) and the instructions after
// it. An instruction with the high bit set copies from base: bits 0-3 say
// which of four offset bytes follow, bits 4-6 which of three size bytes,
// and a size of 0 means 64 KiB. Otherwise its value, 1 to 127, is the
// number of bytes that follow to be inserted.
func deltaOp(base, ops []byte) (data, rest []byte, err error) {
	cmd, ops := ops[0], ops[1:]
	if cmd == 0 {
		return nil, nil, fmt.Errorf("%w: %w", errDelta, errDeltaOp)
	}
	if cmd&0x80 == 0 {
		n := int(cmd)
		if len(ops) < n {
			return nil, nil, fmt.Errorf("%w: insert past its end", errDelta)
		}
		return ops[:n], ops[n:], nil
	}
	var off, size uint64
	for bit := range 7 {
		if cmd&(1<<bit) == 0 {
			continue
		}
		if len(ops) == 0 {
			return nil, nil, fmt.Errorf("%w: copy past its end", errDelta)
		}
		if bit < 4 {
			off |= uint64(ops[0]) << (8 * bit)
		} else {
			size |= uint64(ops[0]) << (8 * (bit - 4))
		}
		ops = ops[1:]
	}
	if size == 0 {
		size = 0x10000
	}
	if off+size > uint64(len(base)) {
		return nil, nil, fmt.Errorf("%w: copy of %d bytes at %d from a base of %d", errDelta, size, off, len(base))
	}
	return base[off : off+size], ops, nil
}
