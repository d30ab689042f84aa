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
import { t } from '../l10n';

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
  if (cfg.engine === 'docker' && cfg.loader === 'containerd') return t('Docker (pulls and pushes)');
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


/** The endpoint's hosts.toml host: the endpoints are those hosts, in order (the one without `server` is named after the folder there, not the registry). */
function tomlHostOf(i: AdviceInput, e: ProbeEndpoint) {
  const index = i.cfg.endpoints.indexOf(e);
  return index < 0 ? undefined : i.cfg.load?.tomlHosts?.[index];
}

/** Where an added CA certificate is read from: hosts.toml's first `ca` file, else `ca.crt` in the folder. */
function caFileFor(i: AdviceInput, e: ProbeEndpoint): string | undefined {
  const toml = tomlHostOf(i, e);
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
    return cn ? `CN=${cn.value}` : t('(no common name)');
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
          message: t(
            "The server's certificate names {0} only in its Common Name; Go (and so {1}) ignores the Common Name and needs a subjectAltName. Have the certificate reissued with subjectAltName {2}:{0}.",
            e.hostname,
            actor,
            /^[\d.]+$|:/.test(e.hostname) ? 'IP' : 'DNS',
          ),
        });
      } else {
        const names = leaf.sans ?? [];
        out.push({
          code: 'name-mismatch',
          message: names.length
            ? t("The server's certificate is for {0}, not {1}. Use one of those names in image references (and name the certs.d folder after it), or have the certificate reissued to include {1}.", quoteList(names), e.hostname)
            : t("The server's certificate names no host at all. Have it reissued with subjectAltName for {0}.", e.hostname),
        });
      }
      return;
    }
    case 'expired': {
      const c = certs.find((x) => x.go === ve.cert);
      const dates = c ? t(' (valid {0} to {1})', formatDay(c.notBefore), formatDay(c.notAfter)) : '';
      const message =
        ve.cert === leaf.go
          ? t("The server's certificate{0} is outside its validity period, so {1} refuses the connection. Renew it on the server.", dates, actor)
          : t('A certificate of the chain{0} is outside its validity period, so {1} refuses the connection. Renew it on the server, or replace the expired CA in the folder.', dates, actor);
      out.push({ code: 'expired', message });
      return;
    }
    case 'incompatible-usage':
      out.push({ code: 'key-usage', message: t("The server's certificate (or a CA above it) lists extended key usages without serverAuth, so {0} will not accept it for a TLS server. Reissue it with extendedKeyUsage serverAuth.", actor) });
      return;
    case 'unknown-authority':
      issuerAdvice(i, o, actor, out);
      return;
    default:
      out.push({ code: 'chain-invalid', message: t("Go refuses the server's chain: {0}.", ve.error) });
  }
}

function issuerAdvice(i: AdviceInput, o: EndpointOutcome, actor: string, out: Advice[]): void {
  const e = o.endpoint;
  const certs = o.chain!.certs;
  const top = certs[certs.length - 1];
  // A trusted certificate signed the last one sent: what Go could not place is lower in the chain
  // (an intermediate that is no CA, a gap in the order sent), not a missing or replaced CA.
  if (e.pool.bySubject(issuerKey(top.go!)).some((p) => !checkSignatureFrom(top.go!, p.cert, i.cfg.go))) {
    out.push({ code: 'chain-invalid', message: t("Go refuses the server's chain: {0}.", o.chain!.verifyError!.error) });
    return;
  }
  const folderCas = folderCaSubjects(e);
  const caFile = caFileFor(i, e);
  // hosts.toml names no `ca` for this host: containerd reads no ca.crt until it does.
  const toml = tomlHostOf(i, e);
  const nameIt = toml && !toml.host.caCerts?.length && caFile ? t(' With hosts.toml there, {0} reads only the CA files it names: name {1} in it too (ca = "{1}").', actor, caFile) : '';
  const held = folderCas.length ? t("the folder's CA certificates are {0}", folderCas.join(', ')) : t('the folder has no CA certificate, so only the system roots count');
  if (top.selfIssued) {
    out.push({
      code: 'ca-mismatch',
      message: t(
        'The server\'s chain ends at the self-signed "{0}", which {1} does not trust: {2}. Put the registry\'s own CA certificate in {3} (get it from the registry\'s administrator, and compare its SHA-256 fingerprint {4}).',
        oneLine(top.subject),
        actor,
        held,
        caFile ?? t('the host folder as ca.crt'),
        o.chain!.chain[certs.length - 1].sha256,
      ) + nameIt,
    });
    return;
  }
  const issuer = oneLine(top.issuer);
  // A CA of that name in the folder (one among the system roots is not the folder's doing).
  const sameName = e.pool.bySubject(issuerKey(top.go!)).filter((p) => p.source.kind === 'folder');
  if (sameName.length > 0) {
    out.push({
      code: 'ca-mismatch',
      message:
        t('The server\'s certificate says it was issued by "{0}", and the folder has a CA of that name, but that CA did not sign it (a CA regenerated with a new key?). ', issuer) +
        (o.chain!.verifyError?.hint ? t('Go: {0}. ', o.chain!.verifyError.hint.error) : '') +
        t("Replace {0} with the CA that issued the registry's certificate now.", caFile ?? t('the CA file')),
    });
    return;
  }
  // The issuer itself is missing: the server omitted an intermediate, or the folder has another CA.
  const found = folderCertificates(i).find(({ cert }) => cert.go && subjectKey(cert.go) === issuerKey(top.go!) && !checkSignatureFrom(top.go!, cert.go, i.cfg.go));
  const both =
    certs.length === 1
      ? t('The server sent only its own certificate, issued by "{0}"; {1}.', issuer, held)
      : t('The server sent {0} certificates, issued by "{1}"; {2}.', certs.length, issuer, held);
  if (found && caFile) {
    out.push({
      code: 'missing-intermediate',
      message: t('{0} "{1}" is in {2}, which {3} does not read as a CA. Best fix: have the server send its full chain (its certificate followed by "{1}"). On this machine: add "{1}" to {4}.', both, issuer, found.file, actor, caFile) + nameIt,
      fix: { kind: 'add-ca', path: caFile, subject: oneLine(found.cert.subject), sha256: found.cert.x509.fingerprint256.replace(/:/g, '').toLowerCase(), pem: encodePem('CERTIFICATE', found.cert.der), createsFile: !exists(i.fs, caFile) },
    });
    return;
  }
  out.push({
    code: folderCas.length ? 'ca-mismatch-or-missing-intermediate' : 'missing-intermediate',
    message: t(
      '{0} If "{1}" is an intermediate CA, the server omits it: have the server send its full chain (its certificate followed by "{1}"), or add "{1}" to {2}. If it is the registry\'s root CA, put it in {2}.',
      both,
      issuer,
      caFile ?? 'ca.crt',
    ) + nameIt,
  });
}

