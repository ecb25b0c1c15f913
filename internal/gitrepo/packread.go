package gitrepo

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// packReader reads objects straight from a repository's pack files, for
// the history walk. go-git's own reader keys its cache of delta bases by
// object hash, and so computes the SHA-1 of every large tree it resolves:
// most of a cold walk's time (BenchmarkWalk10k against
// BenchmarkWalk10kGoGit). This one keys its cache by pack offset and
// computes no hash; it uses go-git's index decoder and its own delta
// patcher (patch), and reads only what is packed: a loose object, or
// anything it cannot read, is left to go-git (found reports false).
type packReader struct {
	packs []*pack
	bases *baseCache
	// Reused between reads.
	buf  *bufio.Reader
	zlib io.ReadCloser
}

type pack struct {
	idx  *idxfile.MemoryIndex
	file billy.File
	size int64
}

// basesBudget bounds the bytes of resolved objects kept as delta bases:
// a dozen or more of a large registry's trees, since git chooses a
// delta's base among nearby objects. Twice this costs 25 MiB more peak
// memory for a tenth less time (docs/performance.md, History).
const basesBudget = 8 << 20

// maxDeltaDepth stops a corrupt pack whose deltas form a loop.
const maxDeltaDepth = 10000

// openPacks opens the index of every pack under objects/pack in fs (the
// repository's git folder). It returns nil, not an error, when there is
// nothing it can read: the caller then uses go-git for everything.
func openPacks(fs billy.Filesystem, names []plumbing.Hash) *packReader {
	pr := &packReader{bases: newBaseCache(basesBudget)}
	for _, h := range names {
		base := fs.Join("objects", "pack", "pack-"+h.String())
		idxFile, err := fs.Open(base + ".idx")
		if err != nil {
			continue
		}
		// Read whole, then decoded: the decoder reads a few bytes at a
		// time, a system call each on a file.
		data, err := io.ReadAll(idxFile)
		idxFile.Close()
		if err != nil {
			continue
		}
		idx := idxfile.NewMemoryIndex()
		if err := idxfile.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
			continue
		}
		f, err := fs.Open(base + ".pack")
		if err != nil {
			continue
		}
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			f.Close()
			continue
		}
		pr.packs = append(pr.packs, &pack{idx: idx, file: f, size: size})
	}
	if len(pr.packs) == 0 {
		return nil
	}
	return pr
}

