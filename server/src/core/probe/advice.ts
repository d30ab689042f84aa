/**
 * From a probe's outcome to what to do about it: each piece of advice names who acts, says the
 * consequence, and where it can, carries a concrete fix (the certificate to add to ca.crt, the
 * command that generates a client pair, the folder to rename).
 */
import * as path from 'node:path';
import { FactsCache } from '../facts';
import { FileSystemView, isFsError } from '../fsview';
import { checkSignatureFrom } from '../go/checkSignature';
import { issuerKey, subjectKey } from '../go/certPool';
import { encodePem } from '../go/pem';
import { ENGINE_NAMES } from '../tree';
import { CertFacts } from '../go/x509';
import { chooseClientCertificate } from './clientCertificate';
import { EngineConfig, ProbeEndpoint } from './engineConfig';
import { NOT_TLS, SCHEME_MISMATCH } from './goErrors';
import { HttpResult } from './http';
import { exists, nearMisses, Reference } from './reference';
import { Advice, EndpointReport } from './report';
import { ServerChainCheck } from './serverChain';
import { formatDay } from '../dates';

export interface EndpointOutcome {
  endpoint: ProbeEndpoint;
  report: EndpointReport;
  chain?: ServerChainCheck;
  clientChoice?: ReturnType<typeof chooseClientCertificate>;
  connectError?: string;
  http?: HttpResult;
}

export interface AdviceInput {
  ref: Reference;
  cfg: EngineConfig;
  outcomes: EndpointOutcome[];
  fs: FileSystemView;
}

/** Who acts, as the check's messages name it. */
export function actorOf(cfg: EngineConfig): string {
  if (cfg.engine === 'docker' && cfg.loader === 'containerd') return 'Docker (pulls and pushes)';
  return ENGINE_NAMES[cfg.engine];
}

const quoteList = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
const oneLine = (dn: string) => dn.split('\n').join(', ');

/** The folder a fix writes into: the one read, else the first the engine looks for. */
function targetFolder(i: AdviceInput): string | undefined {
  if (i.cfg.folder.path) return i.cfg.folder.path;
  const first = i.cfg.roots[0];
  return first ? path.join(first, i.ref.hostPort) : undefined;
}


/** Where an added CA certificate is read from: hosts.toml's first `ca` file, else `ca.crt` in the folder. */
function caFileFor(i: AdviceInput, e: ProbeEndpoint): string | undefined {
  const toml = i.cfg.load?.tomlHosts?.find((h) => h.host.host === e.host || h.host.host === i.ref.hostPort);
  if (toml?.host.caCerts?.length) return toml.host.caCerts[0];
  const folder = targetFolder(i);
  return folder ? path.join(folder, 'ca.crt') : undefined;
}

/** Every certificate in the folder's files, whatever their names: the engine may skip the file that has the one needed. */
function folderCertificates(i: AdviceInput): { cert: CertFacts; file: string }[] {
  const folder = i.cfg.folder.path;
  if (!folder) return [];
  const cache = new FactsCache(i.fs, i.cfg.go);
  const files: string[] = [];
  try {
    for (const d of i.fs.readDir(folder)) files.push(path.join(folder, d.name));
  } catch (e) {
    if (!isFsError(e)) throw e;
  }
  for (const h of i.cfg.load?.tomlHosts ?? []) files.push(...(h.host.caCerts ?? []), ...(h.host.clientPairs ?? []).map(([c]) => c));
  const out: { cert: CertFacts; file: string }[] = [];
  for (const file of [...new Set(files)]) {
    let size = 0;
    try {
      const st = i.fs.stat(file);
      if (st.type !== 'file') continue;
      size = st.size;
    } catch {
      continue;
    }
    if (size > 1 << 20) continue;
    const f = cache.file(file);
    for (const b of f.blocks) {
      if (b.type !== 'CERTIFICATE') continue;
      const c = f.certificate(b);
      if (c.ok) out.push({ cert: c.value, file });
    }
    const der = f.derCertificate;
    if (der?.ok) out.push({ cert: der.value, file });
  }
  return out;
}

