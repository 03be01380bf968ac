package serve

import (
	"strings"
	"testing"

	"qiao/generator/output"
)

// Any request path maps to a file inside the output, or to none.
func FuzzOutputPath(f *testing.F) {
	for _, s := range []string{"/", "/courses/", "/../site.toml", "/a/../../b", "/%2e%2e/", "/\x00", "/a\\..\\b", "//x//y/", "/zh/课程/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		rel, ok := outputPath(p)
		if !ok {
			return
		}
		if !output.Safe(rel) || strings.Contains(rel, "..") && strings.Contains("/"+rel+"/", "/../") {
			t.Errorf("%q maps to %q", p, rel)
		}
	})
}
