/**
 * `certsd probe`: connects to a registry with the TLS configuration the chosen engine builds from
 * its certs.d folder (engineConfig.ts), checks what the server sent as Go's crypto/tls client
 * does (serverChain.ts), sends the client certificate Go would send (clientCertificate.ts), asks
 * `GET /v2/`, and says what happened in Go's words, with advice (advice.ts).
 *
 * node:tls does the handshake with verification off. Node offers no hook to pick a client
 * certificate once the server's CertificateRequest is known, so a server that asks for one is
 * connected to twice when Go would send a pair: first without (to read the request from the
 * server's flight), then with the pair Go picks.
 */
import { isIP } from 'node:net';
import { t } from '../l10n';
import { FileSystemView, nodeFileSystem } from '../fsview';
import { DockerStoreInfo, EngineRelease } from '../engines/releases';
import { Engine, ENGINE_NAMES } from '../tree';
import { adviseProbe, EndpointOutcome } from './advice';
import { chooseClientCertificate, requestInfo } from './clientCertificate';
import { Aborted, dial, DialTarget, tlsHandshake, TlsAttempt } from './connect';
import { ClientPair, buildEngineConfig, EngineConfig, ProbeEndpoint } from './engineConfig';
import { goHostPort, SCHEME_MISMATCH, TLS_HANDSHAKE_TIMEOUT } from './goErrors';
import { getV2, HttpAnswer, HttpResult } from './http';
import { defaultRoots } from '../engines/resolve';
import { parseReference, Reference } from './reference';
import { EndpointReport, HttpReport, ProbeReport, TlsReport } from './report';
import { checkServerChain, nameText, ServerChainCheck } from './serverChain';
import { TLS12, TLS13 } from './tlsRecords';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  /** HOST[:PORT], the registry part of an image reference. */
  host: string;
  engine: Engine;
  release: EngineRelease;
  /** Docker's storage: with the containerd image store, pulls read certs.d through containerd's code. */
  dockerStore?: DockerStoreInfo;
  /** certs.d roots to look in; default: the engine's standard ones. */
  roots?: string[];
  /** ADDR:PORT: the TCP connection goes there, the name stays HOST (tests, tunnels, split DNS). */
  connectTo?: string;
  timeoutMs?: number;
  fs?: FileSystemView;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  signal?: AbortSignal;
  /** Name resolution for Docker's loopback check; default: none (names count as not loopback). */
  lookup?: (hostname: string) => Promise<string[]>;
}

export class ProbeUsageError extends Error {}

/** `ADDR:PORT`, `[v6]:PORT`. */
export function parseConnectTo(s: string): DialTarget {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:[\]]+):(\d+)$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new ProbeUsageError(`--connect-to must be ADDR:PORT (e.g. 127.0.0.1:5443), not "${s}"`);
  return { host: m[1], port: Number(m[2]) };
}

const versionName = (v: number | undefined, node: string | null): string | null =>
  v === TLS13 ? 'TLS 1.3' : v === TLS12 ? 'TLS 1.2' : node ? node.replace(/^TLSv/, 'TLS ') : null;

/** The Host header: the port only when it is not the scheme's default, as net/http writes it. */
function hostHeader(e: ProbeEndpoint): string {
  const def = e.scheme === 'https' ? 443 : 80;
  const h = e.hostname.includes(':') ? `[${e.hostname}]` : e.hostname;
  return e.port === def ? h : `${h}:${e.port}`;
}

function httpReport(r: HttpResult | undefined, plainHttp: boolean): HttpReport {
  if (!r || !r.ok) return { status: null, ...(plainHttp ? { plainHttp } : {}) };
  const a = r.answer;
  return {
    status: a.status,
    statusText: a.statusText,
    ...(a.headers['docker-distribution-api-version'] ? { apiVersion: a.headers['docker-distribution-api-version'] } : {}),
    meaning: meaningOf(a),
    ...(plainHttp ? { plainHttp } : {}),
  };
}

