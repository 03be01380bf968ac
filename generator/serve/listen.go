package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// portTries is how many ports after a busy one listen tries, as Hugo moves
// to a free port when its own is taken (by another preview, often).
const portTries = 10

// listenOn listens on bind and port. When the port is in use and not fixed,
// it takes the next free one of the portTries after it, and says so on
// log.
func listenOn(bind string, port int, fixed bool, log io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	switch {
	case err == nil:
		return ln, nil
	case !inUse(err):
		return nil, fmt.Errorf("listen on %s: %w", net.JoinHostPort(bind, strconv.Itoa(port)), err)
	case fixed || port == 0:
		return nil, fmt.Errorf("port %d is in use (by another preview?); choose another with --port, or leave --port out to take the next free one", port)
	}
	last := min(port+portTries, 65535)
	for p := port + 1; p <= last; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			fmt.Fprintf(log, "port %d is in use; serving on %d\n", port, p)
			return ln, nil
		}
		if !inUse(err) {
			return nil, fmt.Errorf("port %d is in use, and port %d: %w", port, p, err)
		}
	}
	return nil, fmt.Errorf("ports %d to %d are all in use; choose a free one with --port", port, last)
}

// inUse reports whether a listen failed because the address is taken.
func inUse(err error) bool {
	return errors.Is(err, errAddrInUse)
}

// everyInterface reports whether bind listens on every interface of the
// machine: then localhost reaches it, and so do the machine's network
// addresses.
func everyInterface(bind string) bool {
	a, err := netip.ParseAddr(strings.Trim(bind, "[]"))
	return bind == "" || err == nil && a.IsUnspecified()
}

// lanURLs are the URLs at which other devices on the network (a phone on
// the same Wi-Fi) reach a server listening on every interface at port:
// one for each of the machine's addresses (addrs) that another device can
// use, IPv4 first. Loopback and link-local addresses are left out: the
// first is this machine only, and the second needs a zone a phone's
// browser does not take. Bound to 0.0.0.0, the server listens on IPv4
// only.
func lanURLs(bind string, port int, addrs []netip.Addr) []string {
	v4only := strings.Trim(bind, "[]") == "0.0.0.0"
	var usable []netip.Addr
	for _, a := range addrs {
		a = a.WithZone("").Unmap()
		switch {
		case !a.IsValid(), a.IsLoopback(), a.IsUnspecified(), a.IsLinkLocalUnicast(), a.IsMulticast(),
			v4only && !a.Is4(), slices.Contains(usable, a):
			continue
		}
		usable = append(usable, a)
	}
	slices.SortStableFunc(usable, func(a, b netip.Addr) int {
		switch {
		case a.Is4() == b.Is4():
			return 0
		case a.Is4():
			return -1
		}
		return 1
	})
	urls := make([]string, len(usable))
	for i, a := range usable {
		urls[i] = "http://" + net.JoinHostPort(a.String(), strconv.Itoa(port)) + "/"
	}
	return urls
}

// networkAddrs lists the addresses of the machine's network interfaces
// that are up and running, where another device may reach it.
func networkAddrs() []netip.Addr {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagRunning == 0 || iface.Flags&net.FlagLoopback != 0 {
			continue
		}
		as, err := iface.Addrs()
		if err != nil {
			continue
		}
		for _, a := range as {
			if p, err := netip.ParsePrefix(a.String()); err == nil {
				out = append(out, p.Addr())
			}
		}
	}
	return out
}
