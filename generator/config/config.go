// Package config reads site.toml into a Config: the site's title and base
// URL, its languages with their prefixes, date formats and UI strings, its
// topics, and Markdown options. It validates the file and reports problems
// as diagnostics; it knows nothing of content or layouts.
package config

import (
	_ "embed"
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"qiao/generator/diag"
	"qiao/generator/tomlkeys"
)

// File is the name of the configuration file at the site root.
const File = "site.toml"

// Config is a validated site configuration.
type Config struct {
	Title           string
	BaseURL         *url.URL // always ends in "/"
	DefaultLanguage string
	Languages       []*Language // default language first, then by weight and code
	Topics          []Topic     // by weight, then key
	Markdown        Markdown
	Deploy          Deploy
	Params          map[string]any
	Search          Search
	// Image is the site's default picture for link previews (og:image),
	// a path below static/; a page's own image front matter replaces it.
	Image string
	// Pagination splits long lists: [pagination] in site.toml.
	Pagination Pagination

	// unknown records the strings String gave its key for (see
	// UnknownStrings); nil in a Config not made by Parse.
	unknown *unknownStrings
}

// unknownStrings are the UI strings asked for in a language that neither
// it nor a fallback has, by language code.
type unknownStrings struct {
	mu   sync.Mutex
	keys map[string]map[string]bool
}

// DefaultPageSize is how many pages a list page shows when site.toml
// sets no [pagination] pageSize.
const DefaultPageSize = 24

// Pagination configures the pages of long lists (sections, topics,
// filters): the first page at the list's URL, the next at page/2/ and on.
type Pagination struct {
	// PageSize is how many listed pages each page of a list shows.
	PageSize int `toml:"pageSize"`
}

// Search configures the site search.
type Search struct {
	// Synonyms are groups of terms a query treats as one, by the name
	// each has in [search.synonyms], sorted by name.
	Synonyms []SynonymGroup
}

// SynonymGroup is a group of [search.synonyms]: terms in any language.
type SynonymGroup struct {
	Name  string
	Terms []string
}

// Deploy holds what the build writes for web hosts: [deploy] in site.toml.
type Deploy struct {
	// Headers is whether the build writes a _headers file (Netlify,
	// Cloudflare Pages): headers = false turns it off.
	Headers bool
	// CSP is the Content-Security-Policy that _headers sends with
	// every file (contentSecurityPolicy).
	CSP string
	// Fixed lists assets, as paths below static/, that keep their names
	// instead of taking a hash of their bytes (fixedNames).
	Fixed []string
}

// DefaultCSP is the Content-Security-Policy of _headers unless site.toml
// sets another: everything from the site itself, no inline script or
// style, images also from data: URLs (the stylesheet's icons).
const DefaultCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Language is one language of the site.
type Language struct {
	Code       string
	Name       string
	Prefix     string // "" for the root, else one path segment
	Title      string
	DateFormat string
	Months     []string // optional month names replacing "January"… in DateFormat
	Weight     int
	Strings    map[string]string
	Contact    Contact
	Locale     string // for Open Graph: en_US, zh_CN
	// StringsLine is the line of [languages.<code>.strings] in site.toml,
	// else of [languages.<code>], for messages about its strings.
	StringsLine int
}

// Contact is how learners reach the centre in one language: the target of
// "Ask about this course" where a course has no enrol target. Any field
// may be empty.
type Contact struct {
	Email    string `toml:"email"`
	Phone    string `toml:"phone"`
	WeChat   string `toml:"wechat"`   // a WeChat ID
	WeChatQR string `toml:"wechatQR"` // a QR code image, a path below static/
	Address  string `toml:"address"`
}

// Topic is a key with one label per language.
type Topic struct {
	Key    string
	Weight int
	Labels map[string]string
}

// Markdown holds rendering options.
type Markdown struct {
	Unsafe bool
}