/** 200 and 401 both mean a registry answered; nginx explains its 400s in the body. */
export function meaningOf(a: HttpAnswer): string {
  if (a.status === 200) return t('a registry answered (no login needed for /v2/)');
  if (a.status === 401) return t('a registry answered (it wants a login, which is normal)');
  if (a.status === 400 && /No required SSL certificate was sent/.test(a.body)) return t('nginx: no client certificate was sent');
  if (a.status === 400 && /The SSL certificate error/.test(a.body)) return t('nginx: the client certificate was refused');
  if (a.status === 404) return t('something answered, but it does not serve the registry API at /v2/');
  return t('the server answered {0}', `${a.status}${a.statusText ? ' ' + a.statusText : ''}`);
}

const registryAnswered = (r: HttpResult | undefined) => !!r && r.ok && (r.answer.status === 200 || r.answer.status === 401);

interface Ctx {
  o: ProbeOptions;
  cfg: EngineConfig;
  timeoutMs: number;
  now: Date;
}

function targetOf(e: ProbeEndpoint, o: ProbeOptions): DialTarget {
  return o.connectTo ? parseConnectTo(o.connectTo) : { host: e.hostname, port: e.port };
}

/** Plain HTTP: dial, then GET /v2/ (after a fallback, to the URL's own port, else 80). */
async function plainGet(e: ProbeEndpoint, ctx: Ctx): Promise<HttpResult> {
  const explicitPort = /:\d+$/.test(e.host);
  const plain: ProbeEndpoint = { ...e, scheme: 'http', port: explicitPort ? e.port : 80 };
  const d = await dial(targetOf(plain, ctx.o), ctx.timeoutMs, ctx.o.signal);
  if (!d.ok) return { ok: false, error: d.error };
  return getV2(d.socket, { hostHeader: hostHeader(plain), path: e.path, timeoutMs: ctx.timeoutMs, signal: ctx.o.signal });
}

async function handshake(e: ProbeEndpoint, ctx: Ctx, client?: ClientPair): Promise<TlsAttempt | { ok: false; error: string; dial: true }> {
  const target = targetOf(e, ctx.o);
  const d = await dial(target, ctx.timeoutMs, ctx.o.signal);
  if (!d.ok) return { ok: false, error: d.error, dial: true };
  // Go: hostnameInSNI sends no SNI for IP addresses and drops trailing dots.
  const servername = isIP(e.hostname) ? undefined : e.hostname.replace(/\.+$/, '');
  return tlsHandshake({ socket: d.socket, servername, timeoutMs: ctx.timeoutMs, client: client ? { certPem: client.certPem, keyPem: client.keyPem } : undefined, signal: ctx.o.signal });
}

function emptyTls(e: ProbeEndpoint): TlsReport {
  return {
    version: null,
    cipher: null,
    serverName: isIP(e.hostname) ? null : e.hostname,
    chain: [],
    verified: false,
    skipVerify: e.skipVerify,
    anchor: null,
    nameCheck: null,
    clientCertificateRequested: false,
    acceptableCAs: [],
    unmodelled: [],
  };
}