function folderCaSubjects(e: ProbeEndpoint): string[] {
  return [...new Set(e.pool.all().filter((p) => p.source.kind === 'folder').map((p) => p.cert))].map((c) => {
    const cn = c.subject.flat().find((a) => a.oid === '2.5.4.3');
    return cn ? `CN=${cn.value}` : '(no common name)';
  });
}

function chainAdvice(i: AdviceInput, o: EndpointOutcome, actor: string, out: Advice[]): void {
  const ve = o.chain?.verifyError;
  const certs = o.chain?.certs ?? [];
  if (!ve || certs.length === 0) return;
  const e = o.endpoint;
  const leaf = certs[0];
  switch (ve.kind) {
    case 'hostname': {
      if (/legacy Common Name/.test(ve.error)) {
        out.push({
          code: 'cn-only',
          message: `The server's certificate names ${e.hostname} only in its Common Name; Go (and so ${actor}) ignores the Common Name and needs a subjectAltName. Have the certificate reissued with subjectAltName ${/^[\d.]+$|:/.test(e.hostname) ? 'IP' : 'DNS'}:${e.hostname}.`,
        });
      } else {
        const names = leaf.sans ?? [];
        out.push({
          code: 'name-mismatch',
          message: names.length
            ? `The server's certificate is for ${quoteList(names)}, not ${e.hostname}. Use one of those names in image references (and name the certs.d folder after it), or have the certificate reissued to include ${e.hostname}.`
            : `The server's certificate names no host at all. Have it reissued with subjectAltName for ${e.hostname}.`,
        });
      }
      return;
    }
    case 'expired': {
      const which = ve.cert === leaf.go ? "The server's certificate" : 'A certificate of the chain';
      const c = certs.find((x) => x.go === ve.cert);
      const dates = c ? ` (valid ${formatDay(c.notBefore)} to ${formatDay(c.notAfter)})` : '';
      out.push({ code: 'expired', message: `${which}${dates} is outside its validity period, so ${actor} refuses the connection. Renew it on the server${which.startsWith('A') ? ', or replace the expired CA in the folder' : ''}.` });
      return;
    }
    case 'incompatible-usage':
      out.push({ code: 'key-usage', message: `The server's certificate (or a CA above it) lists extended key usages without serverAuth, so ${actor} will not accept it for a TLS server. Reissue it with extendedKeyUsage serverAuth.` });
      return;
    case 'unknown-authority':
      issuerAdvice(i, o, actor, out);
      return;
    default:
      out.push({ code: 'chain-invalid', message: `Go refuses the server's chain: ${ve.error}.` });
  }
}

function issuerAdvice(i: AdviceInput, o: EndpointOutcome, actor: string, out: Advice[]): void {
  const e = o.endpoint;
  const certs = o.chain!.certs;
  const top = certs[certs.length - 1];
  const folderCas = folderCaSubjects(e);
  const caFile = caFileFor(i, e);
  const held = folderCas.length ? `the folder's CA certificates are ${folderCas.join(', ')}` : 'the folder has no CA certificate, so only the system roots count';
  if (top.selfIssued) {
    out.push({
      code: 'ca-mismatch',
      message: `The server's chain ends at the self-signed "${oneLine(top.subject)}", which ${actor} does not trust: ${held}. Put the registry's own CA certificate in ${caFile ?? 'the host folder as ca.crt'} (get it from the registry's administrator, and compare its SHA-256 fingerprint ${o.chain!.chain[certs.length - 1].sha256}).`,
    });
    return;
  }
  const issuer = oneLine(top.issuer);
  const sameName = e.pool.bySubject(issuerKey(top.go!));
  if (sameName.length > 0) {
    out.push({
      code: 'ca-mismatch',
      message: `The server's certificate says it was issued by "${issuer}", and the folder has a CA of that name, but that CA did not sign it (a CA regenerated with a new key?). ${o.chain!.verifyError?.hint ? `Go: ${o.chain!.verifyError.hint.error}. ` : ''}Replace ${caFile ?? 'the CA file'} with the CA that issued the registry's certificate now.`,
    });
    return;
  }
  // The issuer itself is missing: the server omitted an intermediate, or the folder has another CA.
  const found = folderCertificates(i).find(({ cert }) => cert.go && subjectKey(cert.go) === issuerKey(top.go!) && !checkSignatureFrom(top.go!, cert.go, i.cfg.go));
  const sent = certs.length === 1 ? 'only its own certificate' : `${certs.length} certificates`;
  const both = `The server sent ${sent}, issued by "${issuer}"; ${held}.`;
  if (found && caFile) {
    out.push({
      code: 'missing-intermediate',
      message: `${both} "${issuer}" is in ${found.file}, which ${actor} does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "${issuer}"). On this machine: add "${issuer}" to ${caFile}.`,
      fix: { kind: 'add-ca', path: caFile, subject: oneLine(found.cert.subject), sha256: found.cert.x509.fingerprint256.replace(/:/g, '').toLowerCase(), pem: encodePem('CERTIFICATE', found.cert.der), createsFile: !exists(i.fs, caFile) },
    });
    return;
  }
  out.push({
    code: folderCas.length ? 'ca-mismatch-or-missing-intermediate' : 'missing-intermediate',
    message: `${both} If "${issuer}" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "${issuer}"), or add "${issuer}" to ${caFile ?? 'ca.crt'}. If it is the registry's root CA, put it in ${caFile ?? 'ca.crt'}.`,
  });
}

