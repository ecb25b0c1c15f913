// Command agreements-synth writes a synthetic registry for benchmarks and
// scale tests: N agreements of about 2 KB (every optional field used
// somewhere) and the organisations they name, deterministic by seed.
// Nothing it writes is a real agreement: write it into a temporary folder,
// never into the repository's records/.
//
//	agreements-synth -n 10000 -out /tmp/reg [-seed 1] [-invalid 5] [-duplicates 1] [-commits 2000] [-schema schema]
//
// With -invalid P, P percent of the agreements carry one known error each,
// listed in OUT/injected-errors.txt. With -duplicates P, P percent of the
// agreements are copied under a new id, each copy and its original listed
// there too (record.possible-duplicate, a warning); without it, no two
// agreements look alike. With -commits K, OUT is a git
// repository whose K commits each add or change 1 to 3 records, ending
// with the registry as written (it needs the git command).
package main

import (
	"flag"
	"fmt"
	"os"

	"agreements/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "how many agreements")
	out := flag.String("out", "", "the folder to write (required; it must not hold records/ already)")
	seed := flag.Int64("seed", 1, "the random seed: the same seed writes the same registry")
	invalid := flag.Float64("invalid", 0, "the percentage of agreements that carry one known error")
	duplicates := flag.Float64("duplicates", 0, "the percentage of agreements copied under a new id")
	commits := flag.Int("commits", 0, "write the registry as a git history of this many commits")
	schemaDir := flag.String("schema", "schema", "the folder of the schemas to copy")
	flag.Parse()
	if *out == "" || *n < 0 || *invalid < 0 || *invalid > 100 || *duplicates < 0 || *duplicates > 100 || *commits < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(*out + "/records"); err == nil {
		fmt.Fprintf(os.Stderr, "agreements-synth: %s/records already exists; choose an empty folder\n", *out)
		os.Exit(2)
	}
	var err error
	if *invalid > 0 {
		err = synth.WriteInvalid(*out, *schemaDir, *n, *seed, *invalid)
	} else {
		err = synth.Write(*out, *schemaDir, *n, *seed)
	}
	if err == nil && *duplicates > 0 {
		err = synth.WriteDuplicates(*out, *n, *seed, *duplicates)
	}
	if err == nil && *commits > 0 {
		err = synth.History(*out, *commits, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "agreements-synth:", err)
		os.Exit(1)
	}
}