async function probeEndpoint(e: ProbeEndpoint, ctx: Ctx): Promise<EndpointOutcome> {
  const started = Date.now();
  const target = targetOf(e, ctx.o);
  const url = `${e.scheme}://${hostHeader(e)}${e.path.replace(/\/?$/, '/')}`;
  const report: EndpointReport = {
    url,
    role: e.role,
    address: goHostPort(target.host, target.port),
    ok: false,
    error: null,
    tls: null,
    http: { status: null },
    clientCertificate: null,
    clientCertificatesPassedOver: [],
    notes: [...e.notes],
    millis: 0,
  };
  const outcome: EndpointOutcome = { endpoint: e, report };
  const done = (http?: HttpResult, plainHttp = false): EndpointOutcome => {
    outcome.http = http;
    report.http = httpReport(http, plainHttp);
    if (http && !http.ok) report.error = http.error;
    else if (http && !registryAnswered(http)) report.error = `GET ${url}: ${http.ok ? `${http.answer.status} ${http.answer.statusText}`.trim() : ''}`;
    report.ok = !report.error && registryAnswered(http);
    report.millis = Date.now() - started;
    return outcome;
  };

  if (e.scheme === 'http') return done(await plainGet(e, ctx), true);

  let attempt: TlsAttempt | { ok: false; error: string; dial: true } = await handshake(e, ctx);
  if (!attempt.ok && 'dial' in attempt) {
    report.error = outcome.connectError = attempt.error;
    report.millis = Date.now() - started;
    return outcome;
  }
  const first = attempt as TlsAttempt;
  const flight = first.flight;
  const tlsReport = emptyTls(e);
  report.tls = tlsReport;
  tlsReport.version = versionName(flight.version, first.ok ? first.protocol : null);
  tlsReport.cipher = first.ok ? first.cipher : null;
  const fail = (error: string): EndpointOutcome => {
    if (attempt.ok) attempt.socket.destroy();
    report.error = error;
    report.millis = Date.now() - started;
    return outcome;
  };

  // Go verifies the server's certificates as soon as they arrive, before anything else can fail.
  const chainDer = flight.certificates ?? (first.ok ? peerChain(first) : undefined);
  if (first.ok && !flight.certificates) tlsReport.unmodelled.push(`the server's flight could not be read (${flight.problem ?? 'unknown'}); the chain is node's view of it`);
  if (chainDer) {
    const check: ServerChainCheck = checkServerChain(chainDer, { serverName: e.hostname, roots: e.pool, skipVerify: e.skipVerify, now: ctx.now, go: ctx.cfg.go });
    outcome.chain = check;
    Object.assign(tlsReport, { chain: check.chain, verified: check.verified, anchor: check.anchor, nameCheck: check.nameCheck });
    tlsReport.unmodelled.push(...check.unmodelled);
    if (check.error) return fail(check.error);
  }

  const req = flight.certificateRequest;
  if (req) {
    tlsReport.clientCertificateRequested = true;
    tlsReport.acceptableCAs = req.certificateAuthorities.map(nameText);
    const cri = requestInfo(flight.version ?? TLS13, req);
    const choice = chooseClientCertificate(cri, e.clients, ctx.cfg.tlsSha1);
    outcome.clientChoice = choice;
    report.clientCertificatesPassedOver = choice.rejected.map((reason, i) => ({ file: e.clients[i].certPath, reason }));
    if (choice.index >= 0) {
      const pair = e.clients[choice.index];
      report.clientCertificate = pair.certPath;
      if (first.ok) first.socket.destroy();
      attempt = await handshake(e, ctx, pair);
      if (!attempt.ok) return fail((outcome.connectError = attempt.error));
    }
  } else if (first.ok && !flight.certificates && e.clients.length > 0) {
    tlsReport.unmodelled.push('whether the server asked for a client certificate (its flight could not be read)');
  }

  if (!attempt.ok) {
    // containerd's httpFallback: a plain-HTTP answer or a handshake timeout means "try http://".
    if (e.httpFallback && (attempt.error === SCHEME_MISMATCH || attempt.error === TLS_HANDSHAKE_TIMEOUT)) {
      report.notes.push(`HTTPS failed (${attempt.error}); containerd retried over plain HTTP`);
      report.tls = null;
      return done(await plainGet(e, ctx), true);
    }
    if (attempt.unmodelled) tlsReport.unmodelled.push(attempt.unmodelled);
    if (!flight.version) report.tls = null;
    return fail((outcome.connectError = attempt.error));
  }

  const ok = attempt as Extract<TlsAttempt, { ok: true }>;
  const http = await getV2(ok.socket, {
    hostHeader: hostHeader(e),
    path: e.path,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.o.signal,
    earlier: ok.lateError(),
    addresses: { local: goHostPort(ok.socket.localAddress ?? '', ok.socket.localPort ?? 0), remote: goHostPort(ok.socket.remoteAddress ?? target.host, ok.socket.remotePort ?? target.port) },
  });
  return done(http);
}

