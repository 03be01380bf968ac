// Package corpus generates synthetic bilingual sites for tests and
// benchmarks: a site.toml and a content/ tree of courses, cases, policies
// and speakers in English and Chinese, whose front matter, references and
// links are all valid. The output depends only on the requested size, so
// the same call always gives the same bytes. It owns the generated text and
// its shape; it does not build sites and the generator does not use it.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing/fstest"

	"qiao/generator/content"
)

// languages of the generated site: the default language first.
var languages = []struct{ code, suffix string }{
	{"en", ""},
	{"zh", ".zh"},
}

// section is one typed section of the generated site.
type section struct {
	name   string // content.TypeCourses…
	prefix string // page names are <prefix>-00001…
	count  int
	// untranslated: pages whose index ends in this digit exist only in
	// English, so that every section exercises the language fallbacks.
	untranslated int
}

func (s section) page(i int) string { return fmt.Sprintf("%s-%05d", s.prefix, i) }

func (s section) fullName(i int) string { return s.name + "/" + s.page(i) }

func (s section) translated(i int) bool { return i%10 != s.untranslated }

// plan is the shape of a site of a given size.
type plan struct {
	courses, cases, policies, speakers section
}

// newPlan splits n pages per language into courses 40%, cases 25%,
// policies 20% and speakers 15%, with at least one page in each section.
func newPlan(n int) plan {
	courses := max(1, n*40/100)
	cases := max(1, n*25/100)
	policies := max(1, n*20/100)
	speakers := max(1, n-courses-cases-policies)
	return plan{
		courses:  section{content.TypeCourses, "c", courses, 0},
		cases:    section{content.TypeCases, "k", cases, 7},
		policies: section{content.TypePolicies, "p", policies, 4},
		speakers: section{content.TypeSpeakers, "s", speakers, 1},
	}
}

func (p plan) sections() []section {
	return []section{p.courses, p.cases, p.policies, p.speakers}
}

// Generate returns a whole site with about pagesPerLang regular pages in
// English, keyed by slash path from the site root: site.toml and
// content/<section>/<name>.md with its .zh.md translation. One page in ten
// has no translation. Every section has an _index page in both languages.
func Generate(pagesPerLang int) map[string][]byte {
	p := newPlan(pagesPerLang)
	files := map[string][]byte{
		"site.toml": siteTOML(),
	}
	for _, l := range languages {
		files["content/_index"+l.suffix+".md"] = homePage(p, l.code)
	}
	for _, sec := range p.sections() {
		for _, l := range languages {
			files["content/"+sec.name+"/_index"+l.suffix+".md"] = sectionPage(sec, l.code)
		}
		for i := 1; i <= sec.count; i++ {
			for _, l := range languages {
				if l.code != "en" && !sec.translated(i) {
					continue
				}
				files["content/"+sec.fullName(i)+l.suffix+".md"] = p.page(sec, i, l.code)
			}
		}
	}
	return files
}

// WriteDir writes files under dir, creating folders as needed.
func WriteDir(dir string, files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		local := filepath.FromSlash(p)
		if !filepath.IsLocal(local) {
			return fmt.Errorf("write %s: not a path inside %s", p, dir)
		}
		full := filepath.Join(dir, local)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(full), err)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", full, err)
		}
	}
	return nil
}

// FS serves files from memory, for builds that should not touch the disk.
func FS(files map[string][]byte) fstest.MapFS {
	fsys := make(fstest.MapFS, len(files))
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys
}

// rng returns the random source of one page. It depends on the section and
// index only, so both language versions of a page make the same choices
// and a page does not change when the site grows.
func rng(sec section, i int) *rand.Rand {
	var seed uint64
	for _, c := range sec.name {
		seed = seed*31 + uint64(c)
	}
	return rand.New(rand.NewPCG(seed, uint64(i)))
}

// pick returns k distinct numbers from 1..n in random order.
func pick(r *rand.Rand, n, k int) []int {
	k = min(k, n)
	out := make([]int, 0, k)
	for _, j := range r.Perm(n)[:k] {
		out = append(out, j+1)
	}
	return out
}

// pickTopics returns one to three topic keys.
func pickTopics(r *rand.Rand) []string {
	var out []string
	for _, j := range r.Perm(len(topics))[:1+r.IntN(3)] {
		out = append(out, topics[j].key)
	}
	return out
}
