/**
 * crypto/x509 Certificate.Verify (Go 1.26, verify.go) as the engines' crypto/tls client calls it:
 * VerifyOptions{DNSName, Intermediates, Roots}, key usage serverAuth. Each step follows Go's
 * order and keeps Go's quirks, because they decide which error the user sees:
 * - the leaf's dates and name are checked before any chain is built;
 * - buildChains tries the roots' candidates before the intermediates', in findPotentialParents'
 *   order, and its error is the *last* candidate's isValid error when that one failed after its
 *   signature checked out (an expired root gives "has expired", not "unknown authority"); only
 *   when no candidate got that far is it UnknownAuthorityError, with the first failure as hint;
 * - key usage (KeyUsage bits) is not checked, extended key usage is, nested down the chain.
 * Not modelled (the result says so in `unmodelled`): name constraints (checkChainConstraints) and
 * the policy graph when a certificate carries policy constraints or mappings.
 */
import { GoCertPool, PoolCert, sanValue, subjectKey } from './certPool';
import { checkSignatureFrom } from './checkSignature';
import { GO_DEFAULTS, GoParseOptions } from './godebug';
import { commonNameOf } from './name';
import type { GoCertificate } from './parseCertificate';
import { goQuote } from './url';
import { goParseIP, ipEqual, ipString } from './x509';

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

export type VerifyErrorKind =
  | 'unhandled-critical-extension'
  | 'name-mismatch'
  | 'expired'
  | 'not-authorized-to-sign'
  | 'too-many-intermediates'
  | 'hostname'
  | 'unknown-authority'
  | 'incompatible-usage'
  | 'no-valid-chains'
  | 'signature-limit';

/** A Go error value from Verify: its text, its type, and the certificate it is about. */
export interface VerifyError {
  error: string;
  kind: VerifyErrorKind;
  cert: GoCertificate;
  /** UnknownAuthorityError's hint: the first candidate issuer that was rejected, and why. */
  hint?: { error: string; cert: GoCertificate };
}

export interface VerifyOptions {
  /** The server name checked against the leaf (VerifyHostname); empty skips the check. */
  dnsName?: string;
  roots: GoCertPool;
  intermediates: GoCertPool;
  now: Date;
  /** Minutes east of UTC of Go's time.Now() (time.Local), for the "current time" in expiry errors. */
  localOffsetMinutes?: number;
  /** GODEBUG behaviour of the engine's Go (rsa1024min). */
  go?: GoParseOptions;
}

export type VerifyResult =
  | { ok: true; chains: PoolCert[][]; unmodelled: string[] }
  | ({ ok: false; unmodelled: string[] } & VerifyError);

const LEAF = 0;
const INTERMEDIATE = 1;
const ROOT = 2;
const MAX_CHAIN_SIGNATURE_CHECKS = 100;

// ---------------------------------------------------------------------------------------------
// Names and addresses

const toLowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function validHostname(host: string, isPattern: boolean): boolean {
  if (!isPattern && host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || host === '*') return false;
  const parts = host.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '') return false;
    if (isPattern && i === 0 && part === '*') continue;
    for (let j = 0; j < part.length; j++) {
      const c = part[j];
      if (/[a-zA-Z0-9_]/.test(c) || (c === '-' && j !== 0)) continue;
      return false;
    }
  }
  return true;
}

function matchExactly(a: string, b: string): boolean {
  if (a === '' || a === '.' || b === '' || b === '.') return false;
  return toLowerAscii(a) === toLowerAscii(b);
}

function matchHostnames(pattern: string, hostParts: string[]): boolean {
  pattern = toLowerAscii(pattern);
  if (pattern.length === 0 || hostParts.length === 0) return false;
  const parts = pattern.split('.');
  if (parts.length !== hostParts.length) return false;
  return parts.every((p, i) => (i === 0 && p === '*') || p === hostParts[i]);
}

const splitHostname = (host: string) => toLowerAscii(host.endsWith('.') ? host.slice(0, -1) : host).split('.');

const dnsNames = (c: GoCertificate) => (c.facts.sans ?? []).flatMap((n) => (n.type === 'dns' ? [n.value] : []));
const ipAddresses = (c: GoCertificate) => (c.facts.sans ?? []).flatMap((n) => (n.type === 'ip' ? [n.value] : []));
const hasSan = (c: GoCertificate) => c.extensions.some((e) => e.oid === '2.5.29.17');

