package common

import (
	"context"
	"errors"
	"net"
)

// SetDNS applies --dns. "hosts" replaces net.DefaultResolver with Go's own
// resolver whose DNS transport always fails: names in /etc/hosts (localhost)
// still resolve, every other name fails to resolve as it would offline, and
// no packet leaves the machine. moby's isSecureIndex resolves registry names
// to match them against the insecure CIDRs (127.0.0.0/8, ::1/128), so this
// keeps docker29 fast and deterministic. "system" keeps Go's default resolver.
func SetDNS(mode string) {
	if mode != "hosts" {
		return
	}
	net.DefaultResolver = &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			return nil, errors.New("DNS disabled by certsd harness (--dns=hosts)")
		},
	}
}
