// Package check produces the editor's reports that go beyond a build's
// validations: UI strings a language lacks, and the translation status of
// every page (missing, or possibly outdated because the source changed
// after the translation did). It reads file times from git when the site
// is a git checkout and from the file system otherwise. It does not
// validate content itself; build.Check does.
package check

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"qiao/generator/config"
	"qiao/generator/diag"
	"qiao/generator/site"
)

// MissingStrings warns, for each language, about UI strings that another
// language defines and that neither the site nor Qiao's built-in strings
// provide in it: pages in that language show a fallback text.
func MissingStrings(cfg *config.Config, siteToml []byte, diags *diag.List) {
	keys := map[string]bool{}
	for _, l := range cfg.Languages {
		for k := range l.Strings {
			keys[k] = true
		}
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	lines := strings.Split(string(siteToml), "\n")
	for _, l := range cfg.Languages {
		var missing []string
		for _, k := range sorted {
			if _, ok := cfg.LookupString(l.Code, k); !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			continue
		}
		diags.Add(diag.Diagnostic{
			Path: config.File, Line: tableLine(lines, l.Code), Severity: diag.Warning, Code: "missing-string",
			Message: fmt.Sprintf("language %q has no UI string for %s; its pages show the %s text instead. Add them under [languages.%s.strings]",
				l.Code, quoteList(missing), cfg.Default().Name, l.Code),
		})
	}
}

func tableLine(lines []string, code string) int {
	for _, header := range []string{"[languages." + code + ".strings]", "[languages." + code + "]"} {
		for i, line := range lines {
			if strings.TrimSpace(line) == header {
				return i + 1
			}
		}
	}
	return 0
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

// Status is the state of one language version of a page.
type Status string

const (
	Source     Status = "source"     // the version translations are made from
	Translated Status = "translated" // exists, and not older than the source
	Outdated   Status = "outdated"   // exists, but the source changed after it
	Missing    Status = "missing"    // does not exist
)

// Version is one language version of a page in the report.
type Version struct {
	Status  Status    `json:"status"`
	Path    string    `json:"path,omitempty"`
	Changed time.Time `json:"changed,omitzero"`
}

// PageStatus is one page in all configured languages.
type PageStatus struct {
	Name     string              `json:"name"`
	Source   string              `json:"source"`
	Versions map[string]*Version `json:"versions"`
}

// LanguageCounts sums up one language.
type LanguageCounts struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Source     int    `json:"source"`
	Translated int    `json:"translated"`
	Outdated   int    `json:"outdated"`
	Missing    int    `json:"missing"`
}

// Translations is the translation report of a site.
type Translations struct {
	TimesFrom string           `json:"timesFrom"` // "git" or "file modification times"
	Languages []LanguageCounts `json:"languages"`
	Pages     []PageStatus     `json:"pages"`
}

// FileTimes gives the time each file (slash path from the site root) last
// changed; missing entries count as unknown.
type FileTimes map[string]time.Time

// Report builds the translation report. The source of a page is its
// default-language version, or the first configured language it exists in.
func Report(s *site.Site, times FileTimes, timesFrom string) *Translations {
	r := &Translations{TimesFrom: timesFrom}
	counts := map[string]*LanguageCounts{}
	for _, l := range s.Config.Languages {
		counts[l.Code] = &LanguageCounts{Code: l.Code, Name: l.Name}
	}
	for _, p := range s.Pages {
		if p.File == nil {
			continue
		}
		versions := p.Translations()
		if versions[0] != p {
			continue // reported with the first version
		}
		src := versions[0]
		ps := PageStatus{Name: displayName(p), Source: src.Lang.Code, Versions: map[string]*Version{}}
		srcTime := times[src.File.Path]
		for _, l := range s.Config.Languages {
			var v *site.Page
			for _, t := range versions {
				if t.Lang == l {
					v = t
				}
			}
			ver := &Version{Status: Missing}
			switch {
			case v == nil:
			case v == src:
				ver = &Version{Status: Source, Path: v.File.Path, Changed: times[v.File.Path]}
			default:
				ver = &Version{Status: Translated, Path: v.File.Path, Changed: times[v.File.Path]}
				if !srcTime.IsZero() && !ver.Changed.IsZero() && srcTime.After(ver.Changed) {
					ver.Status = Outdated
				}
			}
			ps.Versions[l.Code] = ver
			c := counts[l.Code]
			switch ver.Status {
			case Source:
				c.Source++
			case Translated:
				c.Translated++
			case Outdated:
				c.Outdated++
			case Missing:
				c.Missing++
			}
		}
		r.Pages = append(r.Pages, ps)
	}
	sort.Slice(r.Pages, func(i, j int) bool { return r.Pages[i].Name < r.Pages[j].Name })
	for _, l := range s.Config.Languages {
		r.Languages = append(r.Languages, *counts[l.Code])
	}
	return r
}

func displayName(p *site.Page) string {
	switch p.Kind {
	case site.KindHome:
		return "(home page)"
	case site.KindSection:
		return p.Section + "/ (section page)"
	}
	return p.File.Name
}

// Text writes the report as a table per language.
func (r *Translations) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Translations (%d pages; change times from %s)\n", len(r.Pages), r.TimesFrom)
	for _, l := range r.Languages {
		fmt.Fprintf(&b, "\n%s (%s): %d source, %d translated, %d possibly outdated, %d missing\n",
			l.Name, l.Code, l.Source, l.Translated, l.Outdated, l.Missing)
		width := len("page")
		for _, p := range r.Pages {
			width = max(width, len(p.Name))
		}
		fmt.Fprintf(&b, "  %-*s  %-10s  %s\n", width, "page", "status", "file")
		for _, p := range r.Pages {
			v := p.Versions[l.Code]
			note := v.Path
			switch v.Status {
			case Missing:
				note = "— translate " + p.Versions[p.Source].Path
			case Outdated:
				note = fmt.Sprintf("%s (the %s source changed %s; this file %s)", v.Path, p.Source, day(p.Versions[p.Source].Changed), day(v.Changed))
			}
			fmt.Fprintf(&b, "  %-*s  %-10s  %s\n", width, p.Name, v.Status, note)
		}
	}
	return b.String()
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }
