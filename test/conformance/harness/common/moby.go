package common

import (
	"crypto/tls"
	"net/url"
)

// MobyEndpoint is what the harness reads of one of moby's registry APIEndpoints
// (docker/docker registry in 28.x, moby/moby/v2 daemon/pkg/registry in 29.x:
// the same fields in two packages).
type MobyEndpoint struct {
	Mirror bool
	URL    *url.URL
	TLS    *tls.Config
}

// FillMobyEndpoints sets r from the endpoints (*Service).LookupPullEndpoints
// gave for host: every endpoint in Hosts, endpoint [0]'s TLS fields at the top
// level, and Dir only when newTLSConfig read the folder (a secure registry that
// is not Docker Hub: hub says which).
func FillMobyEndpoints(r *Result, eps []MobyEndpoint, realDir string, hub bool) {
	cands := Candidates(realDir)
	r.Hosts = []HostEntry{}
	for _, ep := range eps {
		mirror := ep.Mirror
		e := HostEntry{Capabilities: []string{}, Mirror: &mirror, TLS: ep.TLS != nil}
		if ep.URL != nil {
			e.Host, e.Scheme, e.Path = ep.URL.Host, ep.URL.Scheme, ep.URL.Path
		}
		e.TLSInfo = Describe(ep.TLS, cands)
		r.Hosts = append(r.Hosts, e)
	}
	if len(eps) > 0 {
		r.TLSInfo = r.Hosts[0].TLSInfo
		if !hub && eps[0].TLS != nil && !eps[0].TLS.InsecureSkipVerify {
			r.Dir = DirIfExists(realDir)
		}
	}
}
