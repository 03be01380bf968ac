package site

import (
	"io/fs"
	"path"
	"strings"

	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/pool"
)

// resolve turns names in front matter into pages, in the referring page's
// language where a version exists, and derives the reverse references.
func (s *Site) resolve(diags *diag.List) {
	// Reverse references are collected between groups, then picked per
	// language, so that a Chinese speaker page lists the Chinese courses.
	teaches := map[*group][]*group{}
	requiredBy := map[*group][]*group{}
	citedBy := map[*group][]*group{}
	addRev := func(m map[*group][]*group, target, from *group) {
		for _, g := range m[target] {
			if g == from {
				return
			}
		}
		m[target] = append(m[target], from)
	}

	codes := map[string]*Page{} // language + code → first course with it
	for _, p := range s.Pages {
		f := p.File
		if f == nil {
			continue
		}
		if c := f.Course; c != nil && c.Code != "" {
			key := p.Lang.Code + "\x00" + strings.ToUpper(c.Code)
			if other := codes[key]; other != nil && other.group != p.group {
				diags.Errorf(f.Path, f.Line("code"), "duplicate-code", "course code %q is already used by %s; each course needs its own code", c.Code, other.File.Path)
			} else if other == nil {
				codes[key] = p
			}
		}
		ref := func(key, section, name string) *Page {
			full := name
			if section != "" {
				full = section + "/" + name
			}
			g := s.byName[full]
			if g == nil || strings.Contains(name, "..") {
				candidates := s.namesIn(section)
				diags.Errorf(f.Path, f.ValueLine(key, name), "reference", "%s: no page named %q%s", key, full, diag.DidYouMean(name, candidates))
				return nil
			}
			return g.pick(s.Config, p.Lang.Code)
		}
		if c := f.Course; c != nil {
			for _, n := range c.Speakers {
				if t := ref("speakers", content.TypeSpeakers, n); t != nil {
					p.Speakers = append(p.Speakers, t)
					addRev(teaches, t.group, p.group)
				}
			}
			for _, m := range c.Modules {
				var ms []*Page
				for _, n := range m.Speakers {
					if t := ref("modules.speakers", content.TypeSpeakers, n); t != nil {
						ms = append(ms, t)
						addRev(teaches, t.group, p.group)
					}
				}
				p.ModuleSpeakers = append(p.ModuleSpeakers, ms)
			}
			for _, n := range c.Prerequisites {
				if t := ref("prerequisites", content.TypeCourses, n); t != nil {
					if t.group == p.group {
						diags.Errorf(f.Path, f.ValueLine("prerequisites", n), "reference", "a course cannot be its own prerequisite")
						continue
					}
					p.Prerequisites = append(p.Prerequisites, t)
					addRev(requiredBy, t.group, p.group)
				}
			}
		}
		var related []string
		switch {
		case f.Case != nil:
			related = f.Case.Related
		case f.Policy != nil:
			related = f.Policy.Related
		}
		for _, n := range related {
			if t := ref("related", "", n); t != nil {
				p.Related = append(p.Related, t)
				addRev(citedBy, t.group, p.group)
			}
		}
		if f.Speaker != nil && f.Speaker.Photo != "" {
			p.PhotoURL = s.fileURL(p, "photo", f.Speaker.Photo, diags)
		}
		if f.Image != "" {
			p.ImageURL = s.fileURL(p, "image", f.Image, diags)
		}
		for _, a := range f.Aliases {
			out, ok := aliasPath(p.Lang.Prefix, a)
			if !ok {
				diags.Errorf(f.Path, f.ValueLine("aliases", a), "unsafe-path", "alias %q would leave the site or name a file differently on Windows (no \"..\", no name ending in a dot or a space); write it as a path like /old/name/", a)
				continue
			}
			s.Aliases = append(s.Aliases, Alias{OutputPath: out, Target: p})
		}
	}

	// Each page's lists are its own: they are picked and sorted in parallel.
	pool.Each(len(s.Pages), func(i int) {
		p := s.Pages[i]
		if p.group == nil || p.File == nil {
			return
		}
		pick := func(gs []*group) []*Page {
			var out []*Page
			for _, g := range gs {
				out = append(out, g.pick(s.Config, p.Lang.Code))
			}
			sortPages(out)
			return out
		}
		p.Courses = pick(teaches[p.group])
		p.RequiredBy = pick(requiredBy[p.group])
		p.CitedBy = pick(citedBy[p.group])
	})
}

// namesIn lists the last parts of the page names in a section ("" for all
// full names), for suggestions.
func (s *Site) namesIn(section string) []string {
	var out []string
	for name := range s.byName {
		if section == "" {
			out = append(out, name)
		} else if rest, ok := strings.CutPrefix(name, section+"/"); ok {
			out = append(out, rest)
		}
	}
	return out
}

// aliasPath maps an alias to the file it is written to. Aliases are paths
// within the page's language: "/catalog/itt-101/" on a Chinese page is
// /zh/catalog/itt-101/.
func aliasPath(prefix, alias string) (string, bool) {
	a := strings.TrimPrefix(alias, "/")
	if strings.Contains(a, "://") {
		return "", false
	}
	if prefix != "" {
		a = prefix + "/" + a
	}
	if !strings.HasSuffix(a, ".html") {
		a = strings.TrimSuffix(a, "/") + "/index.html"
	}
	return a, output.Safe(a) // no dot segments, no empty ones, nothing absolute
}

