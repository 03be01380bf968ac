package serve

import (
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestAllowedHosts(t *testing.T) {
	// The machine's own addresses, as if read from its interfaces.
	local := func() []netip.Addr {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("192.168.1.20"), netip.MustParseAddr("fe80::1"), netip.MustParseAddr("::1")}
	}
	always := []string{"localhost", "localhost:1313", "LOCALHOST:1313", "localhost.:1313", "127.0.0.1", "127.0.0.1:1313",
		"[::1]", "[::1]:1313", "127.0.0.2:1313"}
	never := []string{"", ":1313", "evil.example", "evil.example:1313", "localhost.evil.example:1313", "127.0.0.1.nip.io:1313",
		"localhost:1313.evil.example", "8.8.8.8:1313", "192.168.1.99:1313", "[2001:db8::1]:1313", "2130706433:1313", "127.1:1313",
		"evil.example:1313@localhost", "localhost evil.example"}
	for _, tc := range []struct {
		bind          string
		allow, refuse []string
	}{
		{"127.0.0.1", always, append(never, "192.168.1.20:1313", "0.0.0.0:1313", "[fe80::1]:1313")},
		{"0.0.0.0", append(always, "192.168.1.20:1313", "192.168.1.20", "[fe80::1]:1313", "[fe80::1%25eth0]:1313", "0.0.0.0:1313"), never},
		{"::", append(always, "192.168.1.20:1313", "[::]:1313"), never},
		{"192.168.1.20", append(always, "192.168.1.20:1313"), append(never, "[fe80::1]:1313", "0.0.0.0:1313")},
		{"laptop.local", append(always, "laptop.local:1313", "Laptop.Local"), append(never, "192.168.1.20:1313")},
	} {
		t.Run(tc.bind, func(t *testing.T) {
			h := allowedHosts(tc.bind, local)
			for _, host := range tc.allow {
				if !h.allow(host) {
					t.Errorf("Host %q refused", host)
				}
			}
			for _, host := range tc.refuse {
				if h.allow(host) {
					t.Errorf("Host %q answered", host)
				}
			}
		})
	}
}

// Bound to every interface, the server answers for each of the machine's
// addresses, read from the system.
func TestAllowsTheMachinesAddresses(t *testing.T) {
	h := allowedHosts("0.0.0.0", interfaceAddrs)
	local := allowedHosts("127.0.0.1", interfaceAddrs)
	for _, a := range interfaceAddrs() {
		host := net.JoinHostPort(a.String(), "1313")
		if !h.allow(host) {
			t.Errorf("bound to 0.0.0.0, Host %s refused", host)
		}
		if local.allow(host) != a.IsLoopback() {
			t.Errorf("bound to 127.0.0.1, Host %s answered: %v", host, local.allow(host))
		}
	}
}

// Every path, the live-reload script and its event stream included, is
// refused to a request for another host; the terminal says so once a host.
func TestRefusesOtherHosts(t *testing.T) {
	url, log := startRun(t, siteDir(t, nil))
	port := url[strings.LastIndex(url, ":")+1 : len(url)-1]
	for _, path := range []string{"/", "/cases/licence/", "/css/extra.css", "/no/such/page/", "/__qiao/live.js", "/__qiao/events"} {
		for host, want := range map[string]int{
			"localhost:" + port:      200,
			"127.0.0.1:" + port:      200,
			"[::1]:" + port:          200,
			"evil.example:" + port:   403,
			"evil.example":           403,
			"localhost.evil.example": 403,
		} {
			if path == "/no/such/page/" && want == 200 {
				want = 404
			}
			if got := rawGet(t, url, host, path); got != want {
				t.Errorf("GET %s with Host %s: %d, want %d", path, host, got, want)
			}
		}
	}
	if n := strings.Count(log.String(), `Refused a request for host "evil.example:`+port+`"`); n != 1 {
		t.Errorf("the terminal reports the refused host %d times, want once:\n%s", n, log)
	}
}
