#!/usr/bin/env bash
# Builds the harness binaries, makes a small certs.d tree with openssl (at run
# time; nothing is committed), runs every loader on it and checks the output
# against the expected engine behaviour (selftest-check.mjs). Exits non-zero
# when a build fails or an expected result / error text is missing.
#
#   test/conformance/harness/selftest.sh [WORKDIR]   (default: a temp dir, removed at exit)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ge 1 ]; then
  W="$1"; mkdir -p "$W"; W="$(cd "$W" && pwd)"
else
  W="$(mktemp -d /tmp/certsd-harness-selftest.XXXXXX)"
  trap 'rm -rf "$W"' EXIT
fi
command -v openssl >/dev/null || { echo "selftest: openssl is required (apt-get install -y openssl)" >&2; exit 1; }
command -v node >/dev/null || { echo "selftest: node is required" >&2; exit 1; }

"$HERE/build.sh" "$W/bin"

# ---------------------------------------------------------------- PKI
P="$W/pki"; mkdir -p "$P"
ec() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=$2" -keyout "$P/$1.key" -out "$P/$1.pem" 2>/dev/null; }
ec sentinel "certsd harness sentinel root"
ec ca1 "certsd selftest CA 1"
ec ca2 "certsd selftest CA 2"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=certsd selftest client" \
  -keyout "$P/client.key" -out "$P/client.csr" 2>/dev/null
openssl x509 -req -in "$P/client.csr" -CA "$P/ca1.pem" -CAkey "$P/ca1.key" -set_serial 0x1234 -days 30 \
  -out "$P/client.pem" 2>/dev/null
openssl x509 -in "$P/ca1.pem" -outform DER -out "$P/ca1.der"
mkdir -p "$W/sslcertdir"   # empty: SSL_CERT_DIR

# ---------------------------------------------------------------- tree
R="$W/etc/docker/certs.d"        # ends in docker/certs.d: docker29 uses it without a symlink
rm -rf "$R"; mkdir -p "$R"
d() { mkdir -p "$R/$1"; }
d good.example.com;      cp "$P/ca1.pem" "$R/good.example.com/ca.crt"
d client.example.com;    cp "$P/ca1.pem" "$R/client.example.com/ca.crt"
                         cp "$P/client.pem" "$R/client.example.com/client.cert"
                         cp "$P/client.key" "$R/client.example.com/client.key"
d keyonly.example.com;   cp "$P/ca1.pem" "$R/keyonly.example.com/ca.crt"
                         cp "$P/client.key" "$R/keyonly.example.com/client.key"
d certonly.example.com;  cp "$P/client.pem" "$R/certonly.example.com/client.cert"
d der.example.com;       cp "$P/ca1.der" "$R/der.example.com/ca.crt"
d empty.example.com
d toml.example.com;      cp "$P/ca1.pem" "$R/toml.example.com/ca.crt"
                         cp "$P/ca2.pem" "$R/toml.example.com/loose.crt"
cat > "$R/toml.example.com/hosts.toml" <<'TOML'
server = "https://toml.example.com"

[host."https://mirror.example.com"]
  capabilities = ["pull", "resolve"]
  ca = "ca.crt"
