package render

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/template/parse"

	"qiao/generator/diag"
)

//go:embed assets/search-box.js
var searchBoxScript []byte

// SearchBoxScript is the built-in script that loads the search script and
// stylesheet when the header's search box is first used. It is a file of
// its own, not inline, so that a Content-Security-Policy of
// script-src 'self' allows it.
func SearchBoxScript() []byte { return searchBoxScript }

// Builtin is a file Qiao provides that layouts may ask for as an asset,
// unless the site's static/ has its own at the same path.
type Builtin struct {
	Path string
	Data func() []byte
}

// Asset is a file the layouts ask for through the asset function: read
// from the site's static/ or built in, and written under a name that holds
// a hash of its bytes (css/site.3f2a9c1e5b.css), so that it can be cached
// for ever: a changed file is a new URL.
type Asset struct {
	Source string // slash path below static/, as layouts name it
	Output string // path in the output
	Static bool   // from static/, not built in
	Data   []byte
}

// Fingerprinted reports whether the asset's output name holds its hash.
func (a *Asset) Fingerprinted() bool { return a.Output != a.Source }

// hashLength is the number of hex digits of SHA-256 in a fingerprinted
// name: 40 bits, enough that two versions of one file do not share a name.
const hashLength = 10

// FingerprintedName returns source with the first hex digits of the
// SHA-256 of data before its extension: css/site.css → css/site.<hash>.css,
// js/app.min.js → js/app.min.<hash>.js, LICENSE → LICENSE.<hash>.
func FingerprintedName(source string, data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])[:hashLength]
	ext := path.Ext(source)
	if ext == path.Base(source) || ext == "" {
		// No extension, or a name that is all extension (".nojekyll").
		return source + "." + h
	}
	return strings.TrimSuffix(source, ext) + "." + h + ext
}

// fixedNames are files that hosts, browsers and crawlers look for by name:
// asked for as assets, they keep it.
var fixedNames = map[string]bool{"favicon.ico": true, "robots.txt": true, "sitemap.xml": true,
	"manifest.webmanifest": true, "apple-touch-icon.png": true}

// assetUse is one call of the asset or optionalAsset function in a layout.
type assetUse struct {
	source   string
	optional bool   // optionalAsset: the file may be missing
	where    string // layout file and line, for messages
	line     int
}

// findAssetUses lists the asset calls of every layout and reports calls
// that do not name their file with a quoted path: the build must know
// every asset before it renders a page.
func (t *Templates) findAssetUses(diags *diag.List) {
	seen := map[string]bool{}
	for _, name := range sortedNames((t.views)) {
		for _, tmpl := range t.views[name].Templates() {
			if tmpl.Tree == nil || seen[tmpl.Name()] {
				continue
			}
			seen[tmpl.Name()] = true
			tree := tmpl.Tree
			walkCommands(tree.Root, func(c *parse.CommandNode) {
				id, ok := c.Args[0].(*parse.IdentifierNode)
				if !ok || (id.Ident != "asset" && id.Ident != "optionalAsset") {
					return
				}
				origin, line := t.location(tree, c)
				var s *parse.StringNode
				if len(c.Args) == 2 {
					s, _ = c.Args[1].(*parse.StringNode)
				}
				if s == nil {
					diags.Errorf(origin, line, "layout", `%s takes one quoted path, as in {{%s "css/site.css"}}`, id.Ident, id.Ident)
					return
				}
				t.assetUses = append(t.assetUses, assetUse{source: s.Text, optional: id.Ident == "optionalAsset", where: origin, line: line})
			})
		}
	}
}

// sortedNames returns the keys of m in order.
func sortedNames[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// location returns the layout file and line of a node.
func (t *Templates) location(tree *parse.Tree, n parse.Node) (string, int) {
	loc, _ := tree.ErrorContext(n)
	name, rest, _ := strings.Cut(loc, ":")
	lineText, _, _ := strings.Cut(rest, ":")
	line, _ := strconv.Atoi(lineText)
	origin := t.files[name]
	if origin == "" {
		origin = path.Join(LayoutDir, name)
	}
	return origin, line
}

// walkCommands calls f for every command in the tree below n.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCommands(c, f)
		}
	case *parse.ActionNode:
		walkCommands(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkCommands(c, f)
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkCommands(a, f)
		}
	case *parse.ChainNode:
		walkCommands(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkCommands(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.CommandNode)) {
	walkCommands(b.Pipe, f)
	walkCommands(b.List, f)
	walkCommands(b.ElseList, f)
}

