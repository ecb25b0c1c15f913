// Command agreements validates the records of LACNIC's agreements registry.
// See the README, or run "agreements help".
package main

import (
	"os"

	"agreements/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