type fileConfig struct {
	Title           string                    `toml:"title"`
	BaseURL         string                    `toml:"baseURL"`
	DefaultLanguage string                    `toml:"defaultLanguage"`
	Languages       map[string]fileLanguage   `toml:"languages"`
	Topics          map[string]map[string]any `toml:"topics"`
	Markdown        Markdown                  `toml:"markdown"`
	Deploy          fileDeploy                `toml:"deploy"`
	Params          map[string]any            `toml:"params"`
	Image           string                    `toml:"image"`
	Pagination      Pagination                `toml:"pagination"`
	Search          struct {
		Synonyms map[string][]string `toml:"synonyms"`
	} `toml:"search"`
}

type fileDeploy struct {
	Headers *bool    `toml:"headers"`
	CSP     *string  `toml:"contentSecurityPolicy"`
	Fixed   []string `toml:"fixedNames"`
}

type fileLanguage struct {
	Name       string            `toml:"name"`
	Prefix     *string           `toml:"prefix"`
	Title      string            `toml:"title"`
	DateFormat string            `toml:"dateFormat"`
	Months     []string          `toml:"months"`
	Weight     int               `toml:"weight"`
	Strings    map[string]string `toml:"strings"`
	Contact    Contact           `toml:"contact"`
	Locale     string            `toml:"locale"`
}

var knownKeys = []string{"title", "baseURL", "defaultLanguage", "languages", "topics", "markdown", "params",
	"name", "prefix", "dateFormat", "months", "weight", "strings", "unsafe",
	"contact", "locale", "image", "email", "phone", "wechat", "wechatQR", "address",
	"deploy", "headers", "contentSecurityPolicy", "fixedNames", "search", "synonyms", "pagination", "pageSize"}

