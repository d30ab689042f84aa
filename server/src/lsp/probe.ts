/**
 * The server side of "Test connection" (issue 8): a request the client sends only when the user
 * asks (a code lens on a host folder's files, the palette command), answered with the probe's
 * report, a one-line verdict and the full text. Cancelling the request (the client's progress
 * notification) aborts the connection. In an untrusted workspace (VS Code's Restricted Mode) the
 * request is refused: an untrusted folder must not make the editor open network connections.
 */
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import { probeText } from '../core/probe/text';
import { resolveDockerStore } from '../core/engines/dockerStore';
import { FileSystemView } from '../core/fsview';
import { Aborted, probe, ProbeUsageError } from '../core/probe/probe';
import { parseReference } from '../core/probe/reference';
import { ProbeReport } from '../core/probe/report';
import { engineFromPath } from '../core/roots';
import { defaultRelease, findRelease } from '../core/engines/releases';
import { Engine, ENGINES, ENGINE_NAMES } from '../core/tree';
import { CertsdSettings, DEFAULT_PROBE_TIMEOUT_SECONDS, MAX_PROBE_TIMEOUT_SECONDS, ProbeRequestParams, ProbeResponse, RESTRICTED_MODE_PROBE_MESSAGE } from '../protocol';
import { t } from '../core/l10n';

export interface ProbeRequestDeps {
  settings: () => CertsdSettings;
  /** The workspace is trusted (the client said so); false refuses the request. */
  trusted: () => boolean;
  /** The engine the checks use for a certs.d root, so that the probe and the lenses agree. */
  engineOfRoot?: (root: string) => Engine | undefined;
  /** The disk as the engine reads it (not the editor's unsaved text: the engine never sees that). */
  fs: FileSystemView;
  env?: NodeJS.ProcessEnv;
  /** For `dockerStore: auto` (runs `docker info`). */
  dockerInfo?: () => string | undefined;
  lookup?: (hostname: string) => Promise<string[]>;
}

/** The reference a host folder's name stands for: containerd's `host_port_` is `host:port`. */
export function referenceOfFolder(name: string): string {
  const m = /^(.+)_(\d+)_$/.exec(name);
  return m ? `${m[1]}:${m[2]}` : name;
}

/** Can "Test connection" run for this host folder? Not for containerd's `_default`, nor for a name that is no HOST[:PORT]. */
export function probeableFolder(name: string): boolean {
  return name !== '_default' && !('error' in parseReference(referenceOfFolder(name)));
}

function releaseFor(engine: Engine, s: CertsdSettings): string | undefined {
  return engine === 'docker' ? s.dockerRelease : engine === 'containerd' ? s.containerdRelease : undefined;
}

/** A timeout the user set, or the default when it is not a number of seconds in range. */
export function probeTimeoutSeconds(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_PROBE_TIMEOUT_SECONDS ? value : DEFAULT_PROBE_TIMEOUT_SECONDS;
}

/** Who acts, as the check's messages name it (core/probe/advice.ts actorOf, from the report). */
export function actorOfReport(r: ProbeReport): string {
  const engine = r.engine.split('@')[0];
  if (!(ENGINES as readonly string[]).includes(engine)) return r.engine;
  if (engine === 'docker' && r.loader === ENGINE_NAMES.containerd) return t('Docker (pulls and pushes)');
  return ENGINE_NAMES[engine as Engine];
}

const oneLine = (dn: string) => dn.split('\n').join(', ');

/** One line for a notification: who, what happened, in Go's words when it failed. */
export function probeVerdict(r: ProbeReport): string {
  const actor = actorOfReport(r);
  const took = t(' ({0} ms)', r.millis);
  // r.error is Go's own text (x509: ...): quoted as it is, never translated.
  if (!r.ok) return (r.error ? t('{0} cannot use the registry {1}: {2}.', actor, r.host, r.error) : t('{0} cannot use the registry {1}: no endpoint answered.', actor, r.host)) + took;
  const status = r.http.status !== null ? `HTTP ${r.http.status}` : t('an answer');
  const tls = r.tls;
  if (r.http.plainHttp || !tls) return t('{0} reaches {1} over plain HTTP: the registry answered ({2}), nothing was encrypted.', actor, r.host, status) + took;
  if (tls.skipVerify) return t('{0} reaches {1}: the registry answered ({2}), but {0} does not verify its certificate.', actor, r.host, status) + took;
  const anchor = tls.anchor ? t(' through "{0}" ({1})', oneLine(tls.anchor.subject), tls.anchor.source === 'folder' && tls.anchor.path ? path.basename(tls.anchor.path) : t('system roots')) : '';
  const client = r.clientCertificate ? t(', {0} sent', path.basename(r.clientCertificate)) : '';
  return t('{0} reaches {1}: the registry answered ({2}), the chain was verified{3}{4}.', actor, r.host, status, anchor, client) + took;
}

export async function handleProbeRequest(p: ProbeRequestParams, deps: ProbeRequestDeps, token?: CancellationToken): Promise<ProbeResponse> {
  if (!deps.trusted()) return { ok: false, message: t(RESTRICTED_MODE_PROBE_MESSAGE) };
  const s = deps.settings();
  const root = p.hostPath ? path.dirname(p.hostPath) : p.root;
  const host = p.host ?? (p.hostPath ? referenceOfFolder(path.basename(p.hostPath)) : undefined);
  if (!host) return { ok: false, message: t('Test connection needs a host folder or a registry host name.') };
  const engine: Engine = s.engine !== 'auto' ? s.engine : ((root ? (deps.engineOfRoot?.(root) ?? engineFromPath(root)) : undefined) ?? 'docker');
  const release = findRelease(engine, releaseFor(engine, s)) ?? defaultRelease(engine);
  const fs = deps.fs;
  const dockerStore = engine === 'docker' ? resolveDockerStore(s.dockerStore, release, fs, deps.dockerInfo) : undefined;
  const abort = new AbortController();
  const sub = token?.onCancellationRequested(() => abort.abort());
  if (token?.isCancellationRequested) abort.abort();
  try {
    const report = await probe({
      host,
      engine,
      release,
      dockerStore,
      roots: root ? [root] : undefined,
      connectTo: p.connectTo || undefined,
      timeoutMs: probeTimeoutSeconds(p.timeoutSeconds) * 1000,
      fs,
      env: deps.env,
      signal: abort.signal,
      lookup: deps.lookup,
    });
    return { ok: true, report, actor: actorOfReport(report), verdict: probeVerdict(report), text: probeText(report, false) };
  } catch (e) {
    if (e instanceof Aborted) return { ok: false, message: t('Cancelled.'), cancelled: true };
    if (e instanceof ProbeUsageError) return { ok: false, message: e.message };
    throw e;
  } finally {
    sub?.dispose();
  }
}
