package config

import (
	"reflect"
	"testing"

	"qiao/generator/diag"
)

func TestParseAndStrings(t *testing.T) {
	var d diag.List
	c := Parse([]byte(`title = "T"
baseURL = "https://example.org/kb"
defaultLanguage = "en"
[languages.en]
dateFormat = "2 January 2006"
[languages.en.strings]
home = "Start"
[languages.zh]
[languages.zh.strings]
home = "首页"
[languages.zh-hant]
weight = -1
[topics.ip]
zh = "知识产权"
`), &d)
	if d.HasErrors() {
		t.Fatal(d.Sorted())
	}
	if got := c.BaseURL.String(); got != "https://example.org/kb/" {
		t.Errorf("base = %s", got)
	}
	var order []string
	for _, l := range c.Languages {
		order = append(order, l.Code+"@"+l.Prefix)
	}
	if got := order; len(got) != 3 || got[0] != "en@" || got[1] != "zh-hant@zh-hant" || got[2] != "zh@zh" {
		t.Errorf("languages = %v", got)
	}
	for _, tt := range []struct{ lang, key, want string }{
		{"zh", "home", "首页"},              // the site's own
		{"zh", "skip_to_content", "跳到正文"}, // built-in Chinese
		{"zh-hant", "home", "Start"},      // falls back to the default language
		{"zh-hant", "skip_to_content", "Skip to content"},
		{"en", "no_such_key", "no_such_key"},
	} {
		if got := c.String(tt.lang, tt.key); got != tt.want {
			t.Errorf("String(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	ip := c.Topic("ip")
	if c.Label(ip, "zh") != "知识产权" || c.Label(ip, "en") != "ip" {
		t.Errorf("labels: %q %q", c.Label(ip, "zh"), c.Label(ip, "en"))
	}
}

// [deploy] defaults to writing _headers with the strict policy; each key
// can change it.
func TestDeploy(t *testing.T) {
	var d diag.List
	c := Parse([]byte("title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n"), &d)
	if d.HasErrors() || !c.Deploy.Headers || c.Deploy.CSP != DefaultCSP || c.Deploy.Fixed != nil {
		t.Errorf("defaults: %+v %v", c.Deploy, d.Sorted())
	}
	c = Parse([]byte("title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[deploy]\nheaders = false\n"+
		"contentSecurityPolicy = \" default-src 'self' \"\nfixedNames = [\"img/logo.png\"]\n"), &d)
	if d.HasErrors() || c.Deploy.Headers || c.Deploy.CSP != "default-src 'self'" || len(c.Deploy.Fixed) != 1 || c.Deploy.Fixed[0] != "img/logo.png" {
		t.Errorf("set: %+v %v", c.Deploy, d.Sorted())
	}
}

const syn = "title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[search.synonyms]\n"

// TestSynonyms reads groups of synonyms, sorted by name.
func TestSynonyms(t *testing.T) {
	var d diag.List
	c := Parse([]byte(syn+"wto = [\"WTO\", \"World Trade Organization\", \"世贸组织\"]\nip = [\"IP\", \"知识产权\"]\n"), &d)
	if c == nil || d.HasErrors() {
		t.Fatal(d.Sorted())
	}
	want := []SynonymGroup{{"ip", []string{"IP", "知识产权"}}, {"wto", []string{"WTO", "World Trade Organization", "世贸组织"}}}
	if !reflect.DeepEqual(c.Search.Synonyms, want) {
		t.Errorf("synonyms: %v, want %v", c.Search.Synonyms, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"title = \"T\"\ndefaultLanguage = \"fr\"\n[languages.en]\n", `site.toml:2: defaultLanguage "fr" is not one of the languages configured`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.zh]\nprefix = \"\"\n", `site.toml:5: languages "en" and "zh" share the prefix ""`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.zh]\nprefix = \"../zh\"\n", `site.toml:5: prefix "../zh" of language "zh" must be one URL path segment`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[topics.ip]\nfr = \"PI\"\n", `site.toml:5: topic "ip" has a label for "fr", which is not a configured language`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\ntitel = 1\n[languages.en]\n", `site.toml:3: unknown key "titel" (did you mean "title"?)`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en\n", `site.toml:4: expected '.' or ']' to end table name`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.en.contact]\nemail = \"info at example.org\"\n", `site.toml:5: contact e-mail "info at example.org" is not an address such as info@example.org`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.en.contact]\nemail = \"a@example.org\"\nphone = \"call 123\"\n", `site.toml:6: contact phone "call 123" may hold only digits`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.en.contact]\nwechatQR = \"../x.png\"\n", `site.toml:5: contact wechatQR "../x.png" must be a path below static/`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.en.contact]\nmail = \"a@example.org\"\n", `site.toml:5: unknown key "languages.en.contact.mail" (did you mean "email"?)`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[deploy]\ncontentSecurityPolicy = \"\"\"a\nb\"\"\"\n", `site.toml:5: contentSecurityPolicy must be one line`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[deploy]\nfixedNames = [\"/img/a.png\"]\n", `site.toml:5: fixedNames entry "/img/a.png" must name a file below static/`},
		{"title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[deploy]\nheader = false\n", `site.toml:5: unknown key "deploy.header" (did you mean "headers"?)`},
		{syn + "pct = \"PCT\"\n", `site.toml:5: `},
	} {
		var d diag.List
		Parse([]byte(tt.src), &d)
		found := false
		for _, x := range d.Sorted() {
			if len(x.String()) >= len(tt.want) && x.String()[:len(tt.want)] == tt.want {
				found = true
			}
		}
		if !found {
			t.Errorf("want %q, got %v", tt.want, d.Sorted())
		}
	}
}

func TestContact(t *testing.T) {
	var d diag.List
	c := Parse([]byte("title = \"T\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.en.contact]\nemail = \"info@example.org\"\nphone = \"+852 0000 0000\"\nwechat = \"example-centre\"\n"), &d)
	if d.HasErrors() {
		t.Fatal(d.Sorted())
	}
	ct := c.Language("en").Contact
	if ct.Email != "info@example.org" || ct.WeChat != "example-centre" || ct.PhoneURL() != "tel:+85200000000" {
		t.Errorf("contact %+v, tel %q", ct, ct.PhoneURL())
	}
}
