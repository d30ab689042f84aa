/** The JSON report: a contract other tools read. Change it only by adding keys. */
import { Finding } from '../core/findings';
import { CheckRun } from './run';

export function toJson(run: CheckRun): string {
  const report = {
    engine: run.engine,
    hosts: run.roots.flatMap((r) =>
      r.hosts.map((h) => ({
        root: h.root,
        name: h.name,
        path: h.path,
        engine: h.engine,
        load: {
          ok: h.load.ok,
          ...(h.load.ok ? {} : { error: h.load.error }),
          caRoots: h.load.caRoots,
          ignoredCaFiles: h.load.ignoredCaFiles,
          clientPairs: h.load.clientPairs,
          systemRoots: h.load.systemRoots,
        },
      })),
    ),
    findings: run.roots.flatMap((r) => r.findings.map(findingJson)),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function findingJson(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    path: f.path,
    range: f.range,
    message: f.message,
    ...(f.fixes && f.fixes.length ? { fixes: f.fixes } : {}),
  };
}