/** node's view of the chain (issuer links, not the order sent), when the flight could not be read. */
function peerChain(a: Extract<TlsAttempt, { ok: true }>): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let c = a.socket.getPeerCertificate(true) as { raw?: Buffer; fingerprint256?: string; issuerCertificate?: unknown } | undefined;
  while (c && c.raw && !seen.has(c.fingerprint256 ?? '')) {
    seen.add(c.fingerprint256 ?? '');
    out.push(c.raw);
    // The root's issuerCertificate is itself: the loop ends on the repeat.
    c = c.issuerCertificate as typeof c;
  }
  return out;
}

function engineLabel(cfg: EngineConfig): string {
  const name = `${cfg.engine}@${cfg.release.release}`;
  if (cfg.engine !== 'docker' || !cfg.dockerStore) return name;
  return `${name} (${cfg.dockerStore.store === 'containerd' ? 'containerd image store' : 'graph drivers'}${cfg.dockerStore.assumed ? ', assumed' : ''})`;
}

/** Runs the probe. Throws ProbeUsageError for bad input, Aborted when cancelled; every network outcome is a report. */
export async function probe(o: ProbeOptions): Promise<ProbeReport> {
  const started = Date.now();
  const ref = parseReference(o.host);
  if ('error' in ref) throw new ProbeUsageError(ref.error);
  if (o.connectTo) parseConnectTo(o.connectTo);
  const fs = o.fs ?? nodeFileSystem;
  const roots = o.roots ?? defaultRoots(o.engine, o.release, 'unix', undefined, o.env ?? process.env);
  const cfg = await buildEngineConfig({ ref, engine: o.engine, release: o.release, dockerStore: o.dockerStore, roots, fs, env: o.env, lookup: o.lookup, signal: o.signal });
  const ctx: Ctx = { o, cfg, timeoutMs: o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, now: (o.now ?? (() => new Date()))() };
  const outcomes: EndpointOutcome[] = [];
  for (const e of cfg.endpoints) outcomes.push(await probeEndpoint(e, ctx));
  return assemble(o.host, ref, cfg, outcomes, fs, Date.now() - started);
}

function assemble(host: string, ref: Reference, cfg: EngineConfig, outcomes: EndpointOutcome[], fs: FileSystemView, millis: number): ProbeReport {
  const endpoints = outcomes.map((x) => x.report);
  const main = endpoints.filter((x) => x.role !== 'fallback');
  const fallbackOk = endpoints.some((x) => x.role === 'fallback' && x.ok);
  const matters = (x: EndpointReport) => !x.ok && !(x.role === 'registry' && fallbackOk) && x.role !== 'fallback';
  const ok = !cfg.error && main.length > 0 && !main.some(matters);
  const decider = ok ? (main.find((x) => x.ok && x.role === 'registry') ?? endpoints.find((x) => x.ok)) : (main.find(matters) ?? main[main.length - 1]);
  const error = cfg.error ?? (ok ? null : (decider?.error ?? null));
  return {
    host,
    ok,
    error,
    engine: engineLabel(cfg),
    loader: ENGINE_NAMES[cfg.loader],
    folder: { path: cfg.folder.path ?? null, tried: cfg.folder.tried, read: cfg.folder.read, ...(cfg.folder.skipped ? { skipped: cfg.folder.skipped } : {}) },
    systemRoots: { file: cfg.systemRoots.file ?? null, directories: cfg.systemRoots.directories, certificates: cfg.systemRoots.count },
    tls: decider?.tls ?? null,
    http: decider?.http ?? { status: null },
    clientCertificate: decider?.clientCertificate ?? null,
    endpoints,
    advice: adviseProbe({ ref, cfg, outcomes, fs }),
    millis,
  };
}

export { Aborted };
