// Command certsd-harness-docker28 runs Docker 28's certs.d loader.
//
// Engine module: github.com/docker/docker v28.5.2+incompatible (latest 28.x).
// Engine main module go line: "go 1.24.0" (vendor.mod of docker v28.5.2; the
// repository has no go.mod, so transitive versions are pinned in go.mod to the
// ones vendor.mod lists).
//
// Entry point: registry.SetCertsDir(ROOT) and registry.NewService(ServiceOptions{})
// once, then (*Service).LookupPullEndpoints(HOST) per host, as docker29 does:
// the top-level TLS fields are endpoint [0]'s. For a secure registry that is
// newTLSConfig's tlsconfig.ServerDefault() (go-connections v0.5.0) with
// InsecureSkipVerify = false and ReadCertsDirectory(tlsConfig,
// CertsDir()/HOST); the Service itself decides that loopback registries are
// insecure (InsecureSkipVerify = true, certs.d not read, dir: null) and that
// docker.io / index.docker.io is registry-1.docker.io (certs.d not read).
// SetCertsDir is deprecated in 28.x but still sets CertsDir() once.
package main

import (
	"io"
	"path/filepath"

	"certsd.local/harness/common"

	"github.com/containerd/log"
	"github.com/docker/docker/registry"
	"github.com/sirupsen/logrus"
)

type hook struct{ buf *common.LogBuffer }

func (h hook) Levels() []logrus.Level { return logrus.AllLevels }
func (h hook) Fire(e *logrus.Entry) error {
	h.buf.Add(e.Level.String(), e.Message, e.Data)
	return nil
}

func main() {
	args := common.ParseArgs([]string{"docker28"})
	common.SetDNS(args.DNS)
	buf := &common.LogBuffer{}
	lvl, _ := logrus.ParseLevel(args.LogLevel)
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	std.SetLevel(lvl)
	std.AddHook(hook{buf})
	log.L = logrus.NewEntry(std)

	registry.SetCertsDir(args.Root)
	if got := registry.CertsDir(); got != args.Root {
		common.Fatal("registry.CertsDir() = %q, want %q", got, args.Root)
	}
	svc, err := registry.NewService(registry.ServiceOptions{})
	if err != nil {
		common.Fatal("NewService: %v", err)
	}
	common.Run(args, func(host string) *common.Result {
		realDir := filepath.Join(args.Root, host)
		r := &common.Result{}
		eps, err := svc.LookupPullEndpoints(host)
		r.SetError(err)
		r.Hosts = []common.HostEntry{}
		if err != nil {
			// newTLSConfig returns (nil, err): no TLS config at all.
			r.Dir = common.DirIfExists(realDir)
			return r
		}
		views := make([]common.MobyEndpoint, 0, len(eps))
		for _, ep := range eps {
			views = append(views, common.MobyEndpoint{Mirror: ep.Mirror, URL: ep.URL, TLS: ep.TLSConfig})
		}
		// newTLSConfig reads CertsDir()/host only for a secure, non-Docker-Hub registry.
		common.FillMobyEndpoints(r, views, realDir, host == registry.DefaultNamespace || host == registry.IndexHostname)
		return r
	}, buf.Drain)
}
