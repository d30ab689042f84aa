package common

import (
	"crypto/tls"
	"net/http"
)

// ClientObserver is passed as containerd's HostOptions.UpdateClient. It only
// records the *http.Transport of every client ConfigureHosts builds (before
// ConfigureHosts may wrap it in docker.NewHTTPFallback, whose inner transport
// is unexported) and returns nil, so it changes nothing in ConfigureHosts.
type ClientObserver struct {
	m map[*http.Client]*http.Transport
}

// Reset forgets the recorded clients.
func (o *ClientObserver) Reset() { o.m = map[*http.Client]*http.Transport{} }

// Record is the UpdateClient callback.
func (o *ClientObserver) Record(c *http.Client) error {
	if o.m == nil {
		o.Reset()
	}
	if t, ok := c.Transport.(*http.Transport); ok {
		o.m[c] = t
	}
	return nil
}

// TLSConfig returns the TLS config of c's transport, whether the transport is
// a wrapper (HTTP fallback) around it, and whether it could be found at all.
func (o *ClientObserver) TLSConfig(c *http.Client) (cfg *tls.Config, wrapped bool, found bool) {
	if c == nil {
		return nil, false, false
	}
	if t, ok := c.Transport.(*http.Transport); ok {
		return t.TLSClientConfig, false, true
	}
	if t, ok := o.m[c]; ok {
		return t.TLSClientConfig, true, true
	}
	return nil, true, false
}

// transport is c's *http.Transport, also when it is wrapped (HTTP fallback).
func (o *ClientObserver) transport(c *http.Client) *http.Transport {
	if c == nil {
		return nil
	}
	if t, ok := c.Transport.(*http.Transport); ok {
		return t
	}
	return o.m[c]
}

// HostView is the engine-neutral part of a containerd docker.RegistryHost.
type HostView struct {
	Host, Scheme, Path string
	Capabilities       []string
	Header             http.Header
	Client             *http.Client
}

// FillHosts sets r.Hosts from views and the top-level TLS fields from the
// last (the `server`) host.
func FillHosts(r *Result, o *ClientObserver, views []HostView, candidates []Cert) {
	r.Hosts = []HostEntry{}
	for _, v := range views {
		e := HostEntry{Host: v.Host, Scheme: v.Scheme, Path: v.Path, Capabilities: v.Capabilities}
		if len(v.Header) > 0 {
			e.Header = map[string][]string(v.Header)
		}
		cfg, wrapped, found := o.TLSConfig(v.Client)
		e.client, e.transport = v.Client, o.transport(v.Client)
		e.HTTPFallback = wrapped
		e.TLS = found && cfg != nil
		if e.TLS {
			e.TLSInfo = Describe(cfg, candidates)
		} else {
			e.TLSInfo = Describe(nil, nil)
		}
		r.Hosts = append(r.Hosts, e)
	}
	if n := len(r.Hosts); n > 0 {
		r.TLSInfo = r.Hosts[n-1].TLSInfo
	}
}