const REJECTION_ALERTS = /remote error: tls: (bad certificate|unknown certificate authority|expired certificate|unsupported certificate|unknown certificate|revoked certificate|access denied|certificate required|handshake failure)$/;

function clientAdvice(i: AdviceInput, o: EndpointOutcome, actor: string, out: Advice[]): void {
  const t = o.report.tls;
  if (!t?.clientCertificateRequested) return;
  const error = o.report.error ?? '';
  const nginxMissing = o.http?.ok && o.http.answer.status === 400 && /No required SSL certificate was sent/.test(o.http.answer.body);
  const nginxRefused = o.http?.ok && o.http.answer.status === 400 && /The SSL certificate error/.test(o.http.answer.body);
  // A server that drops the connection after receiving a certificate (Node's own rejectUnauthorized does) gives EOF or a reset.
  const dropped = !!o.report.clientCertificate && (error === 'EOF' || /connection reset by peer$/.test(error));
  const rejected = REJECTION_ALERTS.test(error) || nginxMissing || nginxRefused || dropped;
  if (!rejected) return;
  const cas = t.acceptableCAs.length ? ` issued by ${quoteList(t.acceptableCAs)}` : '';
  const e = o.endpoint;
  if (!o.report.clientCertificate) {
    const folder = targetFolder(i);
    if (e.clients.length === 0) {
      out.push({
        code: 'client-certificate-required',
        message: `The registry wants a client certificate${cas}, and ${folder ?? 'the folder'} has none, so ${actor} sends none and the registry refuses (${nginxMissing ? 'nginx: "No required SSL certificate was sent"' : error}). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key.`,
        ...(folder ? { fix: { kind: 'command' as const, command: 'certsd.generateClientPair', title: 'Generate client key and certificate...', arguments: [{ hostPath: folder }] } } : {}),
      });
    } else {
      const why = o.report.clientCertificatesPassedOver.map((p) => `${path.basename(p.file)}: ${p.reason}`).join('; ');
      out.push({
        code: 'client-certificate-unfit',
        message: `The registry wants a client certificate${cas}; none of the folder's fits, so Go sends none (${why}). Use a certificate signed by one of the CAs the registry names.`,
      });
    }
    return;
  }
  const sent = path.basename(o.report.clientCertificate);
  const pair = e.clients.find((c) => c.certPath === o.report.clientCertificate);
  const issuer = pair ? oneLine(formatIssuer(pair.leaf)) : undefined;
  out.push({
    code: 'client-certificate-rejected',
    message: `The registry refused ${sent}${issuer ? ` (issued by "${issuer}")` : ''}: ${nginxRefused ? 'nginx: "The SSL certificate error"' : dropped ? `it closed the connection after receiving it (${error})` : error}.${cas ? ` It accepts client certificates${cas}.` : ''} Check that the certificate is signed by the CA the registry trusts, is not expired, and allows clientAuth.`,
  });
}