TOML
d badtoml.example.com;   cp "$P/ca1.pem" "$R/badtoml.example.com/ca.crt"
cat > "$R/badtoml.example.com/hosts.toml" <<'TOML'
server = "https://badtoml.example.com"
[host."https://mirror.example.com"
  ca = "ca.crt"
TOML
# only top-level keys, no [host] table (rejected by containerd 1.6 / 1.7 < 1.7.32)
d serveronly.example.com; cp "$P/ca2.pem" "$R/serveronly.example.com/ca.crt"
cat > "$R/serveronly.example.com/hosts.toml" <<'TOML'
server = "https://serveronly.example.com"
ca = "ca.crt"
TOML
# "referrers" is a capability only containerd >= 2.x knows
d referrers.example.com; cp "$P/ca1.pem" "$R/referrers.example.com/ca.crt"
cat > "$R/referrers.example.com/hosts.toml" <<'TOML'
[host."https://r.example.com"]
  capabilities = ["pull", "referrers"]
  ca = "ca.crt"
TOML
# docker/podman name the folder host:port; containerd tries host_port_ first
d reg.example.com:5000;  cp "$P/ca2.pem" "$R/reg.example.com:5000/ca.crt"
d reg.example.com_5000_; cp "$P/ca1.pem" "$R/reg.example.com_5000_/ca.crt"
d localhost:5000;        cp "$P/ca1.pem" "$R/localhost:5000/ca.crt"
d docker.io;             cp "$P/ca1.pem" "$R/docker.io/ca.crt"
# a few more rows of engine-rules.md
d dangling.example.com;  ln -s does-not-exist.pem "$R/dangling.example.com/ca.crt"            # F6
d dircrt.example.com;    mkdir "$R/dircrt.example.com/x.crt"                                  # F2
d appledouble.example.com; cp "$P/ca1.pem" "$R/appledouble.example.com/ca.crt"               # F4
                         printf '\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ' > "$R/appledouble.example.com/._ca.crt"
d bom.example.com;       { printf '\xef\xbb\xbf'; cat "$P/ca1.pem"; } > "$R/bom.example.com/ca.crt"  # C2
d combined.example.com;  cat "$P/client.pem" "$P/client.key" > "$R/combined.example.com/client.cert"  # K1, cert+key in one .cert

# second root: containerd's _default
R2="$W/root2/certs.d"; rm -rf "$R2"; mkdir -p "$R2/_default"
cp "$P/ca2.pem" "$R2/_default/ca.crt"

HOSTS=(good.example.com client.example.com keyonly.example.com certonly.example.com der.example.com
       empty.example.com toml.example.com badtoml.example.com serveronly.example.com referrers.example.com
       reg.example.com:5000 localhost:5000 docker.io missing.example.com
       dangling.example.com dircrt.example.com appledouble.example.com bom.example.com combined.example.com)
printf '%s\n' "${HOSTS[@]}" > "$W/hosts.txt"

export SSL_CERT_FILE="$P/sentinel.pem" SSL_CERT_DIR="$W/sslcertdir"
O="$W/out"; mkdir -p "$O"
run() { # module loader root outfile [args...]
  local m=$1 l=$2 root=$3 out=$4; shift 4
  "$W/bin/certsd-harness-$m" --loader "$l" --root "$root" "$@" > "$O/$out.jsonl" 2> "$O/$out.stderr" \
    || { echo "selftest: $m --loader $l exited $?" >&2; cat "$O/$out.stderr" >&2; exit 1; }
}
run docker28     docker28                  "$R" docker28                  --hosts-file "$W/hosts.txt"
run docker29     docker29                  "$R" docker29                  --hosts-file "$W/hosts.txt"
run docker29     docker29-containerd-store "$R" docker29-containerd-store --hosts-file "$W/hosts.txt"
run podman       podman                    "$R" podman                    --hosts-file "$W/hosts.txt"
run containerd2  containerd2               "$R" containerd2               --hosts-file "$W/hosts.txt"
run containerd17 containerd17              "$R" containerd17              --hosts-file "$W/hosts.txt"
# root not ending in docker/certs.d: docker29 goes through a symlink; results must match
mkdir -p "$W/plain"; rm -rf "$W/plain/certs.d"; cp -a "$R" "$W/plain/certs.d"
run docker29     docker29                  "$W/plain/certs.d" docker29-symlinked --hosts-file "$W/hosts.txt"
run containerd2  containerd2               "$R2" containerd2-default anything.example.com
run containerd17 containerd17              "$R2" containerd17-default anything.example.com
run docker29     docker29-containerd-store "$R2" docker29-containerd-store-default anything.example.com
# GODEBUG is reported as set by the caller
GODEBUG=x509negativeserial=1 run podman podman "$R" podman-godebug good.example.com
# a panic inside a loader is reported for that host and the run goes on
CERTSD_HARNESS_PANIC_HOST=good.example.com run podman podman "$R" podman-panic good.example.com empty.example.com

node "$HERE/selftest-check.mjs" "$O" "$P" "$R" "$R2" "$W/plain/certs.d"
