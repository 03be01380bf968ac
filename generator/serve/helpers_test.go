package serve

import (
	"bufio"
	"io"
	"os"
	"testing"

	"qiao/generator/build"
	"qiao/generator/diag"
)

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }

func buildOnDisk(t *testing.T, root, baseURL, out string) error {
	t.Helper()
	var d diag.List
	_, err := build.Build(os.DirFS(root), build.Options{Out: out, BaseURL: baseURL}, &d)
	return err
}
