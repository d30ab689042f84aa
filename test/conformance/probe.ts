/**
 * The probe section of the conformance suite: the Proof scenarios of issue 8 (servers on
 * 127.0.0.1 with chains made now, test/helpers/probeServers.ts), probed by certsd and dialled by
 * Go itself. For every engine loader, the harness loads the same folder with the engine's real
 * code and then connects with Go's crypto/tls and net/http through the TLS configuration that
 * loader built (harness/common/dial.go); certsd's verdict, error text, client certificate and
 * HTTP status must be Go's, endpoint by endpoint.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { godebugForGoLine } from '../../server/src/core/go/godebug';
import { probe } from '../../server/src/core/probe/probe';
import { ProbeReport } from '../../server/src/core/probe/report';
import { makeProbePki, ProbeScenario, probeScenarios, scenarioHost, startScenarioServer, TestServer } from '../helpers/probeServers';
import { SystemRoots } from './harness';
import { Target } from './targets';

interface GoDial {
  url: string;
  ok: boolean;
  error: string | null;
  status: number;
  clientCertificate: string | null;
  millis: number;
}

interface GoLine {
  ok: boolean;
  error: string | null;
  dial?: GoDial[];
}

/** Scenarios where a harness loader is not the whole engine, with the reason. */
const KNOWN: { target: RegExp; scenario: RegExp; reason: string }[] = [
  {
    target: /^docker@28/,
    scenario: /loopback/,
    reason: "the docker28 harness calls ReadCertsDirectory without moby's Service layer, whose loopback rule (insecure, folder not read) certsd models from docker29",
  },
];

export interface ProbeSection {
  compared: number;
  agreed: number;
  known: string[];
  disagreements: string[];
  /** Times on the good-chain scenario: certsd's whole probe, and Go's GET (per loader). */
  goodMillis: { target: string; ours: number; go: number }[];
}

/**
 * One harness run: load one folder, then dial through `addr`. Asynchronous: the servers it dials
 * live in this process, and a synchronous spawn would stop them from answering.
 */