// ResolveAssets reads every file the layouts ask for as an asset, from
// static (the site's static/ folder, nil when there is none) or else from
// builtins, and decides its output name: fingerprinted unless its name is
// one hosts look for (favicon.ico, robots.txt …) or listed in fixed.
// basePath is the site's root path ("/" or "/kb/"), which the asset
// function puts before every name. A missing file is an error at the
// layout that asks for it.
func (t *Templates) ResolveAssets(static fs.FS, builtins []Builtin, fixed []string, basePath string, diags *diag.List) {
	t.assetBase = basePath
	t.assets = map[string]*Asset{}
	keep := map[string]bool{}
	for _, f := range fixed {
		keep[f] = true
	}
	for _, u := range t.assetUses {
		if _, done := t.assets[u.source]; done {
			continue
		}
		a, err := readAsset(u.source, static, builtins)
		if errors.Is(err, errNoAsset) && u.optional {
			t.assets[u.source] = nil // known to be missing
			continue
		}
		if err != nil {
			diags.Errorf(u.where, u.line, "asset", "%v", err)
			continue
		}
		a.Output = a.Source
		if !fixedNames[path.Base(a.Source)] && !keep[a.Source] {
			a.Output = FingerprintedName(a.Source, a.Data)
		}
		t.assets[u.source] = a
	}
	h := maphash.Hash{}
	h.SetSeed(assetSeed)
	for _, k := range sortedNames((t.assets)) {
		h.WriteString(k)
		h.WriteByte(0)
		if a := t.assets[k]; a != nil {
			h.WriteString(a.Output)
		}
		h.WriteByte(0)
	}
	t.assetsHash = h.Sum64()
}

var assetSeed = maphash.MakeSeed()

func readAsset(source string, static fs.FS, builtins []Builtin) (*Asset, error) {
	if source == "" || strings.HasPrefix(source, "/") || !fs.ValidPath(source) {
		return nil, fmt.Errorf("asset %q: name a file below static/ without a leading slash, as in \"css/site.css\"", source)
	}
	if static != nil {
		data, err := fs.ReadFile(static, source)
		if err == nil {
			return &Asset{Source: source, Static: true, Data: data}, nil
		}
		if !isNotExist(err) {
			return nil, fmt.Errorf("asset %q: cannot read static/%s: %v", source, source, err)
		}
	}
	for _, b := range builtins {
		if b.Path == source {
			return &Asset{Source: source, Data: b.Data()}, nil
		}
	}
	return nil, fmt.Errorf("asset %q: there is no static/%s, and Qiao has no built-in file of that name: %w", source, source, errNoAsset)
}

var errNoAsset = errors.New("no such asset")

// isNotExist reports whether err says that there is no such file,
// including a path through something that is not a folder.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// Assets returns the assets the layouts ask for, by source path.
func (t *Templates) Assets() []*Asset {
	out := make([]*Asset, 0, len(t.assets))
	for _, k := range sortedNames((t.assets)) {
		if a := t.assets[k]; a != nil {
			out = append(out, a)
		}
	}
	return out
}

// AssetsHash is a hash of the assets' output names: pages that ask for
// assets change when it does.
func (t *Templates) AssetsHash() uint64 { return t.assetsHash }

// assetFunc is the asset template function of the layouts:
// {{asset "css/site.css"}} is the URL path of the file's output, such as
// /kb/css/site.3f2a9c1e5b.css.
func (t *Templates) assetFunc(source string) (string, error) {
	a := t.assets[source]
	if a == nil {
		return "", fmt.Errorf("asset %q was not resolved before rendering", source)
	}
	return t.assetBase + a.Output, nil
}

// optionalAssetFunc is the optionalAsset template function: asset for a
// file that may be missing, "" when it is, as in
// {{with optionalAsset "favicon.ico"}}<link rel="icon" href="{{.}}">{{end}}.
func (t *Templates) optionalAssetFunc(source string) (string, error) {
	a, known := t.assets[source]
	switch {
	case !known:
		return "", fmt.Errorf("asset %q was not resolved before rendering", source)
	case a == nil:
		return "", nil
	}
	return t.assetBase + a.Output, nil
}