// fileURL resolves a picture a page's front matter names under key (a
// speaker's photo, a page's preview image): a file of the page bundle, or
// else a file under static/.
func (s *Site) fileURL(p *Page, key, photo string, diags *diag.List) string {
	clean := path.Clean("/" + photo)[1:]
	if p.File.Bundle != "" && s.resourceExists(path.Join(p.File.Bundle, clean)) {
		return p.RelPermalink + clean
	}
	if s.staticFS != nil {
		if _, err := fs.Stat(s.staticFS, clean); err == nil {
			return s.RelURL(clean)
		}
	}
	diags.Errorf(p.File.Path, p.File.Line(key), "missing-file", "%s %q not found in the page bundle or in static/", key, photo)
	return ""
}

// checkStaticFiles reports files site.toml names under static/ that are
// not there: the preview picture and the contact's WeChat QR code.
func (s *Site) checkStaticFiles(diags *diag.List) {
	check := func(what, name string) {
		if name == "" || s.staticFS == nil {
			return
		}
		if _, err := fs.Stat(s.staticFS, path.Clean("/" + name)[1:]); err != nil {
			diags.Errorf("site.toml", 0, "missing-file", "%s %q not found in static/", what, name)
		}
	}
	check("image", s.Config.Image)
	for _, l := range s.Config.Languages {
		check("languages."+l.Code+".contact.wechatQR", l.Contact.WeChatQR)
	}
}

func (s *Site) resourceExists(p string) bool {
	_, ok := s.resourceSet[p]
	return ok
}

// addResources places the files under content/: bundle files beside every
// language version of their page, other files at their own path.
func (s *Site) addResources(resources []content.Resource, diags *diag.List) {
	bundles := map[string][]*Page{}
	for _, p := range s.Pages {
		if p.File != nil && p.File.Bundle != "" {
			bundles[p.File.Bundle] = append(bundles[p.File.Bundle], p)
		}
	}
	for _, r := range resources {
		if r.Bundle == "" {
			s.Resources = append(s.Resources, Resource{Source: r.Path, OutputPath: strings.TrimPrefix(r.Path, content.Dir+"/")})
			continue
		}
		rel := strings.TrimPrefix(r.Path, r.Bundle+"/")
		for _, p := range bundles[r.Bundle] {
			s.Resources = append(s.Resources, Resource{Source: r.Path, OutputPath: p.URL + rel, Lang: p.Lang.Code})
		}
	}
}

// ResolveLink maps the destination of a Markdown link or image in page p to
// a URL. A link to a .md file goes to that page in p's language (lang names
// the target's language when it has no version in p's); a relative link to
// a file under content/ goes to where that file is written. Other
// destinations are returned unchanged. ok is false for a .md link to no
// page, or a relative link to a file that does not exist.
func (s *Site) ResolveLink(p *Page, dest string) (url, lang string, ok bool) {
	if p.File == nil || strings.Contains(dest, ":") || strings.HasPrefix(dest, "//") {
		return dest, "", true
	}
	target, frag, _ := strings.Cut(dest, "#")
	target, _, _ = strings.Cut(target, "?")
	if target == "" {
		return dest, "", true
	}
	var full string
	if strings.HasPrefix(target, "/") {
		full = path.Join(content.Dir, target)
	} else {
		full = path.Join(path.Dir(p.File.Path), target)
	}
	if !strings.HasSuffix(target, ".md") {
		return s.resolveFile(p, dest, target, full)
	}
	name := content.LinkName(full, s.Config)
	if g := s.byName[name]; name != "" && g != nil {
		t := g.pick(s.Config, p.Lang.Code)
		if t.Lang != p.Lang {
			lang = t.Lang.Code
		}
		return t.RelPermalink + fragment(frag), lang, true
	}
	// _index.md files: a section's or the home page.
	if base := path.Base(full); strings.HasPrefix(base, "_index.") {
		dir := strings.TrimPrefix(strings.TrimPrefix(path.Dir(full), content.Dir), "/")
		if dir == "" {
			return s.homes[p.Lang.Code].RelPermalink + fragment(frag), "", true
		}
		if t := s.sections[dir][p.Lang.Code]; t != nil {
			return t.RelPermalink + fragment(frag), "", true
		}
	}
	return "", "", false
}

// resolveFile handles a link to something other than a .md file. Files of
// p's own bundle keep their relative link (they are written beside the
// page); other files under content/ get their output URL; site-absolute
// paths and links without a file extension are left to the author.
func (s *Site) resolveFile(p *Page, dest, target, full string) (string, string, bool) {
	if strings.HasPrefix(target, "/") {
		if s.staticFS != nil && path.Ext(target) != "" {
			if _, err := fs.Stat(s.staticFS, strings.TrimPrefix(path.Clean(target), "/")); err == nil {
				return s.RelURL(target), "", true
			}
		}
		return dest, "", true
	}
	if !s.resourceExists(full) {
		if path.Ext(target) != "" && !strings.HasSuffix(target, "/") {
			return "", "", false
		}
		return dest, "", true
	}
	if p.File.Bundle != "" && strings.HasPrefix(full, p.File.Bundle+"/") {
		return dest, "", true
	}
	for _, r := range s.Resources {
		if r.Source == full && (r.Lang == "" || r.Lang == p.Lang.Code) {
			return s.RelURL(r.OutputPath), "", true
		}
	}
	for _, r := range s.Resources {
		if r.Source == full {
			return s.RelURL(r.OutputPath), "", true
		}
	}
	return dest, "", true
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + f
}
