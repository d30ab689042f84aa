// Command certsd-harness-docker28 runs Docker 28's certs.d loader.
//
// Engine module: github.com/docker/docker v28.5.2+incompatible (latest 28.x).
// Engine main module go line: "go 1.24.0" (vendor.mod of docker v28.5.2; the
// repository has no go.mod, so transitive versions are pinned in go.mod to the
// ones vendor.mod lists).
//
// Entry point: registry.ReadCertsDirectory(tlsConfig, ROOT/HOST), with
// tlsConfig built as registry/registry.go newTLSConfig builds it for a secure
// registry: tlsconfig.ServerDefault() (go-connections v0.5.0) with
// InsecureSkipVerify = false. newTLSConfig's own secure/insecure decision
// (loopback, --insecure-registry) and Docker Hub special-casing live in the
// Service layer and are not applied here: the folder is always read.
package main

import (
	"io"
	"path/filepath"

	"certsd.local/harness/common"

	"github.com/containerd/log"
	"github.com/docker/docker/registry"
	"github.com/docker/go-connections/tlsconfig"
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
	buf := &common.LogBuffer{}
	lvl, _ := logrus.ParseLevel(args.LogLevel)
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	std.SetLevel(lvl)
	std.AddHook(hook{buf})
	log.L = logrus.NewEntry(std)

	common.Run(args, func(host string) *common.Result {
		dir := filepath.Join(args.Root, host)
		r := &common.Result{Dir: common.DirIfExists(dir)}
		// as newTLSConfig(ctx, host, isSecure=true)
		tlsConfig := tlsconfig.ServerDefault()
		tlsConfig.InsecureSkipVerify = false
		err := registry.ReadCertsDirectory(tlsConfig, dir)
		r.SetError(err)
		if err != nil {
			// newTLSConfig returns (nil, err): no TLS config at all.
			return r
		}
		r.TLSInfo = common.Describe(tlsConfig, common.Candidates(dir))
		return r
	}, buf.Drain)
}
