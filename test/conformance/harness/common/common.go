// Package common holds the command line, JSON output and certificate-pool
// analysis shared by every certsd conformance harness binary.
//
// It depends on the standard library only, so that importing it never changes
// the dependency versions that an engine module selects.
package common

import (
	"bufio"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"
)

// Args is the parsed command line.
type Args struct {
	Loader   string
	Root     string // absolute, cleaned
	Hosts    []string
	LogLevel string // "error", "warning", "info", "debug", "trace"
	DNS      string // "hosts" (default) or "system"
	// ConfigPath: containerd's CRI config_path, roots split with filepath.SplitList
	// (containerd loaders only; Root is then its first root).
	ConfigPath []string
	// Dial: after loading, GET /v2/ from every endpoint with every TCP
	// connection going to this ADDR:PORT (dial.go); empty: no connection.
	Dial        string
	DialTimeout time.Duration
}

// ParseArgs parses `--loader L --root ROOT [--hosts-file F] HOST...`.
// loaders lists the loader names this binary implements.
func ParseArgs(loaders []string) Args {
	prog := filepath.Base(os.Args[0])
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	loader := fs.String("loader", "", "loader to run: "+strings.Join(loaders, ", "))
	root := fs.String("root", "", "certs.d root folder")
	hostsFile := fs.String("hosts-file", "", "file with one host name per line (added after the positional hosts)")
	logLevel := fs.String("log-level", "info", "lowest engine log level reported in \"log\": error, warning, info, debug, trace")
	configPath := fs.String("config-path", "", "containerd loaders: CRI's config_path (roots separated by the list separator, ':' on Unix), tried in order as CRI's hostDirFromRoots does; replaces --root")
	dial := fs.String("dial", "", "after loading, GET /v2/ from each endpoint through this ADDR:PORT with Go's crypto/tls (results in \"dial\")")
	timeout := fs.Float64("timeout", 10, "with --dial: dial, TLS handshake and response header timeout in seconds")
	dns := fs.String("dns", "hosts", "name resolution for engines that resolve registry names (docker29): \"hosts\" = /etc/hosts only, never a DNS query; \"system\" = Go's normal resolver")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s --loader L --root ROOT [--hosts-file F] [HOST...]\n", prog)
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	fail := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, prog+": "+format+"\n", a...)
		os.Exit(2)
	}
	known := false
	for _, l := range loaders {
		if l == *loader {
			known = true
		}
	}
	if !known {
		fail("--loader must be one of %s (got %q)", strings.Join(loaders, ", "), *loader)
	}
	var roots []string
	for _, p := range filepath.SplitList(*configPath) {
		if p == "" {
			continue
		}
		a, err := filepath.Abs(p)
		if err != nil {
			fail("--config-path: %v", err)
		}
		roots = append(roots, a)
	}
	if *root == "" && len(roots) > 0 {
		*root = roots[0]
	}
	if *root == "" {
		fail("--root (or --config-path) is required")
	}
	abs, err := filepath.Abs(*root)
	if err != nil {
		fail("--root: %v", err)
	}
	switch *logLevel {
	case "error", "warning", "info", "debug", "trace":
	default:
		fail("--log-level: unknown level %q", *logLevel)
	}
	switch *dns {
	case "hosts", "system":
	default:
		fail("--dns must be hosts or system")
	}
	hosts := append([]string(nil), fs.Args()...)
	if *hostsFile != "" {
		data, err := os.ReadFile(*hostsFile)
		if err != nil {
			fail("--hosts-file: %v", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
			if line != "" {
				hosts = append(hosts, line)
			}
		}
	}
	if len(hosts) == 0 {
		fail("no HOST given")
	}
	if *timeout <= 0 {
		fail("--timeout must be positive")
	}
	return Args{Loader: *loader, Root: abs, Hosts: hosts, LogLevel: *logLevel, DNS: *dns, ConfigPath: roots, Dial: *dial, DialTimeout: time.Duration(*timeout * float64(time.Second))}
}

// LogLine is one engine log entry.
type LogLine struct {
	Level  string         `json:"level"`
	Msg    string         `json:"msg"`
	Fields map[string]any `json:"fields"`
}

// FieldValue makes a log field value JSON-friendly (errors and Stringers as text).
func FieldValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return x
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	default:
		if _, err := json.Marshal(x); err == nil {
			return x
		}
		return fmt.Sprint(x)
	}
}