// Close closes the pack files.
func (pr *packReader) Close() error {
	var first error
	for _, p := range pr.packs {
		if err := p.file.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// read returns the type and content of the object h, found false when no
// pack holds it. The content may be shared with the cache: callers do not
// change it.
func (pr *packReader) read(h plumbing.Hash) (typ plumbing.ObjectType, data []byte, found bool, err error) {
	for i, p := range pr.packs {
		off, err := p.idx.FindOffset(h)
		if err != nil {
			continue
		}
		typ, data, err := pr.at(i, off, 0)
		if err != nil {
			return 0, nil, true, fmt.Errorf("object %s in pack: %w", h, err)
		}
		return typ, data, true, nil
	}
	return 0, nil, false, nil
}

// size returns the size of object h's content, found false when no pack
// holds it, without inflating it: a whole object's size is in its header;
// a delta's, at the start of its delta data (the base's size, then the
// result's), of which only those first bytes are inflated.
func (pr *packReader) size(h plumbing.Hash) (size int64, found bool, err error) {
	for _, p := range pr.packs {
		off, err := p.idx.FindOffset(h)
		if err != nil {
			continue
		}
		if off < 0 || off >= p.size {
			return 0, true, fmt.Errorf("%w: offset %d", errCorrupt, off)
		}
		pr.reset(io.NewSectionReader(p.file, off, p.size-off))
		typ, size, err := pr.header()
		if err != nil {
			return 0, true, err
		}
		switch typ {
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
			return size, true, nil
		case plumbing.OFSDeltaObject:
			if _, err := pr.offsetBack(); err != nil {
				return 0, true, err
			}
		case plumbing.REFDeltaObject:
			var base plumbing.Hash
			if _, err := io.ReadFull(pr.buf, base[:]); err != nil {
				return 0, true, fmt.Errorf("%w: %v", errCorrupt, err)
			}
		default:
			return 0, true, fmt.Errorf("%w: object type %d", errCorrupt, typ)
		}
		zr, err := zlib.NewReader(pr.buf)
		if err != nil {
			return 0, true, fmt.Errorf("%w: %v", errCorrupt, err)
		}
		head := bufio.NewReaderSize(zr, 32)
		if _, err := binary.ReadUvarint(head); err != nil {
			return 0, true, fmt.Errorf("%w: delta: %v", errCorrupt, err)
		}
		target, err := binary.ReadUvarint(head)
		if err != nil || target > maxObject {
			return 0, true, fmt.Errorf("%w: delta size", errCorrupt)
		}
		return int64(target), true, nil
	}
	return 0, false, nil
}

// errCorrupt says that a pack file is not what its index promises.
var errCorrupt = errors.New("corrupt pack file")

// at reads the object at offset off of pack i, resolving deltas.
func (pr *packReader) at(i int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if depth > maxDeltaDepth {
		return 0, nil, fmt.Errorf("%w: deltas nested more than %d deep", errCorrupt, maxDeltaDepth)
	}
	key := baseKey{pack: i, offset: off}
	if e, ok := pr.bases.get(key); ok {
		return e.typ, e.data, nil
	}
	p := pr.packs[i]
	if off < 0 || off >= p.size {
		return 0, nil, fmt.Errorf("%w: offset %d", errCorrupt, off)
	}
	pr.reset(io.NewSectionReader(p.file, off, p.size-off))
	typ, size, err := pr.header()
	if err != nil {
		return 0, nil, err
	}
	var (
		baseOff  int64
		baseHash plumbing.Hash
	)
	switch typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	case plumbing.OFSDeltaObject:
		rel, err := pr.offsetBack()
		if err != nil {
			return 0, nil, err
		}
		// A base always comes earlier in the pack: this also ends any loop.
		if rel <= 0 || rel > off {
			return 0, nil, fmt.Errorf("%w: delta base offset", errCorrupt)
		}
		baseOff = off - rel
	case plumbing.REFDeltaObject:
		if _, err := io.ReadFull(pr.buf, baseHash[:]); err != nil {
			return 0, nil, fmt.Errorf("%w: %v", errCorrupt, err)
		}
	default:
		return 0, nil, fmt.Errorf("%w: object type %d", errCorrupt, typ)
	}
	data, err := pr.inflate(size)
	if err != nil {
		return 0, nil, err
	}
	switch typ {
	case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
		var baseType plumbing.ObjectType
		var base []byte
		if typ == plumbing.OFSDeltaObject {
			baseType, base, err = pr.at(i, baseOff, depth+1)
		} else {
			baseType, base, err = pr.byHash(baseHash, depth+1)
		}
		if err != nil {
			return 0, nil, err
		}
		if data, err = patch(base, data); err != nil {
			return 0, nil, err
		}
		typ = baseType
	}
	pr.bases.put(key, cached{typ: typ, data: data})
	return typ, data, nil
}

// byHash reads a delta's base named by hash, in any pack.
func (pr *packReader) byHash(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte, error) {
	for i, p := range pr.packs {
		if off, err := p.idx.FindOffset(h); err == nil {
			return pr.at(i, off, depth)
		}
	}
	return 0, nil, fmt.Errorf("%w: delta base %s is in no pack", errCorrupt, h)
}

func (pr *packReader) reset(r io.Reader) {
	if pr.buf == nil {
		pr.buf = bufio.NewReaderSize(r, 4096)
		return
	}
	pr.buf.Reset(r)
}

// header reads an object's type and inflated size: the type in bits 4-6
// of the first byte, the size in its low 4 bits and then 7 bits a byte
// while the high bit is set.
func (pr *packReader) header() (plumbing.ObjectType, int64, error) {
	c, err := pr.buf.ReadByte()
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if shift > 56 {
			return 0, 0, fmt.Errorf("%w: object size", errCorrupt)
		}
		if c, err = pr.buf.ReadByte(); err != nil {
			return 0, 0, fmt.Errorf("%w: %v", errCorrupt, err)
		}
		size |= int64(c&0x7f) << shift
	}
	return typ, size, nil
}

