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
	Root string // the site root
	Bind string // address to listen on; loopback unless told otherwise
	Port int
	// FixedPort makes Run fail when Port is in use, instead of serving on
	// the next free port after it: for a port the user chose, which a
	// container or a bookmark may depend on.
	FixedPort bool
	Drafts    bool
	// Navigate brings open tabs to the page just edited, when a rebuild
	// comes from an edit of one page's file, instead of reloading them.
	Navigate bool
	// Poll, when positive, is how often to look for changes, instead of
	// waiting for the system's file events (see Server.Poll).
	Poll time.Duration
	Log  io.Writer
	// Ready, when set, is called with the URL once the site is served,
	// after everything Run says when it starts.
	Ready func(url string)
	// Open, when set, is called with the URL once the site is served, to
	// open it in a browser (OpenBrowser does).
	Open func(url string) error
}

// Run builds the site, serves it and rebuilds on changes until ctx ends. A
// build error does not stop it.
func Run(ctx context.Context, o Options) error {
	ln, err := listenOn(o.Bind, o.Port, o.FixedPort, o.Log)
	if err != nil {
		return err
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	url := fmt.Sprintf("http://%s/", net.JoinHostPort(o.Bind, strconv.Itoa(port)))
	if everyInterface(o.Bind) {
		url = fmt.Sprintf("http://localhost:%d/", port)
	}

	tree, err := source.Open(o.Root)
	if err != nil {
		return fmt.Errorf("open the site: %w", err)
	}
	defer tree.Close()
	s := New(tree, url, o.Drafts, o.Log)
	s.navigate = o.Navigate
	built := s.Rebuild(nil)
	srv := &http.Server{Handler: newHostCheck(s, o.Bind, url, o.Log), ReadHeaderTimeout: 10 * time.Second}
	watchErr := make(chan error, 1)
	go func() {
		if o.Poll > 0 {
			watchErr <- s.Poll(ctx, tree.Dir(), o.Poll)
		} else {
			watchErr <- s.Watch(ctx, tree.Dir())
		}
	}()
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
	if everyInterface(o.Bind) {
		lan := lanURLs(o.Bind, port, networkAddrs())
		for _, u := range lan {
			fmt.Fprintf(o.Log, "  on your network: %s\n", u)
		}
		if len(lan) == 0 {
			fmt.Fprintf(o.Log, "  no network address found: only this machine can open the site\n")
		}
	}
	if o.Poll > 0 {
		fmt.Fprintf(o.Log, "  looking for changes every %v\n", o.Poll)
	}
	if o.Open != nil {
		if err := o.Open(url); err != nil {
			fmt.Fprintf(o.Log, "Could not open a browser (%v); open %s yourself.\n", err, url)
		}
	}
	if o.Ready != nil {
		o.Ready(url)
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-watchErr
}