// Go: verify.go HostnameError.Error
function hostnameError(c: GoCertificate, host: string): string {
  const max = 100;
  if (!hasSan(c) && matchHostnames(commonNameOf(c.subject) ?? '', splitHostname(host))) {
    return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  }
  let valid: string;
  if (goParseIP(host)) {
    const ips = ipAddresses(c);
    if (ips.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    if (ips.length >= max) return `x509: certificate is valid for ${ips.length} IP SANs, but none matched ${host}`;
    valid = ips.map(ipString).join(', ');
  } else {
    const names = dnsNames(c);
    if (names.length >= max) return `x509: certificate is valid for ${names.length} names, but none matched ${host}`;
    valid = names.join(', ');
  }
  if (valid.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}

/** The SAN the name matched (as written in the certificate), or Go's error. */
export type HostnameResult = { ok: true; matched: string } | { ok: false; error: string };

// Go: verify.go Certificate.VerifyHostname
export function verifyHostname(c: GoCertificate, h: string): HostnameResult {
  const candidateIp = h.length >= 3 && h[0] === '[' && h[h.length - 1] === ']' ? h.slice(1, -1) : h;
  const ip = goParseIP(candidateIp);
  if (ip) {
    for (const candidate of ipAddresses(c)) if (ipEqual(ip, candidate)) return { ok: true, matched: ipString(candidate) };
    return { ok: false, error: hostnameError(c, candidateIp) };
  }
  const name = toLowerAscii(h);
  const validName = validHostname(name, false);
  const parts = splitHostname(name);
  for (const match of dnsNames(c)) {
    if (validName && validHostname(match, true) ? matchHostnames(match, parts) : matchExactly(match, name)) return { ok: true, matched: match };
  }
  return { ok: false, error: hostnameError(c, h) };
}

// ---------------------------------------------------------------------------------------------
// Chains

/** time.Time.Format(time.RFC3339) at a fixed offset (Go prints "Z" for a zero offset). */
export function formatRfc3339(ms: number, offsetMinutes = 0): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const base = d.toISOString().slice(0, 19);
  if (offsetMinutes === 0) return base + 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// Go: verify.go Certificate.isValid
function isValid(c: GoCertificate, certType: number, currentChain: PoolCert[], opts: VerifyOptions): VerifyError | undefined {
  if (c.facts.unhandledCritical.length > 0) return { error: 'x509: unhandled critical extension', kind: 'unhandled-critical-extension', cert: c };
  if (currentChain.length > 0) {
    const child = currentChain[currentChain.length - 1].cert;
    if (subjectKey(c) !== issuerKeyOf(child)) return { error: 'x509: issuer name does not match subject from issuing certificate', kind: 'name-mismatch', cert: c };
  }
  const now = opts.now.getTime();
  const offset = opts.localOffsetMinutes ?? -opts.now.getTimezoneOffset();
  if (now < c.notBefore) {
    return { error: `x509: certificate has expired or is not yet valid: current time ${formatRfc3339(now, offset)} is before ${formatRfc3339(c.notBefore)}`, kind: 'expired', cert: c };
  }
  if (now > c.notAfter) {
    return { error: `x509: certificate has expired or is not yet valid: current time ${formatRfc3339(now, offset)} is after ${formatRfc3339(c.notAfter)}`, kind: 'expired', cert: c };
  }
  // KeyUsage bits are deliberately ignored by Go here (see the comment in verify.go).
  if (certType === INTERMEDIATE && (!c.facts.basicConstraintsValid || !c.facts.isCA)) {
    return { error: 'x509: certificate is not authorized to sign other certificates', kind: 'not-authorized-to-sign', cert: c };
  }
  if (c.facts.basicConstraintsValid && c.facts.maxPathLen >= 0 && currentChain.length - 1 > c.facts.maxPathLen) {
    return { error: 'x509: too many intermediates for path length constraint', kind: 'too-many-intermediates', cert: c };
  }
  return undefined;
}

function issuerKeyOf(c: GoCertificate): string {
  return Buffer.from(c.der.buffer, c.der.byteOffset + c.rawIssuer.header, c.rawIssuer.end - c.rawIssuer.header).toString('latin1');
}

const spkiKey = (c: GoCertificate) => Buffer.from(c.der.subarray(c.rawSubjectPublicKeyInfo.header, c.rawSubjectPublicKeyInfo.end)).toString('latin1');

// Go: verify.go alreadyInChain (same subject, key and SAN: loops through cross-signatures)
function alreadyInChain(candidate: GoCertificate, chain: PoolCert[]): boolean {
  const candidateSan = sanValue(candidate);
  for (const { cert } of chain) {
    if (subjectKey(candidate) !== subjectKey(cert) || spkiKey(candidate) !== spkiKey(cert)) continue;
    const certSan = sanValue(cert);
    if (candidateSan === undefined && certSan === undefined) return true;
    if (candidateSan === undefined || certSan === undefined) return false;
    if (candidateSan === certSan) return true;
  }
  return false;
}

/** UnknownAuthorityError.Error, with its hint naming the candidate by CN, else O, else serial. */
function unknownAuthority(c: GoCertificate, hint?: { error: string; cert: GoCertificate }): VerifyError {
  let error = 'x509: certificate signed by unknown authority';
  if (hint) {
    let name = commonNameOf(hint.cert.subject) ?? '';
    if (name.length === 0) {
      const org = hint.cert.subject.flat().find((a) => a.oid === '2.5.4.10');
      name = org ? org.value : 'serial:' + hint.cert.serial.toBigInt().toString();
    }
    error += ` (possibly because of ${goQuote(hint.error)} while trying to verify candidate authority certificate ${goQuote(name)})`;
  }
  return { error, kind: 'unknown-authority', cert: c, hint };
}

const SIGNATURE_LIMIT = 'x509: signature check attempts limit reached while verifying certificate chain';

// Go: verify.go Certificate.buildChains. `err` is one variable for the whole loop, as in Go.
function buildChains(c: PoolCert, currentChain: PoolCert[], sigChecks: { n: number }, opts: VerifyOptions, unmodelled: Set<string>): { chains: PoolCert[][]; err?: VerifyError } {
  let hint: { error: string; cert: GoCertificate } | undefined;
  const chains: PoolCert[][] = [];
  let err: VerifyError | undefined;
  const consider = (certType: number, candidate: PoolCert) => {
    sigChecks.n++;
    if (sigChecks.n > MAX_CHAIN_SIGNATURE_CHECKS) {
      err = { error: SIGNATURE_LIMIT, kind: 'signature-limit', cert: c.cert };
      return;
    }
    if (candidate.cert.publicKey.type === 'unknown' || alreadyInChain(candidate.cert, currentChain)) return;
    const sig = checkSignatureFrom(c.cert, candidate.cert, opts.go ?? GO_DEFAULTS);
    if (sig) {
      if (sig.unmodelled) unmodelled.add(sig.error);
      hint ??= { error: sig.error, cert: candidate.cert };
      return;
    }
    err = isValid(candidate.cert, certType, currentChain, opts);
    if (err) {
      hint ??= { error: err.error, cert: candidate.cert };
      return;
    }
    if (certType === ROOT) chains.push([...currentChain, candidate]);
    else {
      const child = buildChains(candidate, [...currentChain, candidate], sigChecks, opts, unmodelled);
      chains.push(...child.chains);
      err = child.err;
    }
  };
  outer: for (const [certType, pool] of [
    [ROOT, opts.roots],
    [INTERMEDIATE, opts.intermediates],
  ] as const) {
    for (const parent of pool.findPotentialParents(c.cert)) {
      consider(certType, parent);
      if (err?.kind === 'signature-limit') break outer;
    }
  }
  if (chains.length > 0) err = undefined;
  if (chains.length === 0 && !err) err = unknownAuthority(c.cert, hint);
  return { chains, err };
}

// Go: verify.go checkChainForKeyUsage (EKUs nest: every certificate that lists any must allow one requested)
function chainAllowsUsage(chain: PoolCert[], usages: string[]): boolean {
  const remaining = [...usages];
  for (let i = chain.length - 1; i >= 0; i--) {
    const ekus = chain[i].cert.facts.extKeyUsage ?? [];
    if (ekus.length === 0 || ekus.includes(EKU_ANY)) continue;
    for (let k = 0; k < remaining.length; k++) {
      if (remaining[k] !== '' && !ekus.includes(remaining[k])) remaining[k] = '';
    }
    if (remaining.every((u) => u === '')) return false;
  }
  return true;
}

const POLICY_EXTENSIONS = ['2.5.29.36', '2.5.29.33', '2.5.29.54'];

// Go: verify.go Certificate.Verify (Linux: no platform verifier)
export function goVerify(leaf: PoolCert, opts: VerifyOptions): VerifyResult {
  const unmodelled = new Set<string>();
  const done = (e: VerifyError): VerifyResult => ({ ok: false, unmodelled: [...unmodelled], ...e });
  const leafErr = isValid(leaf.cert, LEAF, [], opts);
  if (leafErr) return done(leafErr);
  if (opts.dnsName) {
    const h = verifyHostname(leaf.cert, opts.dnsName);
    if (!h.ok) return done({ error: h.error, kind: 'hostname', cert: leaf.cert });
  }
  let candidates: PoolCert[][];
  if (opts.roots.contains(leaf.cert)) candidates = [[opts.roots.find(leaf.cert)!]];
  else {
    const r = buildChains(leaf, [leaf], { n: 0 }, opts, unmodelled);
    if (r.err) return done(r.err);
    candidates = r.chains;
  }
  let incompatible = 0;
  const chains = candidates.filter((chain) => {
    // policiesValid can only fail through policy constraints or mappings; without them every chain passes.
    if (chain.length > 1 && chain.some((p) => p.cert.extensions.some((e) => POLICY_EXTENSIONS.includes(e.oid)))) unmodelled.add('certificate policies');
    if (!chainAllowsUsage(chain, [EKU_SERVER_AUTH])) {
      incompatible++;
      return false;
    }
    if (chain.some((p) => p.cert.extensions.some((e) => e.oid === '2.5.29.30'))) unmodelled.add('name constraints');
    return true;
  });
  if (chains.length === 0) {
    if (incompatible > 0) return done({ error: 'x509: certificate specifies an incompatible key usage', kind: 'incompatible-usage', cert: leaf.cert });
    return done({ error: 'x509: no valid chains built', kind: 'no-valid-chains', cert: leaf.cert });
  }
  return { ok: true, chains, unmodelled: [...unmodelled] };
}
