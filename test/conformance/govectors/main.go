// Command govectors re-checks the Go-model unit tests against real Go: it reads the cases those
// tests record (test/helpers/goVectors.ts, one JSON line each, CERTSD_GO_VECTORS) and asks this
// toolchain's crypto/x509 and crypto/tls what they make of each input.
//
//	govectors -godebug VALUE < vectors.jsonl
//
// Kinds: cert (x509.ParseCertificate), key (the three key parsers, then tls's order), pair
// (tls.X509KeyPair), verify (Certificate.Verify with the vector's pools, name and time),
// hostname (VerifyHostname), signature (CheckSignatureFrom), parseip (net.ParseIP(s).String()),
// splithostport (net.SplitHostPort: host and port, or the error) and loopback (net.ParseIP(s).IsLoopback()).
//
// Only the lines recorded for GODEBUG=VALUE are checked; run it with that GODEBUG in the
// environment, once per value. It prints one line per mismatch and a last line
// `govectors: N checked, M mismatches`, and exits 1 on any mismatch or unreadable line.
package main

import (
	"bufio"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

type vector struct {
	Name    string            `json:"name"`
	Kind    string            `json:"kind"`
	Godebug string            `json:"godebug"`
	Der     string            `json:"der"`
	CertPem string            `json:"certPem"`
	KeyPem  string            `json:"keyPem"`
	Expect  string            `json:"expect"`
	Detail  map[string]string `json:"detail"`
	// verify: the pools, the server name and the time (RFC 3339); hostname: the name;
	// signature: the parent; parseip, splithostport, loopback: the text.
	Roots         []string `json:"roots"`
	Intermediates []string `json:"intermediates"`
	DNSName       string   `json:"dnsName"`
	Now           string   `json:"now"`
	Parent        string   `json:"parent"`
	Text          string   `json:"text"`
}

// certOf parses a base64 DER certificate the model accepted (a failure here is the vector's fault).
func certOf(s string) (*x509.Certificate, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(b)
}

// verifyVerdict is "ok N" (the first chain's length) or Verify's error.
func verifyVerdict(v vector, leaf *x509.Certificate) (string, error) {
	pool := func(ders []string) (*x509.CertPool, error) {
		p := x509.NewCertPool()
		for _, d := range ders {
			c, err := certOf(d)
			if err != nil {
				return nil, err
			}
			p.AddCert(c)
		}
		return p, nil
	}
	roots, err := pool(v.Roots)
	if err != nil {
		return "", err
	}
	inters, err := pool(v.Intermediates)
	if err != nil {
		return "", err
	}
	now, err := time.Parse(time.RFC3339, v.Now)
	if err != nil {
		return "", err
	}
	chains, err := leaf.Verify(x509.VerifyOptions{DNSName: v.DNSName, Roots: roots, Intermediates: inters, CurrentTime: now})
	if err != nil {
		return err.Error(), nil
	}
	return fmt.Sprintf("ok %d", len(chains[0])), nil
}

// verdict is "ok" or the error's text.
func verdict(err error) string {
	if err != nil {
		return err.Error()
	}
	return "ok"
}

// keyKind names a parsed key as the TypeScript model does ("ok:rsa", ...).
func keyKind(k any) (string, bool) {
	switch k.(type) {
	case *rsa.PrivateKey:
		return "ok:rsa", true
	case *ecdsa.PrivateKey:
		return "ok:ec", true
	case ed25519.PrivateKey:
		return "ok:ed25519", true
	case *ecdh.PrivateKey:
		return "ok:x25519", false
	}
	return fmt.Sprintf("ok:%T", k), false
}

// tlsKey follows crypto/tls's parsePrivateKey: PKCS #1, then PKCS #8 (RSA, ECDSA or Ed25519 only),
// then SEC 1, with tls's own two error texts.
func tlsKey(der []byte) string {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		s, _ := keyKind(k)
		return s
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		if s, usable := keyKind(k); usable {
			return s
		}
		return "tls: found unknown private key type in PKCS#8 wrapping"
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		s, _ := keyKind(k)
		return s
	}
	return "tls: failed to parse private key"
}

// same compares Go's text with the expected one; an expectation ending in "…" is a prefix (the
// model stops encoding/asn1's "tags don't match" text before Go's field parameters and type name).
func same(got, want string) bool {
	if p, ok := strings.CutSuffix(want, "…"); ok {
		return strings.HasPrefix(got, p)
	}
	return got == want
}