// TLSInfo describes one *tls.Config as the loader left it.
type TLSInfo struct {
	// SystemRoots: RootCAs holds every certificate of the system pool
	// ($SSL_CERT_FILE / $SSL_CERT_DIR). nil when that cannot be known.
	SystemRoots *bool `json:"systemRoots"`
	// CAs: sha256 (hex, of the DER) of every non-system certificate in RootCAs.
	CAs []string `json:"cas"`
	// CAOrder: "insertion" (exact pool order), "insertion-with-ties" (certificates
	// with identical subjects are sorted by hash among themselves), or "none".
	CAOrder string `json:"casOrder"`
	// UnknownInPool: certificates in RootCAs that are neither system roots nor
	// found in the host folder's files (0 in every sane run).
	UnknownInPool int `json:"unknownInPool"`
	// Clients: sha256 of Certificates[i].Certificate[0], in order.
	Clients    []string `json:"clients"`
	SkipVerify bool     `json:"skipVerify"`
	// cfg is the configuration described, for --dial (not in the JSON).
	cfg *tls.Config
}

// HostEntry is one endpoint (containerd RegistryHost, docker29 APIEndpoint).
type HostEntry struct {
	Host         string              `json:"host"`
	Scheme       string              `json:"scheme"`
	Path         string              `json:"path"`
	Capabilities []string            `json:"capabilities"`
	Mirror       *bool               `json:"mirror,omitempty"`
	Header       map[string][]string `json:"header,omitempty"`
	// TLS is false when the endpoint's transport has no TLS config (tls.Config nil).
	TLS bool `json:"tls"`
	// HTTPFallback: containerd wrapped the transport in docker.NewHTTPFallback.
	HTTPFallback bool `json:"httpFallback"`
	TLSInfo
	// The engine's own client and its transport, for --dial (not in the JSON).
	client    *http.Client
	transport *http.Transport
}

// Result is one output line.
type Result struct {
	Loader    string      `json:"loader"`
	Host      string      `json:"host"`
	Dir       *string     `json:"dir"`
	OK        bool        `json:"ok"`
	Error     *string     `json:"error"`
	GoDebug   string      `json:"godebug"`
	GoVersion string      `json:"goVersion"`
	Log       []LogLine   `json:"log"`
	Hosts     []HostEntry `json:"hosts"`
	TLSInfo
	// Dial: with --dial, one GET /v2/ per endpoint (dial.go).
	Dial []DialResult `json:"dial,omitempty"`
}

// SetError sets ok/error from err.
func (r *Result) SetError(err error) {
	if err == nil {
		r.OK, r.Error = true, nil
		return
	}
	s := err.Error()
	r.OK, r.Error = false, &s
}

// StrPtr returns &s.
func StrPtr(s string) *string { return &s }

// Run calls fn for every host, recovering panics, and prints one JSON line per host.
// drainLog returns (and clears) the engine log lines captured since the last call.
func Run(args Args, fn func(host string) *Result, drainLog func() []LogLine) {
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	godebug := os.Getenv("GODEBUG")
	for _, host := range args.Hosts {
		if drainLog != nil {
			drainLog()
		}
		r := call(fn, host)
		r.Loader, r.Host = args.Loader, host
		r.GoDebug, r.GoVersion = godebug, runtime.Version()
		if args.Dial != "" {
			r.Dial = DialAll(args, host, r)
		}
		if drainLog != nil {
			r.Log = append(r.Log, drainLog()...)
		}
		if r.Log == nil {
			r.Log = []LogLine{}
		}
		r.TLSInfo.normalize()
		for i := range r.Hosts {
			r.Hosts[i].TLSInfo.normalize()
			if r.Hosts[i].Capabilities == nil {
				r.Hosts[i].Capabilities = []string{}
			}
		}
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, "encode:", err)
			os.Exit(1)
		}
	}
}

func (t *TLSInfo) normalize() {
	if t.CAs == nil {
		t.CAs = []string{}
	}
	if t.Clients == nil {
		t.Clients = []string{}
	}
	if t.CAOrder == "" {
		t.CAOrder = "none"
	}
	if t.SystemRoots == nil && !systemSetKnown() {
		return
	}
	if t.SystemRoots == nil {
		f := false
		t.SystemRoots = &f
	}
}

func call(fn func(string) *Result, host string) (r *Result) {
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprintf("panic: %v", p)
			fmt.Fprintf(os.Stderr, "host %q: %s\n%s\n", host, msg, debug.Stack())
			r = &Result{OK: false, Error: &msg}
		}
	}()
	if h := os.Getenv("CERTSD_HARNESS_PANIC_HOST"); h != "" && h == host {
		panic("CERTSD_HARNESS_PANIC_HOST test panic") // selftest hook
	}
	r = fn(host)
	if r == nil {
		r = &Result{}
	}
	return r
}

