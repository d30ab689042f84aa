/** Small pieces several rules share: ranges, content classification, rename fixes. */
import * as path from 'node:path';
import { FactsCache, FileFacts, Range } from '../facts';
import { Fix } from '../findings';
import { brokenBase64Line, isPrivateKeyType, PemBlock } from '../go/pem';
import { HostEntry, isDirLike } from '../tree';
import { LoadResult } from '../engines/result';
import { HostContext } from './rule';
import { CertFacts, EKU_CLIENT_AUTH, EKU_SERVER_AUTH, keyMatchesCertificate } from '../go/x509';
import { t } from '../l10n';

export function blockRange(file: FileFacts, block: PemBlock): Range {
  return file.rangeOf(block.start, block.end);
}

/**
 * `Docker refuses the whole folder: "<error>"`: the engine's verdict, quoted. The engine stops at
 * its first error; a later one (the simulation goes on to find it) is only met once the first is
 * fixed, and says so.
 */
export function engineFails(actor: string, error: string, load?: LoadResult): string {
  // containerd's errors quote paths with %q; keep the engine's text intact and readable.
  const quoted = error.includes('"') ? `'${error}'` : `"${error}"`;
  const first = load?.errors[0];
  if (first && first.message !== error) return t('{0} would also refuse the whole folder once {1} is fixed: {2}', actor, path.basename(first.path), quoted);
  return t('{0} refuses the whole folder: {1}', actor, quoted);
}

export type Role = 'ca' | 'client-cert' | 'key';

export const EXTENSION_FOR: Record<Role, string> = { ca: '.crt', 'client-cert': '.cert', key: '.key' };

/**
 * What a certificate is for, judged from its content: a CA (or a registry's self-signed server
 * certificate, which users trust as a root) belongs in `.crt`, a client certificate in `.cert`.
 */
export function certRole(cert: CertFacts): Role {
  if (cert.isCA) return 'ca';
  const eku = cert.extKeyUsage;
  if (eku && eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_SERVER_AUTH)) return 'client-cert';
  return 'ca';
}

/** The first parsable certificate of a file, PEM or DER. */
export function firstCertificate(file: FileFacts): { cert: CertFacts; block?: PemBlock } | undefined {
  for (const b of file.blocks) {
    if (b.type !== 'CERTIFICATE') continue;
    const c = file.certificate(b);
    if (c.ok) return { cert: c.value, block: b };
  }
  const der = file.derCertificate;
  return der?.ok ? { cert: der.value } : undefined;
}

/** What the file holds, or undefined when it holds nothing usable. */
export function contentRole(file: FileFacts): Role | undefined {
  const first = firstCertificate(file);
  if (first) return certRole(first.cert);
  if (file.blocks.some((b) => isPrivateKeyType(b.type))) return 'key';
  return undefined;
}

/** Is the name taken, by anything, a dangling link included (so a rename onto it is never offered)? */
export function exists(cache: FactsCache, p: string): boolean {
  try {
    return cache.fs.readDir(path.dirname(p)).some((e) => e.name === path.basename(p));
  } catch {
    return false;
  }
}

/** Same base name, another extension; `ca.crt.pem` -> `ca.crt`, `CA.CRT` -> `CA.crt`. */
export function renamedTo(name: string, ext: string): string {
  const lower = name.toLowerCase();
  for (const known of ['.crt.pem', '.cert.pem', '.key.pem']) if (lower.endsWith(known)) return name.slice(0, -known.length) + ext;
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name) + ext;
}

/** A rename fix, or nothing when the target already exists (we never overwrite). */
export function renameFix(cache: FactsCache, from: string, toName: string, preferred = true): Fix[] {
  const to = path.join(path.dirname(from), toName);
  if (to === from || exists(cache, to)) return [];
  return [{ kind: 'rename', title: t('Rename to {0}', toName), from, to, preferred }];
}

export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / 86_400_000);
}


