/**
 * The server side of "Test connection" (issue 8): a request the client sends only when the user
 * asks (a code lens on a host folder's files, a palette command), answered with the probe's
 * report. Cancelling the request (the client's progress notification) aborts the connection.
 * Not wired into server.ts yet: the lead registers it with
 *   connection.onRequest(PROBE_REQUEST, (p, token) => handleProbeRequest(p, deps, token))
 * and moves PROBE_REQUEST into protocol.ts's Requests. The client must not offer it in Restricted
 * Mode (an untrusted workspace must not make the editor open network connections).
 */
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import { resolveDockerStore } from '../core/dockerStore';
import { FileSystemView, nodeFileSystem } from '../core/fsview';
import { Aborted, DEFAULT_PROBE_TIMEOUT_MS, probe, ProbeUsageError } from '../core/probe/probe';
import { ProbeReport } from '../core/probe/report';
import { engineFromPath } from '../core/roots';
import { defaultRelease, findRelease } from '../core/releases';
import { Engine } from '../core/tree';
import { CertsdSettings } from '../protocol';

export const PROBE_REQUEST = 'certsd/probe';

export interface ProbeRequestParams {
  /** A host folder (`.../certs.d/reg.example.com:5000`): its root and the reference it stands for. */
  hostPath?: string;
  /** Or a reference and, optionally, the root to read. */
  host?: string;
  root?: string;
  /** ADDR:PORT to connect to instead (tunnels, split DNS). */
  connectTo?: string;
  timeoutSeconds?: number;
}

export type ProbeResponse = { ok: true; report: ProbeReport } | { ok: false; message: string; cancelled?: boolean };

export interface ProbeRequestDeps {
  settings: () => CertsdSettings;
  fs?: FileSystemView;
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

function releaseFor(engine: Engine, s: CertsdSettings): string | undefined {
  return engine === 'docker' ? s.dockerRelease : engine === 'containerd' ? s.containerdRelease : undefined;
}

export async function handleProbeRequest(p: ProbeRequestParams, deps: ProbeRequestDeps, token?: CancellationToken): Promise<ProbeResponse> {
  const s = deps.settings();
  const root = p.hostPath ? path.dirname(p.hostPath) : p.root;
  const host = p.host ?? (p.hostPath ? referenceOfFolder(path.basename(p.hostPath)) : undefined);
  if (!host) return { ok: false, message: 'Test connection needs a host folder or a registry host name.' };
  const engine: Engine = s.engine !== 'auto' ? s.engine : ((root ? engineFromPath(root) : undefined) ?? 'docker');
  const release = findRelease(engine, releaseFor(engine, s)) ?? defaultRelease(engine);
  const fs = deps.fs ?? nodeFileSystem;
  const dockerStore = engine === 'docker' ? resolveDockerStore(s.dockerStore, release, fs, deps.dockerInfo) : undefined;
  const abort = new AbortController();
  const sub = token?.onCancellationRequested(() => abort.abort());
  try {
    const report = await probe({
      host,
      engine,
      release,
      dockerStore,
      roots: root ? [root] : undefined,
      connectTo: p.connectTo,
      timeoutMs: (p.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_MS / 1000) * 1000,
      fs,
      env: deps.env,
      signal: abort.signal,
      lookup: deps.lookup,
    });
    return { ok: true, report };
  } catch (e) {
    if (e instanceof Aborted) return { ok: false, message: 'Cancelled.', cancelled: true };
    if (e instanceof ProbeUsageError) return { ok: false, message: e.message };
    throw e;
  } finally {
    sub?.dispose();
  }
}
