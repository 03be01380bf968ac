package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"qiao/generator/source"
)

// Options configure Run.
type Options struct {
	Root   string // the site root
	Bind   string // address to listen on; loopback unless told otherwise
	Port   int
	Drafts bool
	Log    io.Writer
	// Ready, when set, is called with the URL once the site is served.
	Ready func(url string)
}

// Run builds the site, serves it and rebuilds on changes until ctx ends. A
// build error does not stop it.
func Run(ctx context.Context, o Options) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(o.Bind, strconv.Itoa(o.Port)))
	if err != nil {
		return fmt.Errorf("listen on %s:%d: %w (is another server using the port? try --port)", o.Bind, o.Port, err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	url := fmt.Sprintf("http://%s/", net.JoinHostPort(o.Bind, strconv.Itoa(port)))
	if ip := net.ParseIP(o.Bind); o.Bind == "" || ip != nil && ip.IsUnspecified() {
		url = fmt.Sprintf("http://localhost:%d/", port)
	}

	tree, err := source.Open(o.Root)
	if err != nil {
		return fmt.Errorf("open the site: %w", err)
	}
	defer tree.Close()
	s := New(tree, url, o.Drafts, o.Log)
	built := s.Rebuild(nil)
	srv := &http.Server{Handler: newHostCheck(s, o.Bind, url, o.Log), ReadHeaderTimeout: 10 * time.Second}
	watchErr := make(chan error, 1)
	go func() { watchErr <- s.Watch(ctx, tree.Dir()) }()
	// Serve only once a save would be seen.
	select {
	case <-s.Watching():
	case err := <-watchErr:
		if err == nil { // ctx ended first
			return nil
		}
		return err
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if built {
		fmt.Fprintf(o.Log, "Serving %s at %s (press Ctrl+C to stop)\n", o.Root, url)
	} else {
		fmt.Fprintf(o.Log, "Listening at %s: it shows the problems until the site builds, then the site (press Ctrl+C to stop)\n", url)
	}
	if o.Ready != nil {
		o.Ready(url)
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-watchErr
}
