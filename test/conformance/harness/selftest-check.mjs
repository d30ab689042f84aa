// Checks the JSON lines written by selftest.sh against the engine behaviour
// documented in shared/spec/engine-rules.md (and read in the engines' sources).
//   node selftest-check.mjs OUTDIR PKIDIR ROOT ROOT2 PLAINROOT
import { readFileSync, readdirSync } from "node:fs";
import { createHash, X509Certificate } from "node:crypto";
import { join } from "node:path";

const [outDir, pkiDir, R, R2, PLAIN] = process.argv.slice(2);
const fp = (name) => createHash("sha256").update(new X509Certificate(readFileSync(join(pkiDir, name + ".pem"))).raw).digest("hex");
const CA1 = fp("ca1"), CA2 = fp("ca2"), CLIENT = fp("client"), SENTINEL = fp("sentinel");
const NAMES = { [CA1]: "ca1", [CA2]: "ca2", [CLIENT]: "client", [SENTINEL]: "sentinel" };
const nm = (l) => (l || []).map((h) => NAMES[h] || h.slice(0, 12));

let passed = 0, failed = 0;
const fail = (where, msg) => { failed++; console.log(`FAIL ${where}: ${msg}`); };
const eq = (where, what, got, want) => {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g === w) passed++; else fail(where, `${what}: got ${g}, want ${w}`);
};

