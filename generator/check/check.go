// Package check produces the editor's reports that go beyond a build's
// validations: UI strings a language lacks; the translation status of every
// page (translated, possibly outdated because the source changed after
// the translation did, a draft, a stub as new wrote it, or missing), from
// git's order of commits or else file times; and, on request, the links to
// other sites that no longer answer, with a cache of good answers. It
// does not validate content itself (build.Check does), and build never
// uses it: nothing here runs during a build.
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
func MissingStrings(cfg *config.Config, diags *diag.List) {
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
			Path: config.File, Line: l.StringsLine, Severity: diag.Warning, Code: "missing-string",
			Message: fmt.Sprintf("language %q has no UI string for %s; its pages show the %s text instead. Add them under [languages.%s.strings]",
				l.Code, diag.QuoteList(missing), cfg.Default().Name, l.Code),
		})
	}
}

// Status is the state of one language version of a page.
type Status string

const (
	Source     Status = "source"     // the version translations are made from
	Translated Status = "translated" // published, and the source did not change after it
	Outdated   Status = "outdated"   // published, but the source changed after it
	Draft      Status = "draft"      // draft = true: written, not published
	Stub       Status = "stub"       // a draft still as new wrote it: headings and comments only
	Missing    Status = "missing"    // does not exist
)

// Version is one language version of a page in the report.
type Version struct {
	Status  Status  `json:"status"`
	Path    string  `json:"path,omitempty"`
	Draft   bool    `json:"draft,omitempty"`   // for a source that is a draft itself
	Changed *Change `json:"changed,omitempty"` // nil when unknown
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
	Draft      int    `json:"draft"`
	Stub       int    `json:"stub"`
	Missing    int    `json:"missing"`
}

// Translations is the translation report of a site.
type Translations struct {
	TimesFrom string           `json:"timesFrom"` // FromGit or FromFileTimes
	Languages []LanguageCounts `json:"languages"`
	Pages     []PageStatus     `json:"pages"`
}

// Report builds the translation report of a site from build.Check, which
// keeps the bodies that tell stubs from drafts. The source of a page is
// its default-language version, or the first configured language it
// exists in.
func Report(s *site.Site, h *History) *Translations {
	r := &Translations{TimesFrom: h.From}
	counts := map[string]*LanguageCounts{}
	for _, l := range s.Config.Languages {
		counts[l.Code] = &LanguageCounts{Code: l.Code, Name: l.Name}
	}
	changed := func(path string) *Change {
		if c, ok := h.Changes[path]; ok {
			return &c
		}
		return nil
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
		for _, l := range s.Config.Languages {
			var v *site.Page
			for _, t := range versions {
				if t.Lang == l {
					v = t
				}
			}
			ver := &Version{Status: Missing}
			if v != nil {
				ver = &Version{Status: Translated, Path: v.File.Path, Changed: changed(v.File.Path)}
			}
			switch {
			case v == nil:
			case v == src:
				ver.Status, ver.Draft = Source, v.File.Draft
			case v.File.Draft && isStub(v.File.Body):
				ver.Status = Stub
			case v.File.Draft:
				ver.Status = Draft
			default:
				if after, _ := h.ChangedAfter(src.File.Path, v.File.Path); after {
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
			case Draft:
				c.Draft++
			case Stub:
				c.Stub++
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

// isStub reports whether a body holds nothing but headings and comments,
// as the templates of new write it.
func isStub(body []byte) bool {
	inComment := false
	for _, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case inComment:
			inComment = !strings.Contains(line, "-->")
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, "[//]:"):
		case strings.HasPrefix(line, "<!--"):
			inComment = !strings.Contains(line, "-->")
		default:
			return false
		}
	}
	return true
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
	switch r.TimesFrom {
	case FromGit:
		fmt.Fprintf(&b, "Translations (%d pages). From git history: a translation is possibly outdated when its source\n"+
			"changed in a commit that the translation's last commit does not include; uncommitted changes come last.\n", len(r.Pages))
	default:
		fmt.Fprintf(&b, "Translations (%d pages). Not a git checkout, so from file modification times, to the second:\n"+
			"copying or checking out files changes them, and the report with them.\n", len(r.Pages))
	}
	width := len("page")
	for _, p := range r.Pages {
		width = max(width, len(p.Name))
	}
	for _, l := range r.Languages {
		fmt.Fprintf(&b, "\n%s (%s): %d source, %d translated, %d possibly outdated, %d draft, %d stub, %d missing\n",
			l.Name, l.Code, l.Source, l.Translated, l.Outdated, l.Draft, l.Stub, l.Missing)
		fmt.Fprintf(&b, "  %-*s  %-10s  %s\n", width, "page", "status", "file")
		for _, p := range r.Pages {
			v := p.Versions[l.Code]
			src := p.Versions[p.Source]
			note := v.Path
			switch v.Status {
			case Source:
				if v.Draft {
					note += " (a draft)"
				}
			case Missing:
				note = "— translate " + src.Path
			case Draft:
				note += " (draft = true: finish it, then remove that line)"
			case Stub:
				note += " (still as new wrote it: translate " + src.Path + ")"
			case Outdated:
				note += " (" + whyOutdated(src, v) + ")"
			}
			fmt.Fprintf(&b, "  %-*s  %-10s  %s\n", width, p.Name, v.Status, note)
		}
	}
	return b.String()
}

// whyOutdated says how the source changed after the translation.
func whyOutdated(src, v *Version) string {
	s, t := src.Changed, v.Changed
	switch {
	case s == nil || t == nil:
		return src.Path + " changed after it"
	case s.Commit != "" && t.Commit != "":
		return fmt.Sprintf("%s changed in commit %s of %s, which this file's last commit, %s, does not include",
			src.Path, short(s.Commit), second(s.Time), short(t.Commit))
	case s.Commit == "" && t.Commit != "":
		return fmt.Sprintf("%s has uncommitted changes (saved %s)", src.Path, second(s.Time))
	}
	return fmt.Sprintf("%s changed %s; this file %s", src.Path, second(s.Time), second(t.Time))
}

func short(commit string) string { return commit[:min(len(commit), 7)] }

func second(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
