/** The JSON report: a contract other tools read. Change it only by adding keys. */
import { LoadResult } from '../core/engines/result';
import { Finding } from '../core/findings';
import type { HostReport } from '../core/check';
import type { LookupOrder } from '../core/roots';
import { JsonArrayWriter, cutFrame, marker } from './jsonPieces';
import { CheckRun } from './run';
import { ruleDocUrl } from '../core/ruleDocs';

function loadJson(load: LoadResult) {
  return {
    ok: load.ok,
    ...(load.ok ? {} : { error: load.error }),
    caRoots: load.caRoots,
    ignoredCaFiles: load.ignoredCaFiles,
    clientPairs: load.clientPairs,
    systemRoots: load.systemRoots,
    hostsToml: load.hostsToml,
    caCertificates: load.caCertificates,
    clientCertificates: load.clientCertificates,
    ...(load.hostsTomlError ? { hostsTomlError: load.hostsTomlError } : {}),
    // containerd with a decoded hosts.toml: the hosts tried, in order (the last is the registry itself).
    ...(load.tomlHosts
      ? {
          hosts: load.tomlHosts.map((h) => ({
            host: h.host.host,
            scheme: h.host.scheme,
            path: h.host.path,
            capabilities: h.host.capabilities,
            skipVerify: h.host.skipVerify ?? false,
            systemRoots: h.systemRoots,
            caCertificates: h.caCertificates,
            clientCertificates: h.clientCertificates,
          })),
        }
      : {}),
  };
}

export function hostJson(h: HostReport) {
  return {
    root: h.root,
    name: h.name,
    path: h.path,
    engine: h.engine,
    release: `${h.release.engine}@${h.release.release}`,
    // Docker: `load` is for pulls and pushes under this storage; `login` is moby's own loader.
    ...(h.dockerStore ? { dockerStore: h.dockerStore.store, dockerStoreAssumed: h.dockerStore.assumed } : {}),
    load: loadJson(h.load),
    ...(h.login ? { login: loadJson(h.login) } : {}),
    // Another folder is used instead for this folder's host (another name form; an earlier root).
    ...(h.usedFolder ? { usedFolder: h.usedFolder } : {}),
    ...(h.shadowedBy?.length ? { shadowedBy: h.shadowedBy } : {}),
  };
}

export function toJson(run: CheckRun): string {
  const json = jsonPrinter(run.engine, run.orders);
  let out = json.start();
  for (const r of run.roots) for (const h of r.hosts) out += json.host(h);
  for (const r of run.roots) json.findings(r.findings);
  return out + json.end();
}

/**
 * The JSON report in pieces (stream.ts): the start, each host as it is checked, and the end, which
 * writes the findings handed over meanwhile (they come after every host, so they wait, as text).
 */
export function jsonPrinter(engine: CheckRun['engine'], orders: LookupOrder[]) {
  const report = {
    engine,
    hosts: marker('hosts'),
    // Several roots one engine reads in order (containerd's config_path, Podman's search path).
    ...(orders.length ? { lookupOrders: orders.map((o) => ({ engine: o.engine, who: o.who, roots: o.roots, source: o.source })) } : {}),
    findings: marker('findings'),
  };
  // Paths with raw bytes come out as lone surrogates, which JSON.stringify writes as \udcff escapes.
  const { pieces, indents } = cutFrame(report, ['hosts', 'findings']);
  const hosts = new JsonArrayWriter(indents[0]);
  const findings = new JsonArrayWriter(indents[1]);
  const waiting: string[] = [];
  return {
    start: () => pieces[0],
    host: (h: HostReport) => hosts.item(hostJson(h)),
    findings: (fs: Finding[]) => void waiting.push(...fs.map((f) => findings.item(findingJson(f)))),
    end: () => hosts.close() + pieces[1] + waiting.join('') + findings.close() + pieces[2] + '\n',
  };
}

function findingJson(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    path: f.path,
    range: f.range,
    // The Problems panel's one sentence; `message` is the whole text (the engine's error, the fix).
    summary: f.summary,
    message: f.message,
    docs: ruleDocUrl(f.code),
    ...(f.fixes && f.fixes.length ? { fixes: f.fixes } : {}),
  };
}