const REJECTION_ALERTS = /remote error: tls: (bad certificate|unknown certificate authority|expired certificate|unsupported certificate|unknown certificate|revoked certificate|access denied|certificate required|handshake failure)$/;

function clientAdvice(i: AdviceInput, o: EndpointOutcome, actor: string, out: Advice[]): void {
  const tls = o.report.tls;
  if (!tls?.clientCertificateRequested) return;
  const error = o.report.error ?? '';
  const nginxMissing = o.http?.ok && o.http.answer.status === 400 && /No required SSL certificate was sent/.test(o.http.answer.body);
  const nginxRefused = o.http?.ok && o.http.answer.status === 400 && /The SSL certificate error/.test(o.http.answer.body);
  // A server that drops the connection after receiving a certificate (Node's own rejectUnauthorized does) gives EOF or a reset.
  const dropped = !!o.report.clientCertificate && (error === 'EOF' || /connection reset by peer$/.test(error));
  const rejected = REJECTION_ALERTS.test(error) || nginxMissing || nginxRefused || dropped;
  if (!rejected) return;
  const cas = tls.acceptableCAs.length ? t(' issued by {0}', quoteList(tls.acceptableCAs)) : '';
  const e = o.endpoint;
  if (!o.report.clientCertificate) {
    const folder = targetFolder(i);
    if (e.clients.length === 0) {
      out.push({
        code: 'client-certificate-required',
        message: t(
          "The registry wants a client certificate{0}, and {1} has none, so {2} sends none and the registry refuses ({3}). Generate a key and a certificate request there, have the registry's CA sign it, and save the result as client.cert beside client.key.",
          cas,
          folder ?? t('the folder'),
          actor,
          nginxMissing ? 'nginx: "No required SSL certificate was sent"' : error,
        ) +
          // containerd ignores loose files once hosts.toml decodes (engine-rules.md).
          (i.cfg.load?.hostsToml ? t(' With hosts.toml there, {0} reads only the files it names: name the pair in it too (client = [["client.cert", "client.key"]]).', actor) : ''),
        ...(folder ? { fix: { kind: 'command' as const, command: 'certsd.generateClientPair', title: t('Generate client key and certificate...'), arguments: [{ hostPath: folder }] } } : {}),
      });
    } else {
      const why = o.report.clientCertificatesPassedOver.map((p) => `${path.basename(p.file)}: ${p.reason}`).join('; ');
      out.push({
        code: 'client-certificate-unfit',
        message: t("The registry wants a client certificate{0}; none of the folder's fits, so Go sends none ({1}). Use a certificate signed by one of the CAs the registry names.", cas, why),
      });
    }
    return;
  }
  const sent = path.basename(o.report.clientCertificate);
  const pair = e.clients.find((c) => c.certPath === o.report.clientCertificate);
  const issuer = pair ? oneLine(formatIssuer(pair.leaf)) : undefined;
  out.push({
    code: 'client-certificate-rejected',
    message: t(
      'The registry refused {0}{1}: {2}.{3} Check that the certificate is signed by the CA the registry trusts, is not expired, and allows clientAuth.',
      sent,
      issuer ? t(' (issued by "{0}")', issuer) : '',
      nginxRefused ? 'nginx: "The SSL certificate error"' : dropped ? t('it closed the connection after receiving it ({0})', error) : error,
      cas ? t(' It accepts client certificates{0}.', cas) : '',
    ),
  });
}

