// Package chrometest runs one headless Chromium for the tests of a package
// and gives each test its own tab, with everything that went wrong in that
// tab collected: console errors, uncaught exceptions and failed requests.
//
// It owns starting and stopping the browser and watching a tab; it does not
// know about Qiao's sites, builds or servers. Use it from TestMain:
//
//	var browser *chrometest.Browser
//
//	func TestMain(m *testing.M) { os.Exit(chrometest.Main(m, &browser)) }
//
//	func TestHome(t *testing.T) {
//		tab := browser.NewTab(t) // skips when there is no Chromium (never under CI)
//		if err := tab.Navigate(url); err != nil {
//			t.Fatal(err)
//		}
//		for _, p := range tab.TakeProblems() {
//			t.Error(p)
//		}
//	}
//
// Drive the page with chromedp on tab.Context().
package chrometest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// ErrNoBrowser is returned by Start when no Chromium is installed.
var ErrNoBrowser = errors.New("chromium is not installed")

// Browser is one running headless Chromium. A nil *Browser stands for a
// missing browser: its NewTab skips the test.
type Browser struct {
	ctx     context.Context // the browser's first tab; parent of every new tab
	cancel  func()
	dataDir string
}

// Options configure Start. The zero value is fine.
type Options struct {
	// ExecPath is the browser binary; default $CHROMIUM, else DefaultPath.
	ExecPath string
	// Width and Height are the window size; default 1280×900. Chromium gives
	// blank screenshots for windows below about 500×200, so use
	// Tab.SetViewport for narrow layouts.
	Width, Height int
}

// ExecPath returns the browser binary Start would run, and whether it exists.
func ExecPath() (string, bool) {
	p := os.Getenv("CHROMIUM")
	if p == "" {
		p = DefaultPath
	}
	if _, err := exec.LookPath(p); err != nil {
		return p, false
	}
	return p, true
}

// Start launches a headless Chromium with a fresh profile and no network
// features, ready for tabs.
func Start(o Options) (*Browser, error) {
	if o.ExecPath == "" {
		p, ok := ExecPath()
		if !ok {
			return nil, fmt.Errorf("%w (looked for %s; set CHROMIUM to another binary)", ErrNoBrowser, p)
		}
		o.ExecPath = p
	}
	if o.Width == 0 || o.Height == 0 {
		o.Width, o.Height = 1280, 900
	}
	dir, err := os.MkdirTemp("", "chrometest-profile-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(o.ExecPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(o.Width, o.Height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, dataDir: dir, cancel: func() { cancelCtx(); cancelAlloc() }}
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		b.Close()
		return nil, fmt.Errorf("start %s: %w", o.ExecPath, err)
	}
	return b, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	if b == nil {
		return
	}
	b.cancel()
	_ = os.RemoveAll(b.dataDir)
}

// NewContext opens a tab outside a test, for a benchmark, with the options
// given (chromedp.WithListener, …); cancel closes it. Unlike NewTab it
// watches nothing itself and sets no time limit.
func (b *Browser) NewContext(opts ...chromedp.ContextOption) (context.Context, context.CancelFunc) {
	return chromedp.NewContext(b.ctx, opts...)
}

// Main is the body of a TestMain: it starts the browser into *b, runs the
// tests and stops the browser, returning the exit code. Without Chromium the
// tests run with a nil browser (browser tests skip), except when the
// environment variable CI is set: there a missing browser fails the run.
func Main(m *testing.M, b **Browser) int {
	browser, err := Start(Options{})
	switch {
	case errors.Is(err, ErrNoBrowser) && os.Getenv("CI") == "":
		fmt.Fprintf(os.Stderr, "chrometest: %v; browser tests will be skipped\n", err)
	case err != nil:
		fmt.Fprintf(os.Stderr, "chrometest: %v\n", err)
		return 1
	}
	*b = browser
	defer browser.Close()
	return m.Run()
}

// Problem is something that went wrong in a tab.
type Problem struct {
	Kind string // "console", "exception" or "request"
	URL  string // the page, script or request it concerns
	Text string
}

func (p Problem) String() string {
	if p.URL == "" {
		return p.Kind + ": " + p.Text
	}
	return p.Kind + ": " + p.Text + " (" + p.URL + ")"
}

// Tab is one browser tab of a test.
type Tab struct {
	ctx context.Context

	mu       sync.Mutex
	problems []Problem
	requests map[network.RequestID]string // request → URL, to name failures
}

