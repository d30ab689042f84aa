// Command certsd-harness-docker29 runs Docker 29's two certs.d loaders.
//
// Engine module: github.com/moby/moby/v2 v2.0.0-beta.24 (the newest version of
// the Docker 29 engine module; its releases/versions.yaml says last: 29.8.0,
// next: 29.8.1). Engine main module go line: "go 1.26.3" (moby/moby/v2 go.mod).
// containerd: github.com/containerd/containerd/v2 v2.3.5, the version moby's
// go.mod requires (kept by MVS: nothing else here requires a newer one).
//
// Loaders:
//
//   - docker29: daemon/pkg/registry NewService(ServiceOptions{}) once, then
//     (*Service).LookupPullEndpoints(host) per host. Top-level TLS fields are
//     those of endpoint [0]: with no mirrors configured that is the registry's
//     own https endpoint (for docker.io / index.docker.io: registry-1.docker.io
//     with tlsconfig.ServerDefault(), certs.d not read). An insecure registry
//     (loopback) gets a second, http endpoint sharing endpoint [0]'s *tls.Config.
//     Every endpoint is listed in "hosts".
//   - docker29-containerd-store: containerd's ConfigureHosts called as moby's
//     daemon/hosts.go (*Daemon).RegistryHosts calls it:
//     ConfigureHosts(context.Background(), HostOptions{HostDir:
//     HostDirFromRoot(registry.CertsDir())})(host). The daemon package itself is
//     not imported (see README); with no registry-mirrors / insecure-registries
//     configured RegistryHosts returns exactly that result (mergeLegacyConfig is
//     skipped). The harness adds only HostOptions.UpdateClient, an observer that
//     records each client's *http.Transport and returns nil.
//
// registry.CertsDir() is /etc/docker/certs.d unless ROOTLESSKIT_STATE_DIR is
// set, then $XDG_CONFIG_HOME/docker/certs.d: the harness sets both so that
// CertsDir() is --root (directly when --root ends in /docker/certs.d, else via
// a symlink in a temporary folder).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"certsd.local/harness/common"

	"github.com/containerd/containerd/v2/core/remotes/docker"
	hostconfig "github.com/containerd/containerd/v2/core/remotes/docker/config"
	"github.com/containerd/errdefs"
	"github.com/containerd/log"
	"github.com/moby/moby/v2/daemon/pkg/registry"
	"github.com/sirupsen/logrus"
)

type hook struct{ buf *common.LogBuffer }

func (h hook) Levels() []logrus.Level { return logrus.AllLevels }
func (h hook) Fire(e *logrus.Entry) error {
	h.buf.Add(e.Level.String(), e.Message, e.Data)
	return nil
}

