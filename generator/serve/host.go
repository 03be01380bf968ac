package serve

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
)

// hostCheck answers only requests whose Host header names this machine the
// way a person reaches the preview: localhost, a loopback address, the
// address it listens on, and — when it listens on every interface (0.0.0.0)
// — any of the machine's own addresses, as a phone on the same network
// uses. Anything else gets 403. A web page whose own name has been rebound
// to 127.0.0.1 (DNS rebinding) sends its own name, so it cannot read the
// preview, its pages or its event stream.
type hostCheck struct {
	next  http.Handler
	hosts *hosts
	open  string // the URL to tell a refused request to open instead
	log   io.Writer

	mu      sync.Mutex
	refused map[string]bool // hosts already reported to the terminal
}

// maxReported bounds the hosts reported to the terminal, so that a page
// trying many names cannot fill it.
const maxReported = 20

func newHostCheck(next http.Handler, bind, open string, log io.Writer) *hostCheck {
	return &hostCheck{next: next, hosts: allowedHosts(bind, interfaceAddrs), open: open, log: log, refused: map[string]bool{}}
}

func (c *hostCheck) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c.hosts.allow(r.Host) {
		c.next.ServeHTTP(w, r)
		return
	}
	c.mu.Lock()
	report := !c.refused[r.Host] && len(c.refused) < maxReported
	if report {
		c.refused[r.Host] = true
	}
	c.mu.Unlock()
	if report {
		fmt.Fprintf(c.log, "Refused a request for host %q: the preview answers only for localhost and this machine's addresses (open %s).\n", r.Host, c.open)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.Error(w, fmt.Sprintf("This preview server does not answer for host %q. Open %s instead.", r.Host, c.open), http.StatusForbidden)
}

// hosts are the names and addresses a Host header may give.
type hosts struct {
	names map[string]bool
	addrs map[netip.Addr]bool
	// local lists the machine's own addresses, when listening on all of
	// them; nil otherwise. It is asked at each request, as interfaces come
	// and go.
	local func() []netip.Addr
}

// allowedHosts returns the hosts of a server listening on bind; local
// lists the machine's addresses.
func allowedHosts(bind string, local func() []netip.Addr) *hosts {
	h := &hosts{names: map[string]bool{"localhost": true}, addrs: map[netip.Addr]bool{}}
	bind = strings.Trim(bind, "[]")
	if a, err := netip.ParseAddr(bind); err == nil {
		a = a.WithZone("").Unmap()
		h.addrs[a] = true
		if a.IsUnspecified() {
			h.local = local
		}
	} else if bind == "" {
		h.local = local
	} else {
		h.names[strings.ToLower(strings.TrimSuffix(bind, "."))] = true
	}
	return h
}

// allow reports whether a request for host (a Host header: a name or
// address, with or without a port) is answered.
func (h *hosts) allow(host string) bool {
	if name, port, err := net.SplitHostPort(host); err == nil {
		if strings.Trim(port, "0123456789") != "" {
			return false
		}
		host = name
	}
	host = strings.Trim(host, "[]")
	if host == "" {
		return false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return h.names[strings.ToLower(strings.TrimSuffix(host, "."))]
	}
	// An address is never a name a web page can rebind; loopback ones are
	// this machine whatever the listening address.
	a = a.WithZone("").Unmap()
	if a.IsLoopback() || h.addrs[a] {
		return true
	}
	if h.local != nil {
		for _, l := range h.local() {
			if l == a {
				return true
			}
		}
	}
	return false
}

// interfaceAddrs lists the addresses of the machine's network interfaces.
func interfaceAddrs() []netip.Addr {
	as, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, a := range as {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			out = append(out, p.Addr().WithZone("").Unmap())
		}
	}
	return out
}