// NewTab opens a tab that closes when the test ends. It skips the test when
// b is nil (no browser installed, not under CI). Every action on the tab
// fails after 3 minutes, so a hung page cannot hang the test binary; the
// limit is that long because CI machines are small and often loaded, and
// every wait ends as soon as the page is ready.
func (b *Browser) NewTab(tb testing.TB) *Tab {
	tb.Helper()
	if b == nil {
		tb.Skip("no Chromium installed; set CI=true to make this a failure")
	}
	t := &Tab{requests: map[network.RequestID]string{}}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(t.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	tb.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("open a tab: %v", err)
	}
	t.ctx = ctx
	return t
}

// Context is the tab's chromedp context, for chromedp.Do and chromedp.Run.
func (t *Tab) Context() context.Context { return t.ctx }

// Navigate loads url and waits until the document and its scripts, styles
// and images have loaded.
func (t *Tab) Navigate(url string) error {
	resp, err := chromedp.Run(t.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return err
	}
	if resp != nil {
		url = resp.URL // after redirects
	}
	return t.waitLoaded(url)
}

// waitLoaded waits until the tab shows url (any URL when "") with
// readyState "complete". chromedp's wait for a navigation can end early
// when the previous page changed its own URL with the history API, and a
// script run while the old document goes away fails; so this polls.
func (t *Tab) waitLoaded(url string) error {
	for {
		state, err := chromedp.Run(t.ctx, chromedp.Evaluate[[2]string](`[location.href, document.readyState]`))
		if err == nil && state[1] == "complete" && (url == "" || state[0] == url) {
			return nil
		}
		select {
		case <-t.ctx.Done():
			if err == nil {
				err = fmt.Errorf("the tab shows %s (%s), not %s", state[0], state[1], url)
			}
			return fmt.Errorf("wait for %s: %w", url, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Follow clicks the first element matching the CSS selector and waits for
// the page it leads to. It returns the new page's HTTP status.
func (t *Tab) Follow(selector string) (int, error) {
	resp, err := chromedp.RunResponse(t.ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		return 0, fmt.Errorf("follow %s: %w", selector, err)
	}
	if resp == nil {
		return 0, fmt.Errorf("follow %s: the link did not load a page", selector)
	}
	return int(resp.Status), t.waitLoaded(resp.URL)
}

// SetViewport emulates a viewport of w×h CSS pixels (a phone is 375 wide).
func (t *Tab) SetViewport(w, h int) error {
	return chromedp.Do(t.ctx, chromedp.EmulateViewport(int64(w), int64(h)))
}

// DisableJavaScript turns scripts off in the tab from the next page load
// on, to test what a reader without JavaScript gets.
func (t *Tab) DisableJavaScript() error {
	return chromedp.Do(t.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// Emulate sets CSS media features for the tab, such as
// ("prefers-color-scheme", "dark") or ("prefers-reduced-motion", "reduce");
// media "print" or "screen" is set with the feature name "media". Each call
// replaces the emulation of the call before.
func (t *Tab) Emulate(feature, value string) error {
	p := emulation.SetEmulatedMediaParams{}
	if feature == "media" {
		p.Media = value
	} else {
		p.Features = []*emulation.MediaFeature{{Name: feature, Value: value}}
	}
	return chromedp.Do(t.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, p)
		return err
	}))
}

// Screenshot returns a PNG of the whole page, beyond the viewport.
func (t *Tab) Screenshot() ([]byte, error) {
	return chromedp.Run(t.ctx, chromedp.FullScreenshot(100))
}

// Problems returns what went wrong in the tab so far.
func (t *Tab) Problems() []Problem {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Problem(nil), t.problems...)
}

// TakeProblems returns what went wrong since the last call and forgets it,
// for a test that visits several pages in one tab.
func (t *Tab) TakeProblems() []Problem {
	t.mu.Lock()
	defer t.mu.Unlock()
	ps := t.problems
	t.problems = nil
	return ps
}

// listen runs in the tab's event loop: it must be quick and send no command.
func (t *Tab) listen(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	add := func(kind, url, text string) {
		t.problems = append(t.problems, Problem{Kind: kind, URL: url, Text: text})
	}
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				switch {
				case len(a.Value) > 0:
					args = append(args, strings.Trim(string(a.Value), `"`))
				default:
					args = append(args, a.Description)
				}
			}
			url := ""
			if ev.StackTrace != nil && len(ev.StackTrace.CallFrames) > 0 {
				url = ev.StackTrace.CallFrames[0].URL
			}
			add("console", url, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		add("exception", d.URL, text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			add("console", ev.Entry.URL, ev.Entry.Text)
		}
	case *network.EventRequestWillBeSent:
		t.requests[ev.RequestID] = ev.Request.URL
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			add("request", ev.Response.URL, fmt.Sprintf("HTTP %d", ev.Response.Status))
		}
	case *network.EventLoadingFailed:
		if ev.Canceled {
			return // a navigation away, not a failure of the site
		}
		add("request", t.requests[ev.RequestID], "failed: "+ev.ErrorText)
	}
}