const read = (f) => readFileSync(join(outDir, f + ".jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const out = {};
for (const f of readdirSync(outDir).filter((f) => f.endsWith(".jsonl"))) {
  const name = f.replace(/\.jsonl$/, "");
  out[name] = Object.fromEntries(read(name).map((r) => [r.host, r]));
}

// ---------------------------------------------------------------- shape
const TOP = ["loader", "host", "dir", "ok", "error", "systemRoots", "cas", "clients", "godebug", "log", "hosts"];
const TLS = ["systemRoots", "cas", "clients", "skipVerify"];
for (const [file, rows] of Object.entries(out)) {
  for (const r of Object.values(rows)) {
    const where = `${file} ${r.host}`;
    for (const k of TOP) if (!(k in r)) fail(where, `missing key ${k}`);
    if (r.ok !== (r.error === null)) fail(where, "ok/error disagree");
    if (r.unknownInPool !== 0) fail(where, `unknownInPool ${r.unknownInPool}`);
    if (file !== "podman-godebug" && r.godebug !== (process.env.GODEBUG || "")) fail(where, `godebug ${r.godebug}`);
    if (r.cas.includes(SENTINEL)) fail(where, "sentinel listed in cas");
    for (const h of r.hosts || []) {
      for (const k of ["host", "scheme", "path", "capabilities", "tls", ...TLS]) if (!(k in h)) fail(where, `hosts[] missing ${k}`);
    }
    passed++;
  }
}

// ---------------------------------------------------------------- expectations
const DOCKERISH = ["docker28", "docker29", "podman"];
const CTRD = ["containerd2", "containerd17", "docker29-containerd-store"];
const ALL = [...DOCKERISH, ...CTRD];
const dirOf = (h) => join(R, h);
const K1_DOCKER = "missing key client.key for client certificate client.cert. CA certificates must use the extension .crt";
const K1_PODMAN = "missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt";
const K2 = "missing client certificate client.cert for key client.key";
const K1_CTRD = "failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key";

function row(loader, host) {
  const r = out[loader]?.[host];
  if (!r) fail(`${loader} ${host}`, "no output line");
  return r;
}
function expect(loaders, host, want) {
  for (const l of loaders) {
    const r = row(l, host);
    if (!r) continue;
    const w = typeof want === "function" ? want(l, r) : want;
    const where = `${l} ${host}`;
    if ("error" in w) eq(where, "error", r.error, w.error);
    if ("ok" in w) eq(where, "ok", r.ok, w.ok);
    if ("cas" in w) eq(where, "cas", nm(r.cas), w.cas);
    if ("clients" in w) eq(where, "clients", nm(r.clients), w.clients);
    if ("systemRoots" in w) eq(where, "systemRoots", r.systemRoots, w.systemRoots);
    if ("skipVerify" in w) eq(where, "skipVerify", r.skipVerify, w.skipVerify);
    if ("dir" in w) eq(where, "dir", r.dir, w.dir);
    if ("hosts" in w) eq(where, "hosts", (r.hosts || []).map((h) => ({ host: h.host, scheme: h.scheme, caps: h.capabilities, cas: nm(h.cas), systemRoots: h.systemRoots, skipVerify: h.skipVerify, httpFallback: h.httpFallback })), w.hosts);
    if ("log" in w) eq(where, "log", r.log.map((x) => ({ level: x.level, msg: x.msg, error: x.fields.error })), w.log);
  }
}
const caps2 = ["pull", "resolve", "push", "referrers"], caps17 = ["pull", "resolve", "push"];
const capsOf = (l) => (l === "containerd17" ? caps17 : caps2);
const one = (l, host, cas, extra = {}) => [{ host, scheme: "https", caps: capsOf(l), cas, systemRoots: cas.length > 0, skipVerify: false, httpFallback: false, ...extra }];
const decodeMsg = (l, h) => (l === "containerd17" ? "failed to decode hosts.toml" : `failed to decode ${join(dirOf(h), "hosts.toml")}`);

expect(ALL, "good.example.com", { ok: true, cas: ["ca1"], clients: [], systemRoots: true, dir: dirOf("good.example.com") });
expect(ALL, "client.example.com", { ok: true, cas: ["ca1"], clients: ["client"], systemRoots: true });
// K2
expect(DOCKERISH, "keyonly.example.com", { error: K2, cas: [], clients: [] });
expect(CTRD, "keyonly.example.com", { ok: true, cas: ["ca1"], clients: [] });
// K1
expect(["docker28", "docker29"], "certonly.example.com", { error: K1_DOCKER });
expect(["podman"], "certonly.example.com", { error: K1_PODMAN });
expect(CTRD, "certonly.example.com", { error: K1_CTRD, hosts: [] });
expect(["docker28", "docker29"], "combined.example.com", { error: K1_DOCKER });
expect(["podman"], "combined.example.com", { error: K1_PODMAN });
expect(CTRD, "combined.example.com", { ok: true, clients: ["client"], cas: [], systemRoots: false });
// C1 DER
expect(DOCKERISH, "der.example.com", { ok: true, cas: [], systemRoots: true });
expect(CTRD, "der.example.com", { error: `unable to load CA cert "${join(dirOf("der.example.com"), "ca.crt")}"` });
// C2 BOM
expect(DOCKERISH, "bom.example.com", { ok: true, cas: [], systemRoots: true });
expect(CTRD, "bom.example.com", { error: `unable to load CA cert "${join(dirOf("bom.example.com"), "ca.crt")}"` });
// empty folder / no folder
expect(DOCKERISH, "empty.example.com", { ok: true, cas: [], systemRoots: false, dir: dirOf("empty.example.com") });
expect(CTRD, "empty.example.com", (l) => ({ ok: true, cas: [], systemRoots: false, hosts: one(l, "empty.example.com", []) }));
expect(ALL, "missing.example.com", { ok: true, dir: null, cas: [], systemRoots: false });
// hosts.toml
expect(DOCKERISH, "toml.example.com", { ok: true, cas: ["ca1", "ca2"] });
expect(CTRD, "toml.example.com", (l) => ({
  ok: true, cas: [], systemRoots: false, log: [],
  hosts: [
    { host: "mirror.example.com", scheme: "https", caps: ["pull", "resolve"], cas: ["ca1"], systemRoots: true, skipVerify: false, httpFallback: false },
    ...one(l, "toml.example.com", []),
  ],
}));
expect(CTRD, "badtoml.example.com", (l) => ({
  ok: true, cas: ["ca1"],
  log: [{ level: "error", msg: decodeMsg(l, "badtoml.example.com"), error: l === "containerd17"
    ? "failed to parse TOML: (2, 2): unexpected token unclosed table key, was expecting a table key"
    : "toml: expected ']' to close table name" }],
  hosts: one(l, "badtoml.example.com", ["ca1"]),
}));
expect(CTRD, "serveronly.example.com", (l) => ({ ok: true, cas: ["ca2"], log: [], hosts: one(l, "serveronly.example.com", ["ca2"]) }));
expect(["containerd2", "docker29-containerd-store"], "referrers.example.com", (l) => ({
  ok: true, log: [],
  hosts: [{ host: "r.example.com", scheme: "https", caps: ["pull", "referrers"], cas: ["ca1"], systemRoots: true, skipVerify: false, httpFallback: false },
    ...one(l, "referrers.example.com", [])],
}));
expect(["containerd17"], "referrers.example.com", (l) => ({
  ok: true, cas: ["ca1"],
  log: [{ level: "error", msg: "failed to decode hosts.toml", error: "unknown capability referrers" }],
  hosts: one(l, "referrers.example.com", ["ca1"]),
}));
// directory names
expect(DOCKERISH, "reg.example.com:5000", { ok: true, cas: ["ca2"], dir: dirOf("reg.example.com:5000") });
expect(CTRD, "reg.example.com:5000", { ok: true, cas: ["ca1"], dir: dirOf("reg.example.com_5000_") });
// loopback
// moby's Service (docker28 and docker29 both go through it): insecure, the folder never read.
expect(["podman"], "localhost:5000", { ok: true, cas: ["ca1"], skipVerify: false });
expect(["docker28", "docker29"], "localhost:5000", { ok: true, dir: null, cas: [], systemRoots: false, skipVerify: true });
expect(CTRD, "localhost:5000", (l) => ({
  ok: true, cas: ["ca1"], skipVerify: true,
  hosts: one(l, "localhost:5000", ["ca1"], { skipVerify: true, httpFallback: true }),
}));
// Docker Hub
expect(["podman"], "docker.io", { ok: true, cas: ["ca1"] });
expect(["docker28", "docker29"], "docker.io", { ok: true, dir: null, cas: [], systemRoots: false });
expect(CTRD, "docker.io", (l) => ({ ok: true, cas: ["ca1"], hosts: one(l, "registry-1.docker.io", ["ca1"]) }));
// F6 dangling symlink
const dangling = join(dirOf("dangling.example.com"), "ca.crt");
expect(["docker28", "docker29"], "dangling.example.com", { error: `open ${dangling}: no such file or directory` });
expect(["podman"], "dangling.example.com", { ok: true, cas: [], systemRoots: false });
expect(CTRD, "dangling.example.com", { error: `unable to read CA cert "${dangling}": open ${dangling}: no such file or directory` });
// F2 directory named *.crt
const dircrt = join(dirOf("dircrt.example.com"), "x.crt");
expect(DOCKERISH, "dircrt.example.com", { error: `read ${dircrt}: is a directory` });
expect(CTRD, "dircrt.example.com", { ok: true, cas: [], systemRoots: false });
// F4 AppleDouble
expect(DOCKERISH, "appledouble.example.com", { ok: true, cas: ["ca1"] });
expect(CTRD, "appledouble.example.com", { error: `unable to load CA cert "${join(dirOf("appledouble.example.com"), "._ca.crt")}"` });

// docker29 host list
expect(["docker29"], "good.example.com", { hosts: [{ host: "good.example.com", scheme: "https", caps: [], cas: ["ca1"], systemRoots: true, skipVerify: false, httpFallback: false }] });
expect(["docker29"], "localhost:5000", { hosts: ["https", "http"].map((scheme) => ({ host: "localhost:5000", scheme, caps: [], cas: [], systemRoots: false, skipVerify: true, httpFallback: false })) });

// _default
for (const l of CTRD) {
  const r = out[`${l}-default`]?.["anything.example.com"];
  if (!r) { fail(`${l}-default`, "no output"); continue; }
  eq(`${l}-default`, "dir", r.dir, join(R2, "_default"));
  eq(`${l}-default`, "cas", nm(r.cas), ["ca2"]);
  eq(`${l}-default`, "host", r.hosts.map((h) => h.host), ["anything.example.com"]);
}

// docker29 through a symlinked CertsDir gives the same answers
for (const [host, r] of Object.entries(out["docker29"])) {
  const s = out["docker29-symlinked"]?.[host];
  const norm = (x) => JSON.stringify(x).split(PLAIN).join("<R>").split(R).join("<R>");
  if (!s) fail(`docker29-symlinked ${host}`, "no output");
  else eq(`docker29-symlinked ${host}`, "line", norm(s), norm(r));
}

// GODEBUG and panics
eq("podman-godebug", "godebug", out["podman-godebug"]?.["good.example.com"]?.godebug, "x509negativeserial=1");
eq("podman-panic", "error", out["podman-panic"]?.["good.example.com"]?.error, "panic: CERTSD_HARNESS_PANIC_HOST test panic");
eq("podman-panic", "next host ok", out["podman-panic"]?.["empty.example.com"]?.ok, true);

console.log(`selftest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
