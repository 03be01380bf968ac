package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// busyPort takes a free loopback port for the test and returns it.
func busyPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

func portOf(t *testing.T, url string) int {
	t.Helper()
	i := strings.LastIndex(url, ":")
	port, err := strconv.Atoi(strings.TrimSuffix(url[i+1:], "/"))
	if err != nil {
		t.Fatalf("no port in %s", url)
	}
	return port
}

// A busy port moves to the next free one, and the terminal says so.
func TestBusyPortMovesToTheNextFreeOne(t *testing.T) {
	busy := busyPort(t)
	url, log := startRunWith(t, Options{Root: siteDir(t, nil), Bind: "127.0.0.1", Port: busy})
	port := portOf(t, url)
	if port <= busy || port > busy+portTries {
		t.Errorf("serving on %d, want one of the %d ports after %d", port, portTries, busy)
	}
	if want := fmt.Sprintf("port %d is in use; serving on %d\n", busy, port); !strings.HasPrefix(log.String(), want) {
		t.Errorf("the terminal does not start with %q:\n%s", want, log)
	}
	if code, _, body := get(t, url+"cases/licence/"); code != http.StatusOK || !strings.Contains(body, "The first version.") {
		t.Errorf("the moved server answers %d:\n%s", code, body)
	}
}

// A port the user chose is kept: busy, Run fails and says why.
func TestBusyFixedPortFails(t *testing.T) {
	busy := busyPort(t)
	log := &logBuffer{}
	err := Run(context.Background(), Options{Root: siteDir(t, nil), Bind: "127.0.0.1", Port: busy, FixedPort: true, Log: log})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("port %d is in use", busy)) || !strings.Contains(err.Error(), "--port") {
		t.Errorf("Run on a busy chosen port: %v", err)
	}
	if log.String() != "" {
		t.Errorf("the terminal says more than the error:\n%s", log)
	}
}

// When the port and the ones after it are all busy, listenOn says which.
func TestEveryPortBusy(t *testing.T) {
	var first int
	for attempt := 0; first == 0 && attempt < 20; attempt++ {
		p := busyPort(t)
		if p+portTries > 65535 {
			continue
		}
		ok := true
		for q := p + 1; q <= p+portTries && ok; q++ {
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(q)))
			if err != nil {
				ok = false
				break
			}
			t.Cleanup(func() { ln.Close() })
		}
		if ok {
			first = p
		}
	}
	if first == 0 {
		t.Skip("found no run of free ports to fill")
	}
	log := &logBuffer{}
	ln, err := listenOn("127.0.0.1", first, false, log)
	if err == nil {
		ln.Close()
		t.Fatalf("listened on %s with every port busy", ln.Addr())
	}
	if want := fmt.Sprintf("ports %d to %d are all in use", first, first+portTries); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want %q", err, want)
	}
}

// An address that is not the machine's is not a busy port: no move.
func TestListenErrorOtherThanBusy(t *testing.T) {
	log := &logBuffer{}
	ln, err := listenOn("192.0.2.254", 1313, false, log) // TEST-NET-1, not this machine's
	if err == nil {
		ln.Close()
		t.Skip("this machine has 192.0.2.254")
	}
	if inUse(err) || log.String() != "" {
		t.Errorf("error %v, terminal %q: want a listen error and no move", err, log)
	}
}

func TestLANURLs(t *testing.T) {
	addrs := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"),
		netip.MustParseAddr("fd00::2"), netip.MustParseAddr("fe80::1%eth0"), netip.MustParseAddr("169.254.3.4"),
		netip.MustParseAddr("192.168.1.20"), netip.MustParseAddr("::ffff:10.0.0.5"), netip.MustParseAddr("192.168.1.20"),
		netip.MustParseAddr("2001:db8::5"),
	}
	for _, tc := range []struct {
		bind string
		want []string
	}{
		{"0.0.0.0", []string{"http://192.168.1.20:1313/", "http://10.0.0.5:1313/"}},
		{"::", []string{"http://192.168.1.20:1313/", "http://10.0.0.5:1313/", "http://[fd00::2]:1313/", "http://[2001:db8::5]:1313/"}},
		{"", []string{"http://192.168.1.20:1313/", "http://10.0.0.5:1313/", "http://[fd00::2]:1313/", "http://[2001:db8::5]:1313/"}},
	} {
		if got := lanURLs(tc.bind, 1313, addrs); !slices.Equal(got, tc.want) {
			t.Errorf("bind %q: %q, want %q", tc.bind, got, tc.want)
		}
	}
	for bind, want := range map[string]bool{"": true, "0.0.0.0": true, "::": true, "[::]": true, "127.0.0.1": false, "192.168.1.20": false, "laptop.local": false, "::1": false} {
		if everyInterface(bind) != want {
			t.Errorf("everyInterface(%q) = %v", bind, !want)
		}
	}
}