// setupCertsDir makes registry.CertsDir() return root; it returns CertsDir().
func setupCertsDir(root string) (string, func()) {
	tmp, err := os.MkdirTemp("", "certsd-harness-docker29-")
	if err != nil {
		common.Fatal("%v", err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	var xdg string
	if filepath.Base(root) == "certs.d" && filepath.Base(filepath.Dir(root)) == "docker" {
		xdg = filepath.Dir(filepath.Dir(root))
	} else {
		xdg = filepath.Join(tmp, "config")
		if err := os.MkdirAll(filepath.Join(xdg, "docker"), 0o755); err != nil {
			common.Fatal("%v", err)
		}
		if err := os.Symlink(root, filepath.Join(xdg, "docker", "certs.d")); err != nil {
			common.Fatal("%v", err)
		}
	}
	os.Setenv("ROOTLESSKIT_STATE_DIR", filepath.Join(tmp, "rootlesskit"))
	os.Setenv("XDG_CONFIG_HOME", xdg)
	want := filepath.Join(xdg, "docker", "certs.d")
	if got := registry.CertsDir(); got != want {
		cleanup()
		common.Fatal("registry.CertsDir() = %q, want %q", got, want)
	}
	return want, cleanup
}

func capNames(c docker.HostCapabilities) []string {
	names := []string{}
	for _, x := range []struct {
		c docker.HostCapabilities
		n string
	}{{docker.HostCapabilityPull, "pull"}, {docker.HostCapabilityResolve, "resolve"}, {docker.HostCapabilityPush, "push"}, {docker.HostCapabilityReferrers, "referrers"}} {
		if c.Has(x.c) {
			names = append(names, x.n)
			c &^= x.c
		}
	}
	if c != 0 {
		names = append(names, fmt.Sprintf("0x%x", uint8(c)))
	}
	return names
}

func main() {
	args := common.ParseArgs([]string{"docker29", "docker29-containerd-store"})
	common.SetDNS(args.DNS)
	buf := &common.LogBuffer{}
	lvl, _ := logrus.ParseLevel(args.LogLevel)
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	std.SetLevel(lvl)
	std.AddHook(hook{buf})
	log.L = logrus.NewEntry(std)

	certsDir, cleanup := setupCertsDir(args.Root)
	defer cleanup()
	toRoot := func(p string) string { return common.TrimPathPrefix(p, certsDir, args.Root) }
	// In symlink mode, error and log text name the temporary CertsDir(); map it back to --root.
	drain := func() []common.LogLine {
		l := buf.Drain()
		tmp := &common.Result{Log: l}
		common.RewritePaths(tmp, certsDir, args.Root)
		return tmp.Log
	}
	fix := func(r *common.Result) *common.Result { common.RewritePaths(r, certsDir, args.Root); return r }

	switch args.Loader {
	case "docker29":
		svc, err := registry.NewService(registry.ServiceOptions{})
		if err != nil {
			common.Fatal("NewService: %v", err)
		}
		common.Run(args, func(host string) *common.Result {
			realDir := filepath.Join(args.Root, host)
			r := &common.Result{}
			eps, err := svc.LookupPullEndpoints(host)
			r.SetError(err)
			if err != nil {
				r.Dir = common.DirIfExists(realDir)
				r.Hosts = []common.HostEntry{}
				return fix(r)
			}
			views := make([]common.MobyEndpoint, 0, len(eps))
			for _, ep := range eps {
				views = append(views, common.MobyEndpoint{Mirror: ep.Mirror, URL: ep.URL, TLS: ep.TLSConfig})
			}
			// newTLSConfig reads CertsDir()/host only for a secure, non-Docker-Hub registry.
			common.FillMobyEndpoints(r, views, realDir, host == registry.DefaultNamespace || host == registry.IndexHostname)
			return fix(r)
		}, drain)

	case "docker29-containerd-store":
		obs := &common.ClientObserver{}
		common.Run(args, func(host string) *common.Result {
			r := &common.Result{}
			obs.Reset()
			hostDir := hostconfig.HostDirFromRoot(registry.CertsDir())
			dir, derr := hostDir(host)
			if derr == nil && dir != "" {
				d := toRoot(dir)
				r.Dir = &d
			} else if derr != nil && !errors.Is(derr, errdefs.ErrNotFound) {
				r.Dir = common.StrPtr(filepath.Join(args.Root, host))
			}
			// As moby daemon/hosts.go RegistryHosts, plus the observer.
			hosts, err := hostconfig.ConfigureHosts(context.Background(), hostconfig.HostOptions{
				HostDir:      hostconfig.HostDirFromRoot(registry.CertsDir()),
				UpdateClient: obs.Record,
			})(host)
			r.SetError(err)
			var cands []common.Cert
			if r.Dir != nil {
				cands = common.Candidates(*r.Dir)
			}
			views := make([]common.HostView, 0, len(hosts))
			for _, h := range hosts {
				views = append(views, common.HostView{Host: h.Host, Scheme: h.Scheme, Path: h.Path, Capabilities: capNames(h.Capabilities), Header: h.Header, Client: h.Client})
			}
			common.FillHosts(r, obs, views, cands)
			return fix(r)
		}, drain)
	}
}