// DirIfExists returns &path unless os.Stat reports it does not exist.
func DirIfExists(path string) *string {
	if _, err := os.Stat(path); err != nil && errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return &path
}

// ---------------------------------------------------------------------------
// Certificate pool analysis
// ---------------------------------------------------------------------------

// Cert is a parsed candidate certificate.
type Cert struct {
	C   *x509.Certificate
	Hex string // sha256 of DER
}

var (
	systemCerts   []Cert
	systemLoaded  bool
	systemIsKnown bool
)

func systemSetKnown() bool {
	loadSystem()
	return systemIsKnown
}

// loadSystem parses $SSL_CERT_FILE and the files in $SSL_CERT_DIR the way Go's
// crypto/x509 loads the system roots on Linux (only when SSL_CERT_FILE is set).
func loadSystem() {
	if systemLoaded {
		return
	}
	systemLoaded = true
	file := os.Getenv("SSL_CERT_FILE")
	if file == "" {
		fmt.Fprintln(os.Stderr, "warning: SSL_CERT_FILE is not set; systemRoots is reported as null and system certificates count as unknownInPool")
		return
	}
	seen := map[string]bool{}
	add := func(data []byte) {
		for _, c := range pemCerts(data) {
			if !seen[c.Hex] {
				seen[c.Hex] = true
				systemCerts = append(systemCerts, c)
			}
		}
	}
	if data, err := os.ReadFile(file); err == nil {
		add(data)
	}
	if d := os.Getenv("SSL_CERT_DIR"); d != "" {
		for _, dir := range strings.Split(d, ":") {
			ents, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range ents {
				if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
					add(data)
				}
			}
		}
	}
	systemIsKnown = len(systemCerts) > 0
	if !systemIsKnown {
		fmt.Fprintln(os.Stderr, "warning: no certificate in SSL_CERT_FILE/SSL_CERT_DIR; systemRoots is reported as null")
		return
	}
	// Cross-check against what crypto/x509 itself loads.
	sp, err := x509.SystemCertPool()
	want := x509.NewCertPool()
	for _, c := range systemCerts {
		want.AddCert(c.C)
	}
	if err != nil || sp == nil || !sp.Equal(want) {
		fmt.Fprintf(os.Stderr, "warning: x509.SystemCertPool() (err=%v) differs from the certificates read from SSL_CERT_FILE/SSL_CERT_DIR; set SSL_CERT_DIR to an empty folder\n", err)
	}
}

// pemCerts returns the certificates AppendCertsFromPEM would add from data
// (plus blocks with headers, which it skips: harmless as candidates).
func pemCerts(data []byte) []Cert {
	var out []Cert
	for len(data) > 0 {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			continue
		}
		sum := sha256.Sum256(c.Raw)
		out = append(out, Cert{C: c, Hex: hex.EncodeToString(sum[:])})
	}
	return out
}

var quoted = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'`)

