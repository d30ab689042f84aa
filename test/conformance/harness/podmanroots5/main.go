// Command certsd-harness-podmanroots5 runs containers/image's choice of certs.d root for a
// registry host (docker/docker_client.go dockerCertDir), as Podman 5 builds it.
//
// Engine module: go.podman.io/image/v5 v5.39.2 with go.podman.io/storage v1.62.0, the versions
// github.com/containers/podman/v5 v5.8.2 (go 1.24.2) requires.
//
// Entry point: docker.CheckAuth(ctx, &types.SystemContext{RootForImplicitAbsolutePaths: ROOT}, "", "", host)
// with ctx already cancelled: newDockerClient runs dockerCertDir (the search over the roots) and
// tlsclientconfig.SetupCertificates on the folder it chose, whose debug line "Looking for TLS
// certificates and private keys in DIR" names that folder; the request to the registry then fails at
// once on the cancelled context, so nothing goes to the network. --root is the prefix that stands for
// "/" (RootForImplicitAbsolutePaths); $HOME, $XDG_CONFIG_HOME and _CONTAINERS_ROOTLESS_UID come from
// the environment, as in Podman. "dir" is the folder chosen when it exists (image v5.39.2 hands the
// last candidate to SetupCertificates even when none exists; SetupCertificates then reads nothing).
// "error" is newDockerClient's error ("creating new docker client: ..."), the ping's is dropped.
package main

import (
	"context"
	"errors"
	"io"
	"strings"

	"certsd.local/harness/common"

	"github.com/sirupsen/logrus"
	"go.podman.io/image/v5/docker"
	"go.podman.io/image/v5/types"
)

const lookingFor = "Looking for TLS certificates and private keys in "

type hook struct{ buf *common.LogBuffer }

func (h hook) Levels() []logrus.Level { return logrus.AllLevels }
func (h hook) Fire(e *logrus.Entry) error {
	h.buf.Add(e.Level.String(), e.Message, e.Data)
	return nil
}

func main() {
	args := common.ParseArgs([]string{"podman5-roots"})
	buf := &common.LogBuffer{}
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	// The chosen folder is only said at debug level; "log" keeps what --log-level asks for.
	std.SetLevel(logrus.DebugLevel)
	std.AddHook(hook{buf})
	keep, _ := logrus.ParseLevel(args.LogLevel)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sys := &types.SystemContext{RootForImplicitAbsolutePaths: args.Root}
	common.Run(args, func(host string) *common.Result {
		r := &common.Result{}
		err := docker.CheckAuth(ctx, sys, "", "", host)
		if err != nil && !strings.HasPrefix(err.Error(), "creating new docker client: ") && errors.Is(err, context.Canceled) {
			err = nil // the request to the registry, cancelled on purpose
		}
		r.SetError(err)
		lines := buf.Drain()
		for _, l := range lines {
			if dir, ok := strings.CutPrefix(l.Msg, lookingFor); ok {
				r.Dir = common.DirIfExists(dir)
			}
			if lvl, e := logrus.ParseLevel(l.Level); e == nil && lvl <= keep {
				r.Log = append(r.Log, l)
			}
		}
		return r
	}, nil)
}