function runGo(bin: string, loader: string, root: string, host: string, godebug: string, roots: SystemRoots, addr: string, timeout: number): Promise<GoLine> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--loader', loader, '--root', root, '--dial', addr, '--timeout', String(timeout), host], {
      env: { ...process.env, GODEBUG: godebug, SSL_CERT_FILE: roots.file, SSL_CERT_DIR: roots.dir, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${path.basename(bin)} --loader ${loader} --dial exited ${code ?? signal}: ${err.slice(0, 2000)}`));
      resolve(JSON.parse(out.trim().split('\n')[0]) as GoLine);
    });
  });
}

/** Texts that hold the current time or a local port: the same error, said at another moment. */
export function normalizeError(e: string | null): string | null {
  if (e === null) return null;
  return (
    e
      .replace(/current time \S+ is (after|before)/, 'current time <now> is $1')
      .replace(/read tcp [^ ]+->/, 'read tcp <local>->')
      // net/http's own race: an alert that arrives before the request is registered (TLS 1.3 sends
      // certificate_required after the handshake) is wrapped by persistConn.readLoopPeekFailLocked.
      .replace(/^readLoopPeekFailLocked: /, '')
  );
}

interface Comparable {
  ok: boolean;
  error: string | null;
  status: number;
  clientCertificate: string | null;
}

function ours(report: ProbeReport): Comparable[] {
  if (report.endpoints.length === 0) return [{ ok: false, error: report.error, status: 0, clientCertificate: null }];
  return report.endpoints.map((e) => ({
    ok: e.ok,
    error: normalizeError(e.error),
    status: e.http.status ?? 0,
    clientCertificate: e.clientCertificate ? leafSha(e.clientCertificate) : null,
  }));
}

/** An answer with a status is compared by its status: Go has no error for it, certsd says what it means. */
function statusOnly(c: Comparable): Comparable {
  return c.status > 0 ? { ...c, error: null } : c;
}

function theirs(line: GoLine): Comparable[] {
  if (!line.ok) return [{ ok: false, error: line.error, status: 0, clientCertificate: null }];
  return (line.dial ?? []).map((d) => ({ ok: d.ok, error: normalizeError(d.error), status: d.status, clientCertificate: d.clientCertificate }));
}

/** GODEBUG for the engine's go line, with tlssha1 (Go 1.25 changed it), which the probe models too. */
function godebugFor(go: string): string {
  const minor = Number(/^1\.(\d+)/.exec(go)?.[1] ?? 26);
  return [godebugForGoLine(go), minor < 25 ? 'tlssha1=1' : ''].filter(Boolean).join(',');
}

/** Which of our engine settings reads the folder with this harness loader. */
function oursFor(t: Target): { dockerStore?: 'containerd' | 'graphdriver' } {
  if (t.engine !== 'docker') return {};
  return { dockerStore: t.loader === 'docker29-containerd-store' ? 'containerd' : 'graphdriver' };
}

export async function runProbeSection(bin: (t: Target) => string, targets: Target[], roots: SystemRoots, log: (s: string) => void): Promise<ProbeSection> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-probe-conformance-'));
  // A root ending in docker/certs.d: docker29 reads it as its CertsDir() directly.
  const root = path.join(base, 'docker', 'certs.d');
  fs.mkdirSync(root, { recursive: true });
  const pki = await makeProbePki();
  const scenarios = await probeScenarios(pki);
  const servers = new Map<ProbeScenario, TestServer>();
  const section: ProbeSection = { compared: 0, agreed: 0, known: [], disagreements: [], goodMillis: [] };
  try {
    for (const s of scenarios) {
      const server = await startScenarioServer(s.server);
      servers.set(s, server);
      const dir = path.join(root, scenarioHost(s, server.port));
      fs.mkdirSync(dir);
      for (const [name, content] of Object.entries(s.folder)) fs.writeFileSync(path.join(dir, name), content);
    }
    const seen = new Set<string>();
    for (const t of targets) {
      const key = `${t.loader}/${t.release.go}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let agreed = 0;
      for (const s of scenarios) {
        const server = servers.get(s)!;
        const addr = `127.0.0.1:${server.port}`;
        const timeout = s.timeoutSeconds ?? 5;
        const host = scenarioHost(s, server.port);
        const go = await runGo(bin(t), t.loader, root, host, godebugFor(t.release.go), roots, addr, timeout);
        const report = await probe({
          host,
          engine: t.engine,
          release: t.release,
          ...(oursFor(t).dockerStore ? { dockerStore: { store: oursFor(t).dockerStore!, assumed: false } } : {}),
          roots: [root],
          connectTo: addr,
          timeoutMs: timeout * 1000,
          env: { SSL_CERT_FILE: roots.file, SSL_CERT_DIR: roots.dir },
        });
        const a = ours(report).map(statusOnly);
        const b = theirs(go).map(statusOnly);
        section.compared++;
        if (JSON.stringify(a) === JSON.stringify(b)) {
          agreed++;
          section.agreed++;
        } else if (KNOWN.some((k) => k.target.test(t.id) && k.scenario.test(s.name))) {
          section.known.push(`${t.id} / ${s.name}: ${KNOWN.find((k) => k.target.test(t.id) && k.scenario.test(s.name))!.reason}`);
        } else {
          section.disagreements.push(`${t.id} / ${s.name} (${host}):\n    certsd: ${JSON.stringify(a)}\n    Go:     ${JSON.stringify(b)}`);
        }
        if (s.name === 'good chain') section.goodMillis.push({ target: t.id, ours: report.millis, go: go.dial?.[0]?.millis ?? NaN });
      }
      log(`  ${t.id.padEnd(30)} ${String(agreed).padStart(3)}/${scenarios.length} scenarios agree with Go (${t.loader})`);
    }
  } finally {
    for (const s of servers.values()) await s.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
  return section;
}

/** sha256 of the first certificate of a .cert file, as the harness reports the leaf sent. */
function leafSha(certPath: string): string {
  const text = fs.readFileSync(certPath, 'latin1');
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  if (!m) return certPath;
  return createHash('sha256').update(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')).digest('hex');
}