// offsetBack reads an OFS_DELTA's distance back to its base: 7 bits a
// byte, big-endian, each continuation adding one (git's encoding).
func (pr *packReader) offsetBack() (int64, error) {
	c, err := pr.buf.ReadByte()
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	rel := int64(c & 0x7f)
	for n := 0; c&0x80 != 0; n++ {
		if n > 8 {
			return 0, fmt.Errorf("%w: delta base offset", errCorrupt)
		}
		if c, err = pr.buf.ReadByte(); err != nil {
			return 0, fmt.Errorf("%w: %v", errCorrupt, err)
		}
		rel = (rel+1)<<7 | int64(c&0x7f)
	}
	return rel, nil
}

// inflate reads the zlib stream that follows a header: exactly size
// bytes, which the stream must end with.
func (pr *packReader) inflate(size int64) ([]byte, error) {
	if size > maxObject {
		return nil, fmt.Errorf("%w: object of %d bytes", errCorrupt, size)
	}
	var err error
	if pr.zlib == nil {
		pr.zlib, err = zlib.NewReader(pr.buf)
	} else {
		err = pr.zlib.(zlib.Resetter).Reset(pr.buf, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	var data []byte
	if size <= trustedSize {
		data = make([]byte, size)
		_, err = io.ReadFull(pr.zlib, data)
	} else {
		// A corrupt header must not make us allocate what the stream
		// does not hold.
		data, err = io.ReadAll(io.LimitReader(pr.zlib, size))
		if err == nil && int64(len(data)) < size {
			err = io.ErrUnexpectedEOF
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	var one [1]byte
	if n, err := pr.zlib.Read(one[:]); n != 0 || (err != io.EOF && err != nil) {
		return nil, fmt.Errorf("%w: object longer than its header says", errCorrupt)
	}
	return data, nil
}

// trustedSize is the largest size an object's header may claim before
// its content is read: larger objects grow as the stream delivers them.
const trustedSize = 8 << 20

// maxObject bounds what one object may hold. The walk reads only trees;
// a tree this large would hold millions of files.
const maxObject = 1 << 30

type baseKey struct {
	pack   int
	offset int64
}

type cached struct {
	typ  plumbing.ObjectType
	data []byte
}

// baseCache keeps the most recently resolved objects up to a number of
// bytes.
type baseCache struct {
	budget, used int
	order        *list.List // of *baseEntry, most recent first
	entries      map[baseKey]*list.Element
}

type baseEntry struct {
	key baseKey
	cached
}

func newBaseCache(budget int) *baseCache {
	return &baseCache{budget: budget, order: list.New(), entries: map[baseKey]*list.Element{}}
}

func (c *baseCache) get(k baseKey) (cached, bool) {
	e, ok := c.entries[k]
	if !ok {
		return cached{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*baseEntry).cached, true
}

func (c *baseCache) put(k baseKey, v cached) {
	if _, ok := c.entries[k]; ok || len(v.data) > c.budget {
		return
	}
	c.entries[k] = c.order.PushFront(&baseEntry{key: k, cached: v})
	c.used += len(v.data)
	for c.used > c.budget {
		last := c.order.Remove(c.order.Back()).(*baseEntry)
		c.used -= len(last.data)
		delete(c.entries, last.key)
	}
}
