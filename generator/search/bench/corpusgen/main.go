// Command corpusgen writes the generated benchmark site of n pages per
// language into a folder.
package main

import (
	"fmt"
	"os"
	"strconv"

	"qiao/generator/corpus"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: corpusgen PAGES-PER-LANGUAGE DIR")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "corpusgen: pages per language must be a positive number")
		os.Exit(2)
	}
	if err := corpus.WriteDir(os.Args[2], corpus.Generate(n)); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}
