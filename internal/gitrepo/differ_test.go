package gitrepo

import (
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// FuzzTreeIter reads arbitrary bytes as a tree object: the entries it
// accepts are the ones go-git decodes from the same bytes.
func FuzzTreeIter(f *testing.F) {
	f.Add([]byte("100644 a.yaml\x00" + strings.Repeat("\x01", 20) + "40000 b\x00" + strings.Repeat("\x02", 20)))
	f.Add([]byte("100644 a\x00short"))
	f.Add([]byte("1x0644 a\x00" + strings.Repeat("\x01", 20)))
	f.Fuzz(func(t *testing.T, data []byte) {
		it := (&rawTree{data: data}).iter()
		var got []object.TreeEntry
		var e rawEntry
		for it.next(&e) {
			got = append(got, object.TreeEntry{Name: string(e.name), Hash: e.hash})
		}
		if it.err != nil {
			return
		}
		obj := &plumbing.MemoryObject{}
		obj.SetType(plumbing.TreeObject)
		obj.Write(data)
		var tree object.Tree
		if err := tree.Decode(obj); err != nil {
			t.Fatalf("go-git refuses a tree the iterator reads: %v", err)
		}
		if len(tree.Entries) != len(got) {
			t.Fatalf("%d entries, go-git %d", len(got), len(tree.Entries))
		}
		for i := range got {
			if got[i].Name != tree.Entries[i].Name || got[i].Hash != tree.Entries[i].Hash {
				t.Fatalf("entry %d: %q %s, go-git %q %s", i, got[i].Name, got[i].Hash, tree.Entries[i].Name, tree.Entries[i].Hash)
			}
		}
	})
}

// FuzzTreeDiff compares the differ with go-git's object.DiffTree on two
// versions of a registry-like tree: folders of files with shared starts
// and near names, files edited, added, removed, made executable, and
// files that become folders and folders that become files.
func FuzzTreeDiff(f *testing.F) {
	f.Add(int64(1), uint16(300), []byte{0, 5, 1, 9, 2, 200, 3, 7, 4, 1, 5, 2})
	f.Add(int64(2), uint16(5), []byte{})
	f.Add(int64(3), uint16(1999), []byte{1, 0, 1, 255, 0, 128, 5, 0, 4, 3})
	f.Fuzz(func(t *testing.T, seed int64, n uint16, edits []byte) {
		rng := rand.New(rand.NewSource(seed))
		random := func() file { return file{mode: filemode.Regular, text: strings.Repeat("x", rng.Intn(1000))} }
		folders := []string{"", "agreements/", "organizations/", "agreements/old/"}
		name := func() string {
			// Shared starts and near names, as real ids have.
			return folders[rng.Intn(len(folders))] + strings.Repeat("agreement-", rng.Intn(3)) +
				string(rune('a'+rng.Intn(4))) + strings.Repeat("x", rng.Intn(4)) + ".yaml"
		}
		before := map[string]file{}
		for tries := 0; len(before) < int(n%2000) && tries < 20000; tries++ {
			before[name()] = random()
		}
		after := maps.Clone(before)
		names := slices.Sorted(maps.Keys(before))
		for i := 0; i+1 < len(edits) && len(names) > 0; i += 2 {
			target := names[int(edits[i+1])%len(names)]
			switch edits[i] % 6 {
			case 0:
				delete(after, target)
			case 1:
				after[target] = random()
			case 2:
				after[name()] = random()
			case 3:
				f := after[target]
				f.mode = filemode.Executable
				after[target] = f
			case 4: // the file becomes a folder
				delete(after, target)
				after[target+"/inner.yaml"] = random()
			case 5: // a folder becomes a file
				dir := target[:strings.LastIndexByte(target, '/')+1]
				if dir == "" {
					continue
				}
				for k := range after {
					if strings.HasPrefix(k, dir) {
						delete(after, k)
					}
				}
				after[strings.TrimSuffix(dir, "/")] = random()
			}
		}
		// A name is a file or a folder, not both: where edits made it
		// both, the folder stays.
		for p := range after {
			for q := range after {
				if strings.HasPrefix(q, p+"/") {
					delete(after, p)
					break
				}
			}
		}
		objects := memory.NewStorage()
		hashA := storeTree(t, objects, before, "")
		hashB := storeTree(t, objects, after, "")
		d := differ{r: &Repo{objects: objects}}
		ta, err := d.tree(hashA)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := d.tree(hashB)
		if err != nil {
			t.Fatal(err)
		}
		changes, err := d.diff(ta, tb, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range changes {
			got = append(got, c.Path+" "+c.Action.String())
		}
		slices.Sort(got)

		ga, _ := object.GetTree(objects, hashA)
		gb, _ := object.GetTree(objects, hashB)
		theirs, err := object.DiffTree(ga, gb)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, c := range theirs {
			action, err := c.Action()
			if err != nil {
				t.Fatal(err)
			}
			switch action.String() {
			case "Insert":
				want = append(want, c.To.Name+" added")
			case "Delete":
				want = append(want, c.From.Name+" deleted")
			default:
				want = append(want, c.From.Name+" modified")
			}
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("differ\n%s\nobject.DiffTree\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// file is a file's mode and content in a generated tree.
type file struct {
	mode filemode.FileMode
	text string
}

// storeTree writes the files whose paths start with dir as tree and blob
// objects, and returns the tree's hash.
func storeTree(t *testing.T, objects *memory.Storage, files map[string]file, dir string) plumbing.Hash {
	t.Helper()
	var tree object.Tree
	seen := map[string]bool{}
	for p, f := range files {
		rest, ok := strings.CutPrefix(p, dir)
		if !ok {
			continue
		}
		if sub, _, isDir := strings.Cut(rest, "/"); isDir {
			if !seen[sub] {
				seen[sub] = true
				tree.Entries = append(tree.Entries, object.TreeEntry{Name: sub, Mode: filemode.Dir, Hash: storeTree(t, objects, files, dir+sub+"/")})
			}
			continue
		}
		blob := objects.NewEncodedObject()
		blob.SetType(plumbing.BlobObject)
		w, _ := blob.Writer()
		w.Write([]byte(f.text))
		w.Close()
		h, err := objects.SetEncodedObject(blob)
		if err != nil {
			t.Fatal(err)
		}
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: rest, Mode: f.mode, Hash: h})
	}
	// Git's order: a folder sorts as if its name ended in "/".
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	slices.SortFunc(tree.Entries, func(a, b object.TreeEntry) int { return strings.Compare(key(a), key(b)) })
	obj := objects.NewEncodedObject()
	if err := tree.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := objects.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
