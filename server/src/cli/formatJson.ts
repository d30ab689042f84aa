/** The JSON report: a contract other tools read. Change it only by adding keys. */
import { LoadResult } from '../core/engines/result';
import { Finding } from '../core/findings';
import { jsonForTerminal } from '../core/fsNames';
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

export function toJson(run: CheckRun): string {
  const report = {
    engine: run.engine,
    hosts: run.roots.flatMap((r) =>
      r.hosts.map((h) => ({
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
      })),
    ),
    // Several roots one engine reads in order (containerd's config_path, Podman's search path).
    ...(run.orders.length ? { lookupOrders: run.orders.map((o) => ({ engine: o.engine, who: o.who, roots: o.roots, source: o.source })) } : {}),
    findings: run.roots.flatMap((r) => r.findings.map(findingJson)),
  };
  // Paths with raw bytes come out as lone surrogates, which JSON.stringify writes as \udcff escapes.
  return jsonForTerminal(JSON.stringify(report, null, 2)) + '\n';
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