// Parse decodes and validates site.toml. Problems are added to diags; the
// returned Config is nil when the file cannot be used at all.
func Parse(src []byte, diags *diag.List) *Config {
	var fc fileConfig
	md, err := toml.Decode(string(src), &fc)
	if err != nil {
		line, msg := tomlkeys.ErrorLine(err)
		diags.Errorf(File, line, "config-toml", "%s", msg)
		return nil
	}
	ix := tomlkeys.New(string(src))
	for _, k := range md.Undecoded() {
		key := k.String()
		last := k[len(k)-1]
		diags.Errorf(File, ix.KeyLine(key), "config-unknown-key", "unknown key %q%s", key, diag.DidYouMean(last, knownKeys))
	}

	c := &Config{Title: fc.Title, DefaultLanguage: fc.DefaultLanguage, Markdown: fc.Markdown, Params: fc.Params, Image: fc.Image, Pagination: fc.Pagination,
		unknown: &unknownStrings{keys: map[string]map[string]bool{}}}
	switch {
	case c.Pagination.PageSize == 0:
		c.Pagination.PageSize = DefaultPageSize
	case c.Pagination.PageSize < 0:
		diags.Errorf(File, ix.KeyLine("pagination.pageSize"), "config-page-size", "pagination.pageSize is %d; it must be at least 1", c.Pagination.PageSize)
		c.Pagination.PageSize = DefaultPageSize
	}
	if c.Title == "" {
		diags.Errorf(File, 0, "config-required", "title is required")
	}
	base := fc.BaseURL
	if base == "" {
		base = "/"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "" && u.Host == "") || u.RawQuery != "" || u.Fragment != "" {
		diags.Errorf(File, ix.KeyLine("baseURL"), "config-base-url", "baseURL %q is not a URL like https://example.org/ or https://example.org/kb/", fc.BaseURL)
		u = &url.URL{Path: "/"}
	}
	c.BaseURL = NormalizeBase(u)
	c.Deploy = parseDeploy(fc.Deploy, ix, diags)

	if len(fc.Languages) == 0 {
		diags.Errorf(File, 0, "config-required", "at least one [languages.<code>] table is required")
		return nil
	}
	if _, ok := fc.Languages[c.DefaultLanguage]; !ok {
		diags.Errorf(File, ix.KeyLine("defaultLanguage"), "config-default-language",
			"defaultLanguage %q is not one of the languages configured%s", c.DefaultLanguage, diag.DidYouMean(c.DefaultLanguage, keys(fc.Languages)))
		return nil
	}
	prefixes := map[string]string{}
	for _, code := range keys(fc.Languages) {
		fl := fc.Languages[code]
		line := ix.KeyLine("languages." + code)
		if !validCode(code) {
			diags.Errorf(File, line, "config-language", "language code %q must be letters, digits and hyphens", code)
			continue
		}
		l := &Language{Code: code, Name: fl.Name, Title: fl.Title, DateFormat: fl.DateFormat, Months: fl.Months, Weight: fl.Weight, Strings: fl.Strings, Contact: fl.Contact, Locale: fl.Locale,
			StringsLine: line}
		if table := ix.KeyLine("languages." + code + ".strings"); table != 0 {
			l.StringsLine = table
		}
		if l.Locale == "" {
			l.Locale = defaultLocale(code)
		}
		checkContact(code, &l.Contact, ix, diags)
		if l.Name == "" {
			l.Name = code
		}
		if l.Title == "" {
			l.Title = c.Title
		}
		if l.DateFormat == "" {
			l.DateFormat = "2006-01-02"
		}
		if l.Strings == nil {
			l.Strings = map[string]string{}
		}
		if len(l.Months) != 0 && len(l.Months) != 12 {
			diags.Errorf(File, ix.KeyLine("languages."+code+".months"), "config-language", "months of %q must list 12 names, not %d", code, len(l.Months))
			l.Months = nil
		}
		switch {
		case fl.Prefix != nil:
			l.Prefix = *fl.Prefix
		case code != c.DefaultLanguage:
			l.Prefix = code
		}
		if l.Prefix != "" && !validSegment(l.Prefix) {
			diags.Errorf(File, ix.KeyLine("languages."+code+".prefix"), "config-language", "prefix %q of language %q must be one URL path segment (letters, digits, hyphens)", l.Prefix, code)
			continue
		}
		if other, dup := prefixes[l.Prefix]; dup {
			diags.Errorf(File, ix.KeyLine("languages."+code+".prefix"), "config-language", "languages %q and %q share the prefix %q", other, code, l.Prefix)
			continue
		}
		prefixes[l.Prefix] = code
		c.Languages = append(c.Languages, l)
	}
	if c.Default() == nil {
		return nil // its table had errors, reported above
	}
	sort.SliceStable(c.Languages, func(i, j int) bool {
		a, b := c.Languages[i], c.Languages[j]
		if (a.Code == c.DefaultLanguage) != (b.Code == c.DefaultLanguage) {
			return a.Code == c.DefaultLanguage
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Code < b.Code
	})

	for _, key := range keys(fc.Topics) {
		line := ix.KeyLine("topics." + key)
		if !validSegment(key) {
			diags.Errorf(File, line, "config-topic", "topic key %q must be lowercase letters, digits and hyphens", key)
			continue
		}
		t := Topic{Key: key, Labels: map[string]string{}}
		for k, v := range fc.Topics[key] {
			switch v := v.(type) {
			case string:
				if c.Language(k) == nil {
					diags.Errorf(File, ix.KeyLine("topics."+key+"."+k), "config-topic", "topic %q has a label for %q, which is not a configured language", key, k)
				}
				t.Labels[k] = v
			case int64:
				if k == "weight" {
					t.Weight = int(v)
					continue
				}
				diags.Errorf(File, ix.KeyLine("topics."+key+"."+k), "config-topic", "topic label %q must be a string", key+"."+k)
			default:
				diags.Errorf(File, ix.KeyLine("topics."+key+"."+k), "config-topic", "topic label %q must be a string", key+"."+k)
			}
		}
		c.Topics = append(c.Topics, t)
	}
	sort.SliceStable(c.Topics, func(i, j int) bool { return c.Topics[i].Weight < c.Topics[j].Weight })
	c.Search.Synonyms = synonyms(fc.Search.Synonyms)
	return c
}

// parseDeploy checks the [deploy] table and fills in its defaults.
func parseDeploy(fd fileDeploy, ix *tomlkeys.Index, diags *diag.List) Deploy {
	d := Deploy{Headers: fd.Headers == nil || *fd.Headers, CSP: DefaultCSP}
	if fd.CSP != nil {
		d.CSP = strings.TrimSpace(*fd.CSP)
		if strings.ContainsAny(d.CSP, "\r\n\x00") {
			diags.Errorf(File, ix.KeyLine("deploy.contentSecurityPolicy"), "config-deploy", "contentSecurityPolicy must be one line: it becomes a header")
			d.CSP = DefaultCSP
		}
	}
	for _, f := range fd.Fixed {
		if f == "" || !fs.ValidPath(f) || f == "." {
			diags.Errorf(File, ix.KeyLine("deploy.fixedNames"), "config-deploy", "fixedNames entry %q must name a file below static/ without a leading slash, as in \"img/logo.png\"", f)
			continue
		}
		d.Fixed = append(d.Fixed, f)
	}
	return d
}

// synonyms reads [search.synonyms], sorted by name. The build checks
// that search can use each term (build/search.go).
func synonyms(groups map[string][]string) []SynonymGroup {
	var out []SynonymGroup
	for _, name := range keys(groups) {
		out = append(out, SynonymGroup{Name: name, Terms: groups[name]})
	}
	return out
}

// NormalizeBase makes a base URL end in "/" and drops what a base cannot have.
func NormalizeBase(u *url.URL) *url.URL {
	n := *u
	n.Path = path.Clean("/" + n.Path)
	if !strings.HasSuffix(n.Path, "/") {
		n.Path += "/"
	}
	n.RawPath, n.RawQuery, n.Fragment = "", "", ""
	return &n
}

// Language returns the language with the given code, or nil.
func (c *Config) Language(code string) *Language {
	for _, l := range c.Languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// Default returns the default language.
func (c *Config) Default() *Language { return c.Language(c.DefaultLanguage) }

// Topic returns the topic with the given key, or nil.
func (c *Config) Topic(key string) *Topic {
	for i := range c.Topics {
		if c.Topics[i].Key == key {
			return &c.Topics[i]
		}
	}
	return nil
}

// TopicKeys lists the topic keys, for suggestions.
func (c *Config) TopicKeys() []string {
	out := make([]string, len(c.Topics))
	for i, t := range c.Topics {
		out[i] = t.Key
	}
	return out
}

// Label returns the topic's label in lang, falling back to the default
// language and then to the key.
func (c *Config) Label(t *Topic, lang string) string {
	if s := t.Labels[lang]; s != "" {
		return s
	}
	if s := t.Labels[c.DefaultLanguage]; s != "" {
		return s
	}
	return t.Key
}

//go:embed strings.toml
var builtinStringsTOML string

// builtinStrings are the UI strings of the built-in layouts, by language.
var builtinStrings = func() map[string]map[string]string {
	var m map[string]map[string]string
	if _, err := toml.Decode(builtinStringsTOML, &m); err != nil {
		panic("config: built-in strings.toml: " + err.Error()) // a bug in the binary, not in user input
	}
	return m
}()

// String returns the UI string key in lang. It looks in the site's strings
// for lang, Qiao's built-in strings for lang, then the same two for the
// default language, then the built-in English, and gives the key itself
// when none has it.
func (c *Config) String(lang, key string) string {
	s, _, found := c.lookupString(lang, key)
	if !found && c.unknown != nil {
		c.unknown.mu.Lock()
		if c.unknown.keys[lang] == nil {
			c.unknown.keys[lang] = map[string]bool{}
		}
		c.unknown.keys[lang][key] = true
		c.unknown.mu.Unlock()
	}
	return s
}

// UnknownStrings are the UI strings a build asked for in one language
// that neither it nor a fallback has, so pages show their keys: a
// layout's typo, or a layout copied without its strings.
type UnknownStrings struct {
	Lang *Language
	Keys []string // sorted
}

// UnknownStrings returns what String was asked for and gave back as its
// key, by language in the order of Languages, for a build to report.
func (c *Config) UnknownStrings() []UnknownStrings {
	if c.unknown == nil {
		return nil
	}
	c.unknown.mu.Lock()
	defer c.unknown.mu.Unlock()
	var out []UnknownStrings
	for _, l := range c.Languages {
		if set := c.unknown.keys[l.Code]; len(set) > 0 {
			out = append(out, UnknownStrings{Lang: l, Keys: keys(set)})
		}
	}
	return out
}

// LookupString is String, also reporting whether the string was found in
// lang itself (site or built-in) rather than by a fallback.
func (c *Config) LookupString(lang, key string) (string, bool) {
	s, own, _ := c.lookupString(lang, key)
	return s, own
}

// lookupString is LookupString, also reporting whether the string was
// found at all.
func (c *Config) lookupString(lang, key string) (s string, own, found bool) {
	for i, code := range []string{lang, c.DefaultLanguage, "en"} {
		if l := c.Language(code); l != nil {
			if s, ok := l.Strings[key]; ok {
				return s, i == 0, true
			}
		}
		if s, ok := builtinStrings[builtinFor(code)][key]; ok {
			return s, i == 0, true
		}
	}
	return key, false, false
}

// builtinFor maps a language code to the built-in strings that suit it:
// zh-Hans and zh-CN use the (Simplified) Chinese ones; Traditional Chinese
// has none yet, so it falls back to the default language.
func builtinFor(code string) string {
	base, region, _ := strings.Cut(strings.ToLower(code), "-")
	if base == "zh" && region != "" && region != "hans" && region != "cn" && region != "sg" {
		return ""
	}
	return base
}

// FormatDate formats t in the language's date format, with its month names.
func (l *Language) FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s := t.Format(l.DateFormat)
	if len(l.Months) == 12 && strings.Contains(l.DateFormat, "January") {
		s = strings.Replace(s, t.Month().String(), l.Months[t.Month()-1], 1)
	}
	return s
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func validCode(s string) bool { return s != "" && validChars(s, true) }

func validSegment(s string) bool { return s != "" && validChars(s, false) }

func validChars(s string, upper bool) bool {
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || upper && r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return s[0] != '-'
}

// String for fmt.
func (l *Language) String() string { return fmt.Sprintf("%s (%s)", l.Name, l.Code) }

// checkContact reports contact details that cannot become links, and
// leaves them out.
func checkContact(code string, c *Contact, ix *tomlkeys.Index, diags *diag.List) {
	key := "languages." + code + ".contact."
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || strings.ContainsAny(c.Email, "?#%/ ") {
			diags.Errorf(File, ix.KeyLine(key+"email"), "config-contact", "contact e-mail %q is not an address such as info@example.org", c.Email)
			c.Email = ""
		}
	}
	if c.Phone != "" && (strings.Trim(c.Phone, "+0123456789 -()") != "" || !strings.ContainsAny(c.Phone, "0123456789")) {
		diags.Errorf(File, ix.KeyLine(key+"phone"), "config-contact", "contact phone %q may hold only digits, spaces, +, - and brackets", c.Phone)
		c.Phone = ""
	}
	if c.WeChatQR != "" && (strings.HasPrefix(c.WeChatQR, "/") || strings.Contains(c.WeChatQR, "..") || strings.Contains(c.WeChatQR, "://")) {
		diags.Errorf(File, ix.KeyLine(key+"wechatQR"), "config-contact", "contact wechatQR %q must be a path below static/, such as img/wechat.png", c.WeChatQR)
		c.WeChatQR = ""
	}
}

// PhoneURL is the tel: link of the phone number: digits and a leading +.
func (c Contact) PhoneURL() string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range c.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// defaultLocale is the Open Graph locale of a language code: en_US for en,
// zh_CN for zh, zh_TW for zh-TW; a code with a region keeps it.
func defaultLocale(code string) string {
	base, region, ok := strings.Cut(code, "-")
	if ok && len(region) == 2 {
		return strings.ToLower(base) + "_" + strings.ToUpper(region)
	}
	switch strings.ToLower(base) {
	case "en":
		return "en_US"
	case "zh":
		return "zh_CN"
	case "ja":
		return "ja_JP"
	case "ko":
		return "ko_KR"
	}
	return strings.ToLower(base) + "_" + strings.ToUpper(base)
}
