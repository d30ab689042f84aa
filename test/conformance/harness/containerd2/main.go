// Command certsd-harness-containerd2 runs containerd 2.x's certs.d / hosts.toml loader.
//
// Engine module: github.com/containerd/containerd/v2 v2.4.2 (latest 2.x).
// Engine main module go line: "go 1.26.6" (containerd v2.4.2 go.mod).
//
// Entry point: core/remotes/docker/config ConfigureHosts(ctx, HostOptions{
// HostDir: HostDirFromRoot(ROOT), UpdateClient: observer})(host), where ctx
// carries a logrus entry (log.WithLogger) whose lines are reported in "log",
// and observer only records each *http.Client's transport and returns nil.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"certsd.local/harness/common"

	"github.com/containerd/containerd/v2/core/remotes/docker"
	hostconfig "github.com/containerd/containerd/v2/core/remotes/docker/config"
	"github.com/containerd/errdefs"
	"github.com/containerd/log"
	"github.com/sirupsen/logrus"
)

type hook struct{ buf *common.LogBuffer }

func (h hook) Levels() []logrus.Level { return logrus.AllLevels }
func (h hook) Fire(e *logrus.Entry) error {
	h.buf.Add(e.Level.String(), e.Message, e.Data)
	return nil
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
	args := common.ParseArgs([]string{"containerd2"})
	buf := &common.LogBuffer{}
	lvl, _ := logrus.ParseLevel(args.LogLevel)
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	logger.SetLevel(lvl)
	logger.AddHook(hook{buf})
	// Anything logged without our ctx lands in the same buffer.
	std := logrus.StandardLogger()
	std.SetOutput(io.Discard)
	std.SetLevel(lvl)
	std.AddHook(hook{buf})
	ctx := log.WithLogger(context.Background(), logrus.NewEntry(logger))

	hostDir := hostDirOf(args)
	obs := &common.ClientObserver{}
	common.Run(args, func(host string) *common.Result {
		r := &common.Result{}
		obs.Reset()
		dir, derr := hostDir(host)
		if derr == nil && dir != "" {
			r.Dir = &dir
		} else if derr != nil && !errors.Is(derr, errdefs.ErrNotFound) {
			r.Dir = common.StrPtr(filepath.Join(args.Root, host))
		}
		hosts, err := hostconfig.ConfigureHosts(ctx, hostconfig.HostOptions{
			HostDir:      hostDir,
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
		return r
	}, buf.Drain)
}

// hostDirOf is HostDirFromRoot(--root), or for --config-path what containerd's CRI builds from
// config_path (internal/cri/server/images/image_pull.go hostDirFromRoots): each root's HostDirFromRoot in order, the first
// folder found winning (a root's _default included) and any error other than not-found stopping
// the search. That function is unexported, so its loop is restated here; each root's lookup is
// containerd's own.
func hostDirOf(args common.Args) func(string) (string, error) {
	if len(args.ConfigPath) == 0 {
		return hostconfig.HostDirFromRoot(args.Root)
	}
	lookups := make([]func(string) (string, error), 0, len(args.ConfigPath))
	for _, root := range args.ConfigPath {
		lookups = append(lookups, hostconfig.HostDirFromRoot(root))
	}
	return func(host string) (string, error) {
		for _, lookup := range lookups {
			dir, err := lookup(host)
			if err != nil && !errdefs.IsNotFound(err) {
				return "", err
			}
			if dir != "" {
				return dir, nil
			}
		}
		return "", errdefs.ErrNotFound
	}
}
