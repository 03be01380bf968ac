package main

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"qiao/generator/config"
	"qiao/generator/diag"
)

// hugoLayouts are the minimal layouts of the Hugo site: a frame, a single
// page, one list layout for the home page, sections, the topic index and
// topic pages, and a link hook that resolves links to .md files as Qiao
// does.
//
//go:embed all:hugo/layouts
var hugoLayouts embed.FS

// hugoSite converts a Qiao site (slash path → bytes, as corpus.Generate
// returns it) into a Hugo site that builds the same pages: hugo.toml with
// the same languages and a "topics" taxonomy, the content files unchanged
// (Hugo reads the same +++ TOML front matter, name.zh.md translations and
// section folders), a titled page per topic in every language, and the
// layouts.
func hugoSite(qiao map[string][]byte) (map[string][]byte, error) {
	var diags diag.List
	cfg := config.Parse(qiao[config.File], &diags)
	if cfg == nil || diags.HasErrors() {
		return nil, fmt.Errorf("read %s: %v", config.File, diags.Errors())
	}
	toml, err := hugoConfig(cfg)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"hugo.toml": toml}
	for p, data := range qiao {
		if strings.HasPrefix(p, "content/") {
			files[p] = data
		}
	}
	for _, l := range cfg.Languages {
		suffix := ""
		if l.Code != cfg.DefaultLanguage {
			suffix = "." + l.Code
		}
		files["content/topics/_index"+suffix+".md"] = titlePage(cfg.String(l.Code, "topics"))
		for _, t := range cfg.Topics {
			files["content/topics/"+t.Key+"/_index"+suffix+".md"] = titlePage(cfg.Label(&t, l.Code))
		}
	}
	err = fs.WalkDir(hugoLayouts, "hugo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoLayouts.ReadFile(p)
		files[strings.TrimPrefix(p, "hugo/")] = data
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read embedded layouts: %w", err)
	}
	return files, nil
}

// hugoConfig writes hugo.toml. Hugo puts the default language at the root
// and every other language under its code, so Qiao's prefixes must be
// those.
func hugoConfig(cfg *config.Config) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "baseURL = %s\ntitle = %s\n", strconv.Quote(cfg.BaseURL.String()), strconv.Quote(cfg.Title))
	fmt.Fprintf(&b, "defaultContentLanguage = %s\ndefaultContentLanguageInSubdir = false\n", strconv.Quote(cfg.DefaultLanguage))
	// Qiao writes robots.txt, a sitemap and one feed per language; its
	// sections and topics have no feeds.
	b.WriteString(`enableRobotsTXT = true

[taxonomies]
topic = "topics"

[outputs]
home = ["HTML", "RSS"]
page = ["HTML"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 4
`)
	for _, l := range cfg.Languages {
		want := l.Code
		if l.Code == cfg.DefaultLanguage {
			want = ""
		}
		if l.Prefix != want {
			return nil, fmt.Errorf("language %s has prefix %q: Hugo can only serve it under %q", l.Code, l.Prefix, path.Join("/", want))
		}
		fmt.Fprintf(&b, "\n[languages.%s]\nlanguageName = %s\ntitle = %s\nweight = %d\n",
			l.Code, strconv.Quote(l.Name), strconv.Quote(l.Title), l.Weight)
	}
	return []byte(b.String()), nil
}

func titlePage(title string) []byte {
	return []byte("+++\ntitle = " + strconv.Quote(title) + "\n+++\n")
}