// Candidates returns every certificate that could have been added to a pool
// while loading dir: all PEM CERTIFICATE blocks of every regular file in dir
// (symlinks followed) and, when dir holds a hosts.toml, of every file named by
// any quoted string in it (relative names joined to dir). Over-inclusion is
// harmless: candidates are only tested for membership.
func Candidates(dir string) []Cert {
	if dir == "" {
		return nil
	}
	var files []string
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if toml, err := os.ReadFile(filepath.Join(dir, "hosts.toml")); err == nil {
		for _, m := range quoted.FindAllSubmatch(toml, -1) {
			s := string(m[1])
			if m[2] != nil {
				s = string(m[2])
			} else {
				s = strings.ReplaceAll(s, `\\`, `\`)
			}
			if s == "" {
				continue
			}
			if !filepath.IsAbs(s) {
				s = filepath.Join(dir, s)
			}
			files = append(files, s)
		}
	}
	seen := map[string]bool{}
	var out []Cert
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || !st.Mode().IsRegular() || st.Size() > 64<<20 {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, c := range pemCerts(data) {
			if !seen[c.Hex] {
				seen[c.Hex] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// poolLen is the number of certificates in p (Subjects has one entry per
// certificate on Linux, also for pools cloned from SystemCertPool).
func poolLen(p *x509.CertPool) int {
	//lint:ignore SA1019 Subjects is exact for non-platform pools (Linux).
	return len(p.Subjects()) //nolint:staticcheck
}

// contains reports exactly whether p holds c: CertPool deduplicates by the
// hash of the raw DER, so adding c to a clone grows the clone iff c is absent.
func contains(p *x509.CertPool, c *x509.Certificate) bool {
	q := p.Clone()
	n := poolLen(q)
	q.AddCert(c)
	return poolLen(q) == n
}

// Describe summarises cfg. candidates are the host folder's certificates.
func Describe(cfg *tls.Config, candidates []Cert) TLSInfo {
	loadSystem()
	info := TLSInfo{cfg: cfg}
	if cfg == nil {
		return info
	}
	info.SkipVerify = cfg.InsecureSkipVerify
	for _, c := range cfg.Certificates {
		if len(c.Certificate) > 0 {
			sum := sha256.Sum256(c.Certificate[0])
			info.Clients = append(info.Clients, hex.EncodeToString(sum[:]))
		} else {
			info.Clients = append(info.Clients, "")
		}
	}
	p := cfg.RootCAs
	f := false
	if systemIsKnown {
		info.SystemRoots = &f
	}
	if p == nil {
		return info
	}
	total := poolLen(p)
	confirm := x509.NewCertPool()
	sysAll := systemIsKnown
	sysHex := map[string]bool{}
	for _, c := range systemCerts {
		sysHex[c.Hex] = true
		if contains(p, c.C) {
			confirm.AddCert(c.C)
		} else {
			sysAll = false
		}
	}
	if systemIsKnown {
		v := sysAll
		info.SystemRoots = &v
	}
	var members []Cert
	for _, c := range candidates {
		if sysHex[c.Hex] {
			continue
		}
		if contains(p, c.C) {
			members = append(members, c)
			confirm.AddCert(c.C)
		}
	}
	if !p.Equal(confirm) {
		info.UnknownInPool = total - poolLen(confirm)
	}
	// Order: Subjects() lists raw subjects in insertion order.
	subjects := p.Subjects() //nolint:staticcheck
	positions := map[string][]int{}
	for i, s := range subjects {
		positions[string(s)] = append(positions[string(s)], i)
	}
	type placed struct {
		pos int
		hex string
	}
	var list []placed
	ties := false
	groups := map[string][]Cert{}
	var order []string
	for _, m := range members {
		k := string(m.C.RawSubject)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	for _, k := range order {
		g := groups[k]
		pos := positions[k]
		if len(g) > 1 || len(pos) != len(g) {
			ties = true
		}
		sort.Slice(g, func(i, j int) bool { return g[i].Hex < g[j].Hex })
		for i, m := range g {
			pp := len(subjects) // unknown position: after everything
			if i < len(pos) {
				pp = pos[i]
			}
			list = append(list, placed{pp, m.Hex})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].pos < list[j].pos })
	for _, l := range list {
		info.CAs = append(info.CAs, l.hex)
	}
	switch {
	case len(members) == 0:
		info.CAOrder = "none"
	case ties:
		info.CAOrder = "insertion-with-ties"
	default:
		info.CAOrder = "insertion"
	}
	return info
}

// ---------------------------------------------------------------------------
// Log capture helpers
// ---------------------------------------------------------------------------

// LogBuffer collects log lines; engines' logrus hooks append to it.
type LogBuffer struct{ lines []LogLine }

// Add appends a line.
func (b *LogBuffer) Add(level, msg string, fields map[string]any) {
	m := make(map[string]any, len(fields))
	for k, v := range fields {
		m[k] = FieldValue(v)
	}
	b.lines = append(b.lines, LogLine{Level: level, Msg: msg, Fields: m})
}

// Drain returns and clears the collected lines.
func (b *LogBuffer) Drain() []LogLine {
	l := b.lines
	b.lines = nil
	return l
}

// Discard is an io.Writer for loggers whose entries only go to hooks.
var Discard io.Writer = io.Discard

// Fatal prints to stderr and exits 1.
func Fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, filepath.Base(os.Args[0])+": "+format+"\n", a...)
	os.Exit(1)
}

// TrimPathPrefix maps a path under from to the same path under to.
func TrimPathPrefix(p, from, to string) string {
	if p == from {
		return to
	}
	if strings.HasPrefix(p, from+string(filepath.Separator)) {
		return to + p[len(from):]
	}
	return p
}

// RewritePaths replaces from with to in r's error text and log lines (used
// when an engine had to read --root through a symlinked path).
func RewritePaths(r *Result, from, to string) {
	if from == to || r == nil {
		return
	}
	if r.Error != nil {
		s := strings.ReplaceAll(*r.Error, from, to)
		r.Error = &s
	}
	for i := range r.Log {
		r.Log[i].Msg = strings.ReplaceAll(r.Log[i].Msg, from, to)
		for k, v := range r.Log[i].Fields {
			if s, ok := v.(string); ok {
				r.Log[i].Fields[k] = strings.ReplaceAll(s, from, to)
			}
		}
	}
}