/** K9: the key belongs to a certificate after the first in the .cert (a chain in the wrong order). */
export function keyMatchesLaterCertificate(certFile: FileFacts, keyFile: FileFacts): boolean {
  const k = keyFile.blocks.find((b) => isPrivateKeyType(b.type));
  const key = k ? keyFile.privateKey(k) : undefined;
  if (!key?.ok) return false;
  return certFile.blocks.slice(1).some((b) => {
    if (b.type !== 'CERTIFICATE') return false;
    const c = certFile.certificate(b);
    return c.ok && keyMatchesCertificate(c.value, key.value) === undefined;
  });
}

export type CertUse = 'anchor' | 'client' | 'chain';

export interface CertInUse {
  file: FileFacts;
  entry: HostEntry;
  block: PemBlock;
  cert: CertFacts;
  /** anchor: in a .crt; client: first certificate of a .cert; chain: the rest of a .cert. */
  use: CertUse;
}

const inUse = new WeakMap<HostContext['cache'], CertInUse[]>();

/**
 * Certificates the engine takes from this folder: every CERTIFICATE block of .crt and .cert files.
 * Worked out once per folder check, however many rules ask; keyed by the check's file cache, so
 * the parsed certificates go when the check of the folder is over.
 */
export function certificatesInUse(ctx: Pick<HostContext, 'host' | 'load' | 'cache'>): CertInUse[] {
  let found = inUse.get(ctx.cache);
  if (!found) {
    found = collectCertificatesInUse(ctx);
    inUse.set(ctx.cache, found);
  }
  return found;
}

/**
 * The files the loader reads certificates from, and as what: the loose .crt and .cert files, or,
 * with a decoded hosts.toml, the `ca` and `client` certificate files its hosts name (anywhere).
 */
