package probe

import (
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"hum/backend/stack"
)

// InferURL is the probe for a URL a process printed, when it has no probe
// of its own: an http probe that counts any HTTP answer as ready
// (AnyStatus), since a dev server that answers 404 on / is up. The URL is
// kept but for its user name, password and fragment; a wildcard host is
// probed on loopback (http://0.0.0.0:3000 as http://127.0.0.1:3000,
// http://[::]:3000 as http://[::1]:3000).
//
// It returns false for anything but an http or https URL whose host is
// this machine: localhost, an address in 127.0.0.0/8 or ::1, or the
// wildcards 0.0.0.0 and ::. Hum never sends a request off the machine on
// its own, however a process's output reads (a line that prints
// http://example.com, or this machine's LAN address, is not probed).
func InferURL(raw string) (stack.Probe, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return stack.Probe{}, false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.Host == "" {
		return stack.Probe{}, false
	}
	host, ok := loopbackHost(u.Hostname())
	if !ok {
		return stack.Probe{}, false
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return stack.Probe{}, false
		}
		host = net.JoinHostPort(host, strconv.Itoa(n))
	} else if strings.Contains(u.Host, ":") && !strings.HasSuffix(u.Host, "]") {
		return stack.Probe{}, false // "localhost:" with an empty port
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	probed := url.URL{
		Scheme:   u.Scheme,
		Host:     host,
		Path:     u.Path,
		RawPath:  u.RawPath,
		RawQuery: u.RawQuery,
	}
	return stack.Probe{Kind: stack.ProbeHTTP, URL: probed.String(), AnyStatus: true}, true
}

// loopbackHost says whether host (as url.URL.Hostname gives it, without
// brackets or port) is this machine: "localhost", an address in
// 127.0.0.0/8 or ::1 (IPv4-mapped too), or a wildcard address (0.0.0.0,
// ::), which a server prints when it listens on every interface. It
// returns the host to probe: a wildcard as the loopback address of its
// family, "localhost" in lower case, an address in its canonical form.
func loopbackHost(host string) (string, bool) {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return "localhost", true
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || addr.Zone() != "" {
		return "", false
	}
	addr = addr.Unmap()
	switch {
	case addr.IsUnspecified() && addr.Is4():
		return "127.0.0.1", true
	case addr.IsUnspecified():
		return "::1", true
	case addr.IsLoopback():
		return addr.String(), true
	}
	return "", false
}
