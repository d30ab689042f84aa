#!/usr/bin/env bash
# Builds every certsd conformance harness binary into OUTDIR as
# certsd-harness-<module>. Works with a cold module cache (modules come from
# GOPROXY); fails on the first build error.
#
#   test/conformance/harness/build.sh OUTDIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
MODULES=(docker28 docker29 podman containerd2 containerd17 podmanroots6 podmanroots5)

command -v go >/dev/null || { echo "build.sh: go not found in PATH" >&2; exit 1; }
echo "build.sh: $(go version); GOMODCACHE=$(go env GOMODCACHE)"

# Pure-Go binaries: no C toolchain needed, and the same resolver everywhere.
export CGO_ENABLED=0
# The go.mod/go.sum files are the pinned versions: never rewrite them here.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"

total_start=$(date +%s.%N)
for m in "${MODULES[@]}"; do
  start=$(date +%s.%N)
  if ! (cd "$HERE/$m" && go build -trimpath -o "$OUT/certsd-harness-$m" .); then
    echo "build.sh: FAILED to build $m" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  printf 'build.sh: built %-40s in %6.1fs\n' "certsd-harness-$m" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
done
printf 'build.sh: all %d binaries in %.1fs -> %s\n' "${#MODULES[@]}" "$(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$OUT"
