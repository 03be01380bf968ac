package serve

import (
	"io/fs"
	"net/url"
	"path"
	"strings"

	"qiao/generator/config"
	"qiao/generator/content"
	"qiao/generator/diag"
	"qiao/generator/output"
	"qiao/generator/site"
)

// editedPage returns the content file of a change that edited one page:
// the only Markdown file under content/ among the changed paths.
func editedPage(changed []string) (string, bool) {
	var page string
	for _, p := range changed {
		if strings.HasPrefix(p, content.Dir+"/") && path.Ext(p) == ".md" {
			if page != "" {
				return "", false
			}
			page = p
		}
	}
	return page, page != ""
}

// pageURL returns the path from the host root of the page that the
// content file rel (a slash path from the site root) makes in the build
// out, in the file's language. ok is false when the file makes no page
// there (a draft left out, a file gone).
//
// The build does not say which page a file made, so the page is found by
// running the stages that name it — config, content, site — on that one
// file: the URL comes from the same rules as the build's, and the build's
// output must hold the page.
func (s *Server) pageURL(rel string, out *output.Memory) (string, bool) {
	var ignored diag.List // the build has reported them
	cfgSrc, err := fs.ReadFile(s.src, configFile)
	if err != nil {
		return "", false
	}
	cfg := config.Parse(cfgSrc, &ignored)
	if cfg == nil {
		return "", false
	}
	if u, err := url.Parse(s.baseURL); err == nil && u.Scheme != "" && u.Host != "" {
		cfg.BaseURL = config.NormalizeBase(u)
	}
	src, err := fs.ReadFile(s.src, rel)
	if err != nil {
		return "", false
	}
	f := content.Parse(rel, src, cfg, &ignored)
	if f == nil || f.Draft && !s.drafts {
		return "", false
	}
	for _, p := range site.New(cfg, []*content.File{f}, nil, nil, &ignored).Pages {
		if p.File == f && out.Has(p.OutputPath()) {
			return p.RelPermalink, true
		}
	}
	return "", false
}