// Bound to every interface, the terminal gives, besides localhost, a URL
// for each of the machine's network addresses, IPv4 first; each answers.
func TestNetworkURLsPrinted(t *testing.T) {
	for _, bind := range []string{"0.0.0.0", "::"} {
		t.Run(bind, func(t *testing.T) {
			if bind == "::" {
				if ln, err := net.Listen("tcp", "[::]:0"); err != nil {
					t.Skipf("no IPv6 here: %v", err)
				} else {
					ln.Close()
				}
			}
			url, log := startRunWith(t, Options{Root: siteDir(t, nil), Bind: bind})
			port := portOf(t, url)
			if !strings.HasPrefix(url, "http://localhost:") {
				t.Errorf("the URL is %s, want localhost", url)
			}
			lan := lanURLs(bind, port, networkAddrs())
			if len(lan) == 0 {
				if !strings.Contains(log.String(), "no network address found") {
					t.Errorf("no network addresses, and the terminal does not say so:\n%s", log)
				}
				t.Skip("this machine has no network address")
			}
			var lines []string
			for _, u := range lan {
				lines = append(lines, "  on your network: "+u)
			}
			if want := url + " (press Ctrl+C to stop)\n" + strings.Join(lines, "\n") + "\n"; !strings.Contains(log.String(), want) {
				t.Errorf("the terminal does not say\n%s\nit says:\n%s", want, log)
			}
			for _, u := range lan {
				if code, _, body := get(t, u+"cases/licence/"); code != http.StatusOK || !strings.Contains(body, "The first version.") {
					t.Errorf("%s answers %d", u, code)
				}
			}
		})
	}
}

// A loopback server names no network address.
func TestNoNetworkURLsOnLoopback(t *testing.T) {
	_, log := startRun(t, siteDir(t, nil))
	if strings.Contains(log.String(), "on your network") || strings.Contains(log.String(), "no network address") {
		t.Errorf("a loopback server speaks of the network:\n%s", log)
	}
}

// --open opens the URL once it answers; an opener that fails is reported
// with the URL to open by hand, and serving goes on.
func TestOpenBrowser(t *testing.T) {
	opened := make(chan string, 2)
	url, log := startRunWith(t, Options{Root: siteDir(t, nil), Bind: "127.0.0.1", Open: func(url string) error {
		opened <- url
		return nil
	}})
	select {
	case got := <-opened:
		if got != url {
			t.Errorf("opened %s, want %s", got, url)
		}
	case <-time.After(patience):
		t.Fatal("the browser was not opened")
	}
	if code, _, _ := get(t, url); code != http.StatusOK {
		t.Errorf("the opened URL answers %d", code)
	}
	if len(opened) != 0 {
		t.Error("the browser was opened twice")
	}
	if strings.Contains(log.String(), "Could not open") {
		t.Errorf("the terminal reports a failure:\n%s", log)
	}

	url, log = startRunWith(t, Options{Root: siteDir(t, nil), Bind: "127.0.0.1", Open: func(string) error {
		return errors.New(`exec: "xdg-open": executable file not found in $PATH`)
	}})
	if want := "Could not open a browser (exec: \"xdg-open\": executable file not found in $PATH); open " + url + " yourself.\n"; !strings.Contains(log.String(), want) {
		t.Errorf("the terminal does not say %q:\n%s", want, log)
	}
	if code, _, _ := get(t, url); code != http.StatusOK {
		t.Errorf("after a failed open, the site answers %d", code)
	}
}

func TestBrowserCommand(t *testing.T) {
	const url = "http://localhost:1313/"
	for goos, want := range map[string][]string{
		"linux":   {"xdg-open", url},
		"freebsd": {"xdg-open", url},
		"darwin":  {"open", url},
		"windows": {"rundll32", "url.dll,FileProtocolHandler", url},
	} {
		name, args := browserCommand(goos, url)
		if got := append([]string{name}, args...); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}
