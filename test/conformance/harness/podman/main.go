// Command certsd-harness-podman runs containers/image's certs.d loader
// (Podman, Buildah, Skopeo, CRI-O).
//
// Engine module: go.podman.io/image/v5 v5.42.1 (latest; its own go.mod says
// "go 1.26.0"). Engine main module go line: "go 1.25.6" — go.podman.io/podman/v6
// v6.0.2, the newest Podman release the module proxy serves here, which
// requires go.podman.io/image/v5 v5.40.0 (pkg/tlsclientconfig is byte-identical
// in v5.40.0 and v5.42.1). Podman 5.8.2 (github.com/containers/podman/v5):
// "go 1.24.2", image v5.39.2.
//
// Entry point: tlsclientconfig.SetupCertificates(ROOT/HOST, tlsc) with tlsc
// built as docker/docker_client.go newDockerClient builds it when
// sys.BaseTLSConfig is nil: &tls.Config{CipherSuites:
// tlsconfig.ClientDefault().CipherSuites} (go-connections at the version
// image v5.42.1 requires). newDockerClient calls SetupCertificates only when
// dockerCertDir found the host folder, and sets InsecureSkipVerify afterwards
// from registries.conf (false here).
package main

import (
	"crypto/tls"
	"io"
	"path/filepath"

	"certsd.local/harness/common"

	"github.com/docker/go-connections/tlsconfig"
	"github.com/sirupsen/logrus"
	"go.podman.io/image/v5/pkg/tlsclientconfig"
)

type hook struct{ buf *common.LogBuffer }

func (h hook) Levels() []logrus.Level { return logrus.AllLevels }
func (h hook) Fire(e *logrus.Entry) error {
	h.buf.Add(e.Level.String(), e.Message, e.Data)
	return nil
}

func main() {
	args := common.ParseArgs([]string{"podman"})
	buf := &common.LogBuffer{}
	lvl, _ := logrus.ParseLevel(args.LogLevel)
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	std.SetLevel(lvl)
	std.AddHook(hook{buf})

	common.Run(args, func(host string) *common.Result {
		dir := filepath.Join(args.Root, host)
		r := &common.Result{Dir: common.DirIfExists(dir)}
		tlsc := &tls.Config{CipherSuites: tlsconfig.ClientDefault().CipherSuites}
		var err error
		if r.Dir != nil {
			err = tlsclientconfig.SetupCertificates(dir, tlsc)
		}
		r.SetError(err)
		if err != nil {
			return r // newDockerClient returns (nil, err)
		}
		tlsc.InsecureSkipVerify = false
		r.TLSInfo = common.Describe(tlsc, common.Candidates(dir))
		return r
	}, buf.Drain)
}