func main() {
	godebug := flag.String("godebug", "", "check only the vectors recorded for this GODEBUG value")
	flag.Parse()
	if os.Getenv("GODEBUG") != *godebug {
		fmt.Fprintf(os.Stderr, "govectors: run with GODEBUG=%q in the environment (it has %q)\n", *godebug, os.Getenv("GODEBUG"))
		os.Exit(2)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	checked, mismatches := 0, 0
	report := func(v vector, part, want, got string) {
		mismatches++
		fmt.Printf("MISMATCH %s (%s %s)\n  model: %q\n  Go:    %q\n", v.Name, v.Kind, part, want, got)
	}
	for line := 1; in.Scan(); line++ {
		var v vector
		if err := json.Unmarshal(in.Bytes(), &v); err != nil {
			fmt.Fprintf(os.Stderr, "govectors: line %d: %v\n", line, err)
			os.Exit(2)
		}
		if v.Godebug != *godebug {
			continue
		}
		der, err := base64.StdEncoding.DecodeString(v.Der)
		if err != nil {
			fmt.Fprintf(os.Stderr, "govectors: line %d: der: %v\n", line, err)
			os.Exit(2)
		}
		checked++
		switch v.Kind {
		case "cert":
			_, err := x509.ParseCertificate(der)
			if got := verdict(err); !same(got, v.Expect) {
				report(v, "x509.ParseCertificate", v.Expect, got)
			}
		case "key":
			if got := tlsKey(der); !same(got, v.Expect) {
				report(v, "tls", v.Expect, got)
			}
			parsers := map[string]func([]byte) (any, error){
				"pkcs1": func(b []byte) (any, error) { return x509.ParsePKCS1PrivateKey(b) },
				"pkcs8": x509.ParsePKCS8PrivateKey,
				"sec1":  func(b []byte) (any, error) { return x509.ParseECPrivateKey(b) },
			}
			for name, want := range v.Detail {
				parse, ok := parsers[name]
				if !ok {
					fmt.Fprintf(os.Stderr, "govectors: line %d: unknown parser %q\n", line, name)
					os.Exit(2)
				}
				_, err := parse(der)
				if got := verdict(err); !same(got, want) {
					report(v, name, want, got)
				}
			}
		case "verify", "hostname", "signature":
			leaf, err := x509.ParseCertificate(der)
			if err != nil {
				fmt.Fprintf(os.Stderr, "govectors: line %d: certificate: %v\n", line, err)
				os.Exit(2)
			}
			var got string
			switch v.Kind {
			case "verify":
				if got, err = verifyVerdict(v, leaf); err != nil {
					fmt.Fprintf(os.Stderr, "govectors: line %d: %v\n", line, err)
					os.Exit(2)
				}
			case "hostname":
				got = verdict(leaf.VerifyHostname(v.DNSName))
			default:
				parent, err := certOf(v.Parent)
				if err != nil {
					fmt.Fprintf(os.Stderr, "govectors: line %d: parent: %v\n", line, err)
					os.Exit(2)
				}
				got = verdict(leaf.CheckSignatureFrom(parent))
			}
			if !same(got, v.Expect) {
				report(v, v.Kind, v.Expect, got)
			}
		case "parseip":
			got := "nil"
			if ip := net.ParseIP(v.Text); ip != nil {
				got = ip.String()
			}
			if !same(got, v.Expect) {
				report(v, "net.ParseIP", v.Expect, got)
			}
		case "splithostport":
			got := ""
			if host, port, err := net.SplitHostPort(v.Text); err != nil {
				got = err.Error()
			} else {
				got = fmt.Sprintf("host=%q port=%q", host, port)
			}
			if !same(got, v.Expect) {
				report(v, "net.SplitHostPort", v.Expect, got)
			}
		case "loopback":
			got := fmt.Sprint(net.ParseIP(v.Text).IsLoopback())
			if !same(got, v.Expect) {
				report(v, "net.ParseIP(s).IsLoopback", v.Expect, got)
			}
		case "pair":
			_, err := tls.X509KeyPair([]byte(v.CertPem), []byte(v.KeyPem))
			if got := verdict(err); !same(got, v.Expect) {
				report(v, "tls.X509KeyPair", v.Expect, got)
			}
		default:
			fmt.Fprintf(os.Stderr, "govectors: line %d: unknown kind %q\n", line, v.Kind)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "govectors: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("govectors: %d checked, %d mismatches\n", checked, mismatches)
	if mismatches > 0 {
		os.Exit(1)
	}
}
