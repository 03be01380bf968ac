package config

import (
	"io/fs"
	"strings"
	"testing"

	"qiao/generator/diag"
)

func FuzzParse(f *testing.F) {
	f.Add("title = \"T\"\nbaseURL = \"https://example.org/kb/\"\ndefaultLanguage = \"en\"\n[languages.en]\nprefix = \"\"\n[languages.zh]\nmonths = [\"a\"]\n[topics.policy]\nen = \"P\"\nweight = 2\n")
	f.Add("defaultLanguage = \"xx\"\n[languages.en]\n")
	f.Add("baseURL = \"::\"\n[languages.en]\nprefix = \"../x\"\n")
	f.Add("title = \"T\"\ndefaultLanguage = \"en\"\nimage = \"img/og.png\"\n[languages.en]\nlocale = \"en_GB\"\n[languages.en.contact]\nemail = \"a@example.org\"\nphone = \"+852 1234\"\nwechatQR = \"img/qr.png\"\n")
	f.Add("defaultLanguage = \"en\"\n[languages.en]\n[deploy]\nheaders = false\ncontentSecurityPolicy = \"a\\nb\"\nfixedNames = [\"\", \"a/../b\", \"img/x.png\"]\n")
	f.Fuzz(func(t *testing.T, src string) {
		var d diag.List
		c := Parse([]byte(src), &d)
		if c == nil {
			if !d.HasErrors() {
				t.Error("no config and no error")
			}
			return
		}
		if c.Default() == nil {
			t.Fatal("config without its default language")
		}
		if c.BaseURL == nil || c.BaseURL.Path == "" || c.BaseURL.Path[len(c.BaseURL.Path)-1] != '/' {
			t.Errorf("base URL %v does not end in /", c.BaseURL)
		}
		if !d.HasErrors() {
			for _, l := range c.Languages {
				if l.Prefix != "" && !validSegment(l.Prefix) {
					t.Errorf("unsafe prefix %q accepted", l.Prefix)
				}
				// Accepted contact details make links that stay links.
				if tel := l.Contact.PhoneURL(); l.Contact.Phone != "" && strings.Trim(tel[len("tel:"):], "+0123456789") != "" {
					t.Errorf("phone %q gives %q", l.Contact.Phone, tel)
				}
				if strings.ContainsAny(l.Contact.Email, " ?#<>\"") {
					t.Errorf("e-mail %q accepted", l.Contact.Email)
				}
				if l.Locale == "" {
					t.Errorf("language %q has no locale", l.Code)
				}
			}
			if strings.ContainsAny(c.Deploy.CSP, "\r\n") {
				t.Errorf("a policy of several lines accepted: %q", c.Deploy.CSP)
			}
			for _, f := range c.Deploy.Fixed {
				if !fs.ValidPath(f) || f == "." {
					t.Errorf("fixed name %q accepted", f)
				}
			}
		}
	})
}