function certificateFiles(ctx: Pick<HostContext, 'host' | 'load'>): { entry: HostEntry; anchor: boolean }[] {
  if (!ctx.load.hostsToml) {
    return ctx.host.entries
      .filter((e) => !isDirLike(e) && (e.name.endsWith('.crt') || e.name.endsWith('.cert')))
      .map((entry) => ({ entry, anchor: entry.name.endsWith('.crt') }));
  }
  const out: { entry: HostEntry; anchor: boolean }[] = [];
  const seen = new Set<string>();
  const add = (p: string, anchor: boolean) => {
    const key = `${anchor}\u0000${p}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ entry: ctx.host.entries.find((e) => e.path === p) ?? { name: path.basename(p), path: p, type: 'file' }, anchor });
  };
  for (const { host } of ctx.load.tomlHosts ?? []) {
    for (const p of host.caCerts ?? []) add(p, true);
    for (const [cert] of host.clientPairs ?? []) add(cert, false);
  }
  return out;
}

function collectCertificatesInUse(ctx: Pick<HostContext, 'host' | 'load' | 'cache'>): CertInUse[] {
  const out: CertInUse[] = [];
  for (const { entry, anchor } of certificateFiles(ctx)) {
    if (isDirLike(entry)) continue;
    const file = ctx.cache.file(entry.path);
    let first = true;
    for (const block of file.blocks) {
      // AppendCertsFromPEM skips a CERTIFICATE block with headers; X509KeyPair does not.
      if (block.type !== 'CERTIFICATE' || (anchor && block.headerCount !== 0)) continue;
      const parsed = file.certificate(block);
      if (parsed.ok) out.push({ file, entry, block, cert: parsed.value, use: anchor ? 'anchor' : first ? 'client' : 'chain' });
      first = false;
    }
  }
  return out;
}

export function describeCert(c: CertFacts): string {
  return c.commonName ? `"${c.commonName}"` : `"${c.subject.replace(/\n/g, ', ')}"`;
}

/**
 * The registry host a folder is named after: `reg:5000` -> `reg`, `[::1]:5000` -> `::1`, and
 * containerd's `reg_5000_` -> `reg`.
 */
export function hostOf(folder: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(folder);
  if (v6) return v6[1];
  const containerd = /^(.+)_\d+_$/.exec(folder);
  if (containerd) return containerd[1].replace(/^\[(.*)\]$/, '$1');
  return folder.replace(/:\d+$/, '');
}

/**
 * The first armored block Go skips for its base64, and the line where the base64 breaks (0-based),
 * so that a finding points at that line rather than at the top of the file. `types` limits the
 * blocks looked at (CERTIFICATE for a CA file; any for a client pair).
 */
export function brokenBase64(file: FileFacts, types?: (type: string) => boolean): { range: Range; line: number; type: string } | undefined {
  const data = file.data;
  if (!data) return undefined;
  const text = data.toString('latin1');
  for (const region of file.armor) {
    if (types && !types(region.type)) continue;
    // A block Go decoded starts at this region's BEGIN line: nothing is broken there.
    if (file.blocks.some((b) => b.start === region.start)) continue;
    const bad = brokenBase64Line(text, region);
    if (!bad) continue;
    const range = file.rangeOf(bad.start, bad.end);
    return { range, line: range.start.line, type: region.type };
  }
  return undefined;
}

/** Why Go found no certificate in a file. */
export function whyNoCertificate(file: FileFacts): string {
  const name = path.basename(file.path);
  const data = file.data;
  if (name.startsWith('._')) return t('{0} is a macOS metadata file (AppleDouble), not a certificate: delete it', name);
  if (!data || data.length === 0 || data.toString('latin1').trim() === '') return t('{0} is empty', name);
  if (file.derCertificate?.ok) return t('{0} is a DER (binary) certificate, and the engines read PEM only: convert it to PEM', name);
  if (file.hasBom) return t('{0} starts with a UTF-8 byte order mark, which hides the first PEM block from Go: save it without a BOM', name);
  const regions = file.armor;
  if (regions.length === 0) return t('{0} holds no PEM block: it must contain {1}', name, '-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----');
  if (regions.every((r) => isPrivateKeyType(r.type))) return t('{0} holds a private key, not a certificate: a CA file holds certificates only', name);
  const certs = regions.filter((r) => r.type === 'CERTIFICATE');
  if (certs.length === 0) return t('{0} holds {1}, not CERTIFICATE', name, regions.map((r) => r.type).join(', '));
  if (certs.some((r) => r.indented)) return t('the BEGIN/END lines in {0} are indented: Go only accepts them at the start of a line', name);
  if (certs.some((r) => r.headerLines > 0)) return t("the CERTIFICATE block in {0} has header lines, which Go's certificate pool skips: remove them", name);
  if (certs.some((r) => r.endLine < 0)) {
    // An END line whose dashes are missing or short is there for a person, not for Go.
    const text = data.toString('latin1');
    return /^[ \t]*-*[ \t]*END CERTIFICATE[ \t]*-*[ \t]*\r?$/m.test(text)
      ? t('the END line of the CERTIFICATE block in {0} is malformed: it must read exactly {1} (five dashes each side)', name, '-----END CERTIFICATE-----')
      : t('the CERTIFICATE block in {0} has no END line', name);
  }
  // The block decodes but Go's x509.ParseCertificate refuses it: say why, in Go's words.
  for (const b of file.blocks) {
    if (b.type !== 'CERTIFICATE') continue;
    const parsed = file.certificate(b);
    if (!parsed.ok) return t('Go cannot parse the certificate in {0} ({1}), so the engines skip it', name, `"${parsed.error}"`);
  }
  const broken = brokenBase64(file, (type) => type === 'CERTIFICATE');
  if (broken) return t('line {0} of {1} breaks the base64 of its CERTIFICATE block (a character lost, added or changed), so Go skips the block: copy the certificate again', broken.line + 1, name);
  return t('the CERTIFICATE block in {0} is damaged (bad base64, or not a certificate)', name);
}
