// Command foldgen writes generator/search/fold.txt, the table that folds
// Traditional Chinese and Taiwan/Hong Kong regional forms to Simplified
// Chinese for the search tokenizer, from OpenCC's dictionary files.
//
// OpenCC's data is not a dependency of Qiao: this program reads it from
// a copy on disk, for example the one in the module cache:
//
//	go mod download github.com/longbridgeapp/opencc@v0.3.13
//	go run ./generator/search/foldgen \
//	    $(go env GOMODCACHE)/github.com/longbridgeapp/opencc@v0.3.13/dictionary \
//	    > generator/search/fold.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: foldgen OPENCC-DICTIONARY-DIR > fold.txt")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "foldgen:", err)
		os.Exit(1)
	}
}

// entry is one line of an OpenCC dictionary: a key and its first candidate.
type entry struct{ key, value string }

func read(dir, name string) ([]entry, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		value, _, _ := strings.Cut(rest, " ")
		out = append(out, entry{strings.TrimSpace(key), strings.TrimSpace(value)})
	}
	return out, sc.Err()
}

func single(s string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(s)
	return r, n == len(s) && r != utf8.RuneError && unicode.Is(unicode.Han, r)
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func run(dir string) error {
	ts, err := read(dir, "TSCharacters.txt")
	if err != nil {
		return err
	}
	chars := map[rune]rune{}
	simplified := map[rune]bool{} // characters that are some Simplified form
	for _, e := range ts {
		k, ok1 := single(e.key)
		v, ok2 := single(e.value)
		if ok1 && ok2 {
			chars[k] = v
			simplified[v] = true
		}
	}
	// Regional variant characters (Taiwan, Hong Kong) go to OpenCC's
	// standard Traditional form, then to Simplified. A variant that is itself
	// a Simplified character (么) is left alone: folding it would merge two
	// Simplified characters.
	for _, name := range []string{"TWVariantsRev.txt", "HKVariantsRev.txt"} {
		vs, err := read(dir, name)
		if err != nil {
			return err
		}
		for _, e := range vs {
			k, ok1 := single(e.key)
			v, ok2 := single(e.value)
			if !ok1 || !ok2 || simplified[k] {
				continue
			}
			if _, done := chars[k]; done {
				continue
			}
			if s, ok := chars[v]; ok {
				v = s
			}
			chars[k] = v
		}
	}
	// Make the table idempotent: fold(fold(c)) == fold(c).
	for k := range chars {
		v := chars[k]
		for i := 0; i < 8; i++ {
			next, ok := chars[v]
			if !ok || next == v {
				break
			}
			v = next
		}
		chars[k] = v
	}
	// Keep the characters whose Simplified form is in GB 2312, the set of
	// characters in everyday use: the browser downloads this table, and the
	// thousands of rare characters beyond it would double its size.
	enc := simplifiedchinese.HZGB2312.NewEncoder()
	for k, v := range chars {
		if _, err := enc.String(string(v)); k == v || err != nil || k > 0xffff {
			delete(chars, k)
		}
	}
	for k, v := range chars {
		if _, ok := chars[v]; ok {
			return fmt.Errorf("%c folds to %c, which folds again", k, v)
		}
	}
	foldString := func(s string) string {
		rs := []rune(s)
		for i, r := range rs {
			if f, ok := chars[r]; ok {
				rs[i] = f
			}
		}
		return string(rs)
	}

	// Vocabulary: Taiwan words (軟體, 資料庫, 網路) to mainland ones, both
	// sides folded character by character first.
	phrases := map[string]string{}
	for _, name := range []string{"TWPhrasesRev.txt"} {
		ps, err := read(dir, name)
		if err != nil {
			return err
		}
		for _, e := range ps {
			if !allHan(e.key) || !allHan(e.value) {
				continue
			}
			k, v := foldString(e.key), foldString(e.value)
			if k == v || utf8.RuneCountInString(k) < 2 {
				continue
			}
			if _, dup := phrases[k]; !dup {
				phrases[k] = v
			}
		}
	}

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprint(w, header)
	keys := make([]rune, 0, len(chars))
	for k := range chars {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "%c\t%c\n", k, chars[k])
	}
	pkeys := make([]string, 0, len(phrases))
	for k := range phrases {
		pkeys = append(pkeys, k)
	}
	slices.Sort(pkeys)
	for _, k := range pkeys {
		fmt.Fprintf(w, "%s\t%s\n", k, phrases[k])
	}
	return nil
}

const header = `# Traditional Chinese and Taiwan/Hong Kong forms folded to Simplified
# Chinese, for Qiao's search tokenizer (generator/search). One mapping a
# line: a character, then the character it folds to; after the characters,
# regional words (already folded character by character), then the
# mainland word they fold to.
#
# Generated by generator/search/foldgen from OpenCC's dictionary files
# TSCharacters.txt, TWVariantsRev.txt, HKVariantsRev.txt and
# TWPhrasesRev.txt (https://github.com/BYVoid/OpenCC, as vendored in
# github.com/longbridgeapp/opencc v0.3.13). OpenCC's data is
# Copyright (c) 2010-2024 BYVoid and the OpenCC contributors, licensed
# under the Apache License, Version 2.0:
# https://www.apache.org/licenses/LICENSE-2.0 (a copy is in fold.LICENSE)
# Changes: first candidate only, variants composed with TSCharacters,
# chains resolved, only characters whose Simplified form is in GB 2312,
# words folded character by character. Do not edit by hand; regenerate
# with foldgen.
`