function formatIssuer(c: { issuer: { oid: string; value: string }[][] }): string {
  const cn = c.issuer.flat().find((a) => a.oid === '2.5.4.3');
  return cn ? `CN=${cn.value}` : '(no common name)';
}

function connectionAdvice(o: EndpointOutcome, actor: string, out: Advice[]): void {
  const error = o.report.error ?? '';
  const where = o.report.address;
  if (error === SCHEME_MISMATCH) {
    const hp = o.report.url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    out.push({
      code: 'plain-http',
      message: `${where} speaks plain HTTP, not TLS. If the registry really is plain HTTP, tell ${actor} so (Docker: "insecure-registries": ["${hp}"] in /etc/docker/daemon.json; containerd: server = "http://${hp}" in hosts.toml; Podman: insecure = true for it in registries.conf). Otherwise the TLS port is another one.`,
    });
  } else if (error === NOT_TLS || /^tls: oversized record/.test(error)) {
    out.push({ code: 'not-tls', message: `Something that is not TLS answers on ${where}. Check the port.` });
  } else if (/connect: connection refused$/.test(error)) {
    out.push({ code: 'refused', message: `Nothing listens on ${where}. Check the host name, the port, and that the registry runs.` });
  } else if (/i\/o timeout$|TLS handshake timeout$|timeout awaiting response headers$/.test(error)) {
    out.push({ code: 'timeout', message: `${where} did not answer in time (${error}). A firewall may drop the packets, or the service accepts connections and hangs.` });
  }
}

export function adviseProbe(i: AdviceInput): Advice[] {
  const out: Advice[] = [];
  const actor = actorOf(i.cfg);
  const f = i.cfg.folder;
  if (f.skipped === 'docker-hub') out.push({ code: 'folder-not-read', message: `${actor} never reads certs.d for Docker Hub; it trusts the system roots only. A folder for a mirror must be named after the mirror's host.` });
  if (f.skipped === 'loopback') out.push({ code: 'folder-not-read', message: `${actor} treats ${i.ref.hostname} as an insecure registry: it neither verifies the certificate nor reads certs.d for it.` });
  if (i.cfg.error) {
    out.push({ code: 'folder-refused', message: `${actor} refuses ${f.path ?? 'the folder'} before connecting: ${i.cfg.error}. Run "certsd check ${f.path ?? ''}" to see every problem in it.`.replace('  ', ' ') });
  }
  if (!f.path && !f.skipped) {
    const misses = nearMisses(i.fs, i.cfg.loader, i.ref, i.cfg.roots);
    const msg = `${actor} looks for ${f.tried.join(', ') || 'no folder'} for ${i.ref.hostPort}; none exists, so it trusts the system roots only and sends no client certificate.`;
    if (misses.length) {
      const to = path.join(path.dirname(misses[0]), i.ref.hostPort);
      out.push({ code: 'folder-not-read', message: `${msg} ${misses[0]} is never read for this reference: rename it to ${path.basename(to)}.`, fix: { kind: 'rename', from: misses[0], to } });
    } else out.push({ code: 'no-folder', message: msg });
  }
  if (i.ref.port === '443') {
    out.push({ code: 'port-443', message: `The reference says :443, so ${actor} reads the folder ${i.ref.hostPort}; images named without the port (the usual way) read ${i.ref.hostname} instead.` });
  }
  for (const o of i.outcomes) {
    if (o.report.ok) continue;
    chainAdvice(i, o, actor, out);
    clientAdvice(i, o, actor, out);
    connectionAdvice(o, actor, out);
  }
  const unmodelled = [...new Set(i.outcomes.flatMap((o) => o.report.tls?.unmodelled ?? []))];
  if (unmodelled.length) out.push({ code: 'unmodelled', message: `certsd does not model all of Go's decision here (${unmodelled.join('; ')}): the engine may answer differently.` });
  return out;
}