function formatIssuer(c: { issuer: { oid: string; value: string }[][] }): string {
  const cn = c.issuer.flat().find((a) => a.oid === '2.5.4.3');
  return cn ? `CN=${cn.value}` : t('(no common name)');
}

function connectionAdvice(o: EndpointOutcome, actor: string, out: Advice[]): void {
  const error = o.report.error ?? '';
  const where = o.report.address;
  if (error === SCHEME_MISMATCH) {
    const hp = o.report.url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    out.push({
      code: 'plain-http',
      message: t(
        '{0} speaks plain HTTP, not TLS. If the registry really is plain HTTP, tell {1} so (Docker: "insecure-registries": ["{2}"] in /etc/docker/daemon.json; containerd: server = "http://{2}" in hosts.toml; Podman: insecure = true for it in registries.conf). Otherwise the TLS port is another one.',
        where,
        actor,
        hp,
      ),
    });
  } else if (error === NOT_TLS || /^tls: oversized record/.test(error)) {
    out.push({ code: 'not-tls', message: t('Something that is not TLS answers on {0}. Check the port.', where) });
  } else if (/connect: connection refused$/.test(error)) {
    out.push({ code: 'refused', message: t('Nothing listens on {0}. Check the host name, the port, and that the registry runs.', where) });
  } else if (/i\/o timeout$|TLS handshake timeout$|timeout awaiting response headers$/.test(error)) {
    out.push({ code: 'timeout', message: t('{0} did not answer in time ({1}). A firewall may drop the packets, or the service accepts connections and hangs.', where, error) });
  }
}

export function adviseProbe(i: AdviceInput): Advice[] {
  const out: Advice[] = [];
  const actor = actorOf(i.cfg);
  const f = i.cfg.folder;
  if (f.skipped === 'docker-hub') out.push({ code: 'folder-not-read', message: t("{0} never reads certs.d for Docker Hub; it trusts the system roots only. A folder for a mirror must be named after the mirror's host.", actor) });
  if (f.skipped === 'loopback') out.push({ code: 'folder-not-read', message: t('{0} treats {1} as an insecure registry: it neither verifies the certificate nor reads certs.d for it.', actor, i.ref.hostname) });
  if (i.cfg.error) {
    out.push({
      code: 'folder-refused',
      message: f.path
        ? t('{0} refuses {1} before connecting: {2}. Run "certsd check {1}" to see every problem in it.', actor, f.path, i.cfg.error)
        : t('{0} refuses the folder before connecting: {1}. Run "certsd check" to see every problem in it.', actor, i.cfg.error),
    });
  }
  if (!f.path && !f.skipped) {
    const misses = nearMisses(i.fs, i.cfg.loader, i.ref, i.cfg.roots);
    const msg = f.tried.length
      ? t('{0} looks for {1} for {2}; none exists, so it trusts the system roots only and sends no client certificate.', actor, f.tried.join(', '), i.ref.hostPort)
      : t('{0} looks for no folder for {1}; none exists, so it trusts the system roots only and sends no client certificate.', actor, i.ref.hostPort);
    if (misses.length) {
      const to = path.join(path.dirname(misses[0]), i.ref.hostPort);
      out.push({ code: 'folder-not-read', message: t('{0} {1} is never read for this reference: rename it to {2}.', msg, misses[0], path.basename(to)), fix: { kind: 'rename', from: misses[0], to } });
    } else out.push({ code: 'no-folder', message: msg });
  }
  if (i.ref.port === '443') {
    out.push({ code: 'port-443', message: t('The reference says :443, so {0} reads the folder {1}; images named without the port (the usual way) read {2} instead.', actor, i.ref.hostPort, i.ref.hostname) });
  }
  for (const o of i.outcomes) {
    if (o.report.ok) continue;
    chainAdvice(i, o, actor, out);
    clientAdvice(i, o, actor, out);
    connectionAdvice(o, actor, out);
  }
  const unmodelled = [...new Set(i.outcomes.flatMap((o) => o.report.tls?.unmodelled ?? []))];
  if (unmodelled.length) out.push({ code: 'unmodelled', message: t("certsd does not model all of Go's decision here ({0}): the engine may answer differently.", unmodelled.join('; ')) });
  return out;
}
