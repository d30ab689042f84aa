package common

// --dial: after an engine's real loader built its TLS configuration from the
// folder, connect with Go's own crypto/tls and net/http and GET /v2/, so the
// certsd probe's verdict can be compared with Go's (test/conformance/probe.ts).
//
// Every TCP connection goes to --dial ADDR; the URL keeps the endpoint's host,
// so net/http sets ServerName (SNI, VerifyHostname) from it, as the engine's
// own requests would. containerd hosts are requested through the engine's own
// *http.Client (its transport, its HTTP fallback wrapper): only the transport's
// dial target, proxy and timeouts are changed. Docker and Podman endpoints get
// a fresh http.Transport around the engine's tls.Config.
//
// GetClientCertificate is set to a function that does exactly what crypto/tls
// does without one (handshake_client.go getClientCertificate: the first of
// Certificates that CertificateRequestInfo.SupportsCertificate accepts, else
// none), and records the request and the choice.

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DialResult is what one GET /v2/ did.
type DialResult struct {
	URL   string  `json:"url"`
	OK    bool    `json:"ok"`
	Error *string `json:"error"`
	// Status of the response (0 when there is none).
	Status int `json:"status"`
	// FinalScheme is the scheme of the request that answered (http after containerd's fallback).
	FinalScheme string `json:"finalScheme"`
	Version     string `json:"version"`
	Cipher      string `json:"cipher"`
	// Verified: the handshake produced verified chains.
	Verified bool `json:"verified"`
	// PeerCertificates: sha256 of each certificate the server sent, in its order.
	PeerCertificates []string `json:"peerCertificates"`
	// ClientCertificateRequested: the server sent a CertificateRequest.
	ClientCertificateRequested bool `json:"clientCertificateRequested"`
	// AcceptableCAs: hex of each DER name of the request.
	AcceptableCAs []string `json:"acceptableCAs"`
	// ClientCertificate: sha256 of the leaf sent, null when none was sent.
	ClientCertificate *string `json:"clientCertificate"`
	// EngineClient: the request went through the engine's own *http.Client.
	EngineClient bool    `json:"engineClient"`
	Millis       float64 `json:"millis"`
}

type certRecord struct {
	requested bool
	cas       [][]byte
	sent      *string
}

// instrument returns a copy of cfg that records the client-certificate choice.
func instrument(cfg *tls.Config, rec *certRecord) *tls.Config {
	if cfg == nil {
		cfg = &tls.Config{}
	}
	c := cfg.Clone()
	if c.GetClientCertificate != nil {
		return c
	}
	certs := c.Certificates
	c.GetClientCertificate = func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
		rec.requested = true
		rec.cas = cri.AcceptableCAs
		for i := range certs {
			if err := cri.SupportsCertificate(&certs[i]); err != nil {
				continue
			}
			if len(certs[i].Certificate) > 0 {
				sum := sha256.Sum256(certs[i].Certificate[0])
				s := hex.EncodeToString(sum[:])
				rec.sent = &s
			}
			return &certs[i], nil
		}
		return new(tls.Certificate), nil
	}
	return c
}

func dialer(addr string, timeout time.Duration) func(ctx context.Context, network, _ string) (net.Conn, error) {
	d := &net.Dialer{Timeout: timeout}
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
}

func endpointURL(scheme, host, path string) string {
	if path == "" || path == "/" {
		path = "/v2"
	}
	return scheme + "://" + host + strings.TrimSuffix(path, "/") + "/"
}

func get(client *http.Client, u string, rec *certRecord) DialResult {
	res := DialResult{URL: u, PeerCertificates: []string{}, AcceptableCAs: []string{}}
	start := time.Now()
	resp, err := client.Get(u)
	res.Millis = float64(time.Since(start).Microseconds()) / 1000
	res.ClientCertificateRequested = rec.requested
	for _, ca := range rec.cas {
		res.AcceptableCAs = append(res.AcceptableCAs, hex.EncodeToString(ca))
	}
	res.ClientCertificate = rec.sent
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		s := err.Error()
		res.Error = &s
		return res
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	res.Status = resp.StatusCode
	res.OK = resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusUnauthorized
	if resp.Request != nil && resp.Request.URL != nil {
		res.FinalScheme = resp.Request.URL.Scheme
	}
	if st := resp.TLS; st != nil {
		res.Version = tls.VersionName(st.Version)
		res.Cipher = tls.CipherSuiteName(st.CipherSuite)
		res.Verified = len(st.VerifiedChains) > 0
		for _, c := range st.PeerCertificates {
			sum := sha256.Sum256(c.Raw)
			res.PeerCertificates = append(res.PeerCertificates, hex.EncodeToString(sum[:]))
		}
	}
	return res
}

// dialConfig: a fresh transport around the engine's tls.Config.
func dialConfig(cfg *tls.Config, u, addr string, timeout time.Duration) DialResult {
	rec := &certRecord{}
	t := &http.Transport{
		DialContext:           dialer(addr, timeout),
		TLSClientConfig:       instrument(cfg, rec),
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		DisableKeepAlives:     true,
	}
	defer t.CloseIdleConnections()
	return get(&http.Client{Transport: t}, u, rec)
}

// dialEngineClient: the engine's own client; its transport (recorded by
// ClientObserver, possibly inside containerd's HTTP fallback wrapper) dials addr.
func dialEngineClient(c *http.Client, t *http.Transport, u, addr string, timeout time.Duration) DialResult {
	rec := &certRecord{}
	dial, proxy, hs, rh, cfg := t.DialContext, t.Proxy, t.TLSHandshakeTimeout, t.ResponseHeaderTimeout, t.TLSClientConfig
	t.DialContext = dialer(addr, timeout)
	t.Proxy = nil
	t.TLSHandshakeTimeout = timeout
	t.ResponseHeaderTimeout = timeout
	t.TLSClientConfig = instrument(cfg, rec)
	t.CloseIdleConnections()
	defer func() {
		t.CloseIdleConnections()
		t.DialContext, t.Proxy, t.TLSHandshakeTimeout, t.ResponseHeaderTimeout, t.TLSClientConfig = dial, proxy, hs, rh, cfg
	}()
	r := get(c, u, rec)
	r.EngineClient = true
	return r
}

// DialAll requests /v2/ from every endpoint of r (containerd hosts, docker29
// endpoints, or the one configuration of docker28/podman) through args.Dial.
func DialAll(args Args, host string, r *Result) []DialResult {
	out := []DialResult{}
	if !r.OK {
		return out
	}
	if len(r.Hosts) == 0 {
		return append(out, dialConfig(r.TLSInfo.cfg, endpointURL("https", host, "/v2"), args.Dial, args.DialTimeout))
	}
	for _, h := range r.Hosts {
		u := endpointURL(h.Scheme, h.Host, h.Path)
		if h.client != nil && h.transport != nil {
			out = append(out, dialEngineClient(h.client, h.transport, u, args.Dial, args.DialTimeout))
		} else {
			out = append(out, dialConfig(h.TLSInfo.cfg, u, args.Dial, args.DialTimeout))
		}
	}
	return out
}
