// Package scaffold creates new content pages from per-type templates, one
// file per configured language. Templates are built in and a site replaces
// any of them with layouts/new/<type>.md. It writes new files only: it
// refuses to overwrite, and checks the slug before writing anything.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"time"

	"qiao/generator/config"
	"qiao/generator/content"
)

//go:embed templates
var builtin embed.FS

// Types maps what an editor may type to the content type (the section).
var Types = map[string]string{
	"course": content.TypeCourses, "courses": content.TypeCourses,
	"case": content.TypeCases, "cases": content.TypeCases,
	"policy": content.TypePolicies, "policies": content.TypePolicies,
	"speaker": content.TypeSpeakers, "speakers": content.TypeSpeakers,
	"page": content.TypePage,
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ErrUsage marks errors in what the editor typed, as opposed to files.
var ErrUsage = errors.New("usage")

// New writes the page typ/slug in every language of cfg under root and
// returns the paths written, relative to root. now dates the pages.
func New(root string, cfg *config.Config, typ, slug string, now time.Time) ([]string, error) {
	section, ok := Types[typ]
	if !ok {
		return nil, fmt.Errorf("%w: unknown type %q; use course, case, policy, speaker or page", ErrUsage, typ)
	}
	if !slugPattern.MatchString(slug) {
		return nil, fmt.Errorf("%w: %q is not a usable page name; use lowercase letters, digits and single hyphens, like itt-401 or han-jun", ErrUsage, slug)
	}
	dir := path.Join(content.Dir, section)
	if section == content.TypePage {
		dir = content.Dir
	}
	tmpl, err := loadTemplate(root, section)
	if err != nil {
		return nil, err
	}
	if existing := existingVersions(root, dir, slug); len(existing) > 0 {
		verb := "exists"
		if len(existing) > 1 {
			verb = "exist"
		}
		return nil, fmt.Errorf("%s already %s; pick another name or edit the page there", strings.Join(existing, " and "), verb)
	}

	topics := make([]string, len(cfg.Topics))
	for i, t := range cfg.Topics {
		topics[i] = fmt.Sprintf("%q", t.Key)
	}
	type file struct {
		rel  string
		data []byte
	}
	var files []file
	for _, l := range cfg.Languages {
		name := slug + ".md"
		if l.Code != cfg.DefaultLanguage {
			name = slug + "." + l.Code + ".md"
		}
		data := map[string]any{
			"Title":  title(slug, section),
			"Slug":   slug,
			"Code":   strings.ToUpper(slug),
			"Lang":   l.Code,
			"Date":   now.Format("2006-01-02"),
			"Year":   now.Year(),
			"Topics": strings.Join(topics, ", "),
		}
		var b bytes.Buffer
		lang := l.Code
		t := template.Must(tmpl.Clone()).Funcs(template.FuncMap{"T": func(key string) string { return cfg.String(lang, key) }})
		if err := t.Execute(&b, data); err != nil {
			return nil, fmt.Errorf("template for %s: %w", section, err)
		}
		files = append(files, file{path.Join(dir, name), b.Bytes()})
	}
	var written []string
	for _, f := range files {
		full := filepath.Join(root, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return written, err
		}
		fh, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return written, fmt.Errorf("create %s: %w", f.rel, err)
		}
		_, werr := fh.Write(f.data)
		if err := errors.Join(werr, fh.Close()); err != nil {
			return written, fmt.Errorf("write %s: %w", f.rel, err)
		}
		written = append(written, f.rel)
	}
	return written, nil
}

// loadTemplate reads layouts/new/<section>.md from the site, or the
// built-in one.
func loadTemplate(root, section string) (*template.Template, error) {
	name := section + ".md"
	src, err := os.ReadFile(filepath.Join(root, "layouts", "new", name))
	origin := "layouts/new/" + name
	if errors.Is(err, fs.ErrNotExist) {
		src, err = builtin.ReadFile("templates/" + name)
		origin = "built-in template " + name
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", origin, err)
	}
	t, err := template.New(origin).Funcs(template.FuncMap{"T": func(string) string { return "" }}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	return t, nil
}

// existingVersions lists files that already hold the page, in any language
// or as a bundle.
func existingVersions(root, dir, slug string) []string {
	var found []string
	for _, pattern := range []string{slug + ".md", slug + ".*.md", slug + "/index.md", slug + "/index.*.md"} {
		matches, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), pattern))
		for _, m := range matches {
			rel, _ := filepath.Rel(root, m)
			found = append(found, filepath.ToSlash(rel))
		}
	}
	return found
}

// title makes a first title from the slug: ITT-401 for a course code,
// Han Jun for a speaker, "Overseas licence" for the rest.
func title(slug, section string) string {
	words := strings.Split(slug, "-")
	switch section {
	case content.TypeCourses:
		return strings.ToUpper(slug)
	case content.TypeSpeakers:
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	default:
		words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	}
	return strings.Join(words, " ")
}
