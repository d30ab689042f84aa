/** Hover on a PEM block: certificate details and the role the file plays; for a key, what it is and what it matches. */
import * as path from 'node:path';
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { FactsCache } from '../core/facts';
import { MAX_READ_BYTES } from '../core/fsview';
import { mdCode, mdText } from '../core/markdown';
import { isPrivateKeyType } from '../core/go/pem';
import { ENGINE_NAMES, HostEntry } from '../core/tree';
import { keyMatchesCertificate } from '../core/go/x509';
import { hostFails, tomlHostUrl } from '../core/verdict';
import type { LoadResult } from '../core/engines/result';
import { certificateHover, describe, hoverLayout } from './certHover';
import { hostsTomlHover } from './tomlHover';
import { findingsForHover, problemsHover } from './problemsHover';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

/**
 * As soon as a document opens, index it (the first hover then finds the index built) and load
 * @peculiar/x509 and let it parse the document's first certificate (its first parse builds ASN.1
 * schemas, ~80 ms), so that the first hover does not wait.
 */
export function warmUpHover(ws: CertsdWorkspace, filePath: string): void {
  const { blocks } = ws.documentIndex(filePath);
  for (let i = 0; i < Math.min(blocks.count(), 8); i++) {
    const b = blocks.goBlock(i);
    if (b === 'unknown' || b?.type !== 'CERTIFICATE') continue;
    const cert = blocks.certificate(b);
    if (cert.ok) describe().describeCertificate(cert.value);
    return;
  }
  describe();
}

// The hover texts are Markdown the client shows untrusted; every name or value read from a file
// (folder and file names, PEM types, subjects, SANs, hosts.toml values, parser errors quoting them)
// goes through mdText / mdCode (core/markdown.ts) so that none can make a link, an image or HTML.

/** A file in a folder whose hosts.toml decoded: what the hosts naming it use it for, or that nothing does. */
function tomlRoleOf(load: LoadResult, filePath: string, engine: string, refused: string): string {
  const uses: string[] = [];
  for (const { host } of load.tomlHosts ?? []) {
    const url = mdCode(tomlHostUrl(host));
    if (host.caCerts?.includes(filePath)) uses.push(t('CA root for {0}', url));
    for (const [cert, key] of host.clientPairs ?? []) {
      if (cert === filePath) uses.push(key ? t('Client certificate for {0}', url) : t('Client certificate and key for {0}', url));
      else if (key === filePath) uses.push(t('Client key for {0}', url));
    }
  }
  if (uses.length === 0) return t('Not loaded by {0}: hosts.toml takes over and does not name this file', engine);
  return t('{0} under {1} (named in hosts.toml)', uses.join(t('; ')), engine) + refused;
}

/** How a certificate block sits in its file: is it the first one Go returns (undefined: cannot tell), did the pool take it. */
interface CertPlace {
  first: () => boolean | undefined;
  added: boolean;
}

/** What the file is to the engine: "CA root for reg:5000 under Docker", "ignored by Docker", ... */
function roleOf(ws: CertsdWorkspace, filePath: string, cert: CertPlace | undefined, overCapBytes: number | undefined): string {
  const where = ws.hostOf(filePath);
  if (!where) return ws.rootOf(filePath) ? t('Not read: files directly in certs.d are never used') : t('Not in a certs.d host folder');
  const { host } = where;
  const engine = ENGINE_NAMES[host.report.engine];
  const name = path.basename(filePath);
  const hostName = mdText(host.dir.name);
  if (path.dirname(filePath) !== host.dir.path) return t('Not read: {0} only reads files directly in {1}', engine, hostName);
  // The check did not read it (certsd/read-error says so): what the engine does with it is not known.
  if (overCapBytes !== undefined) return t('Not checked: this file is {0} bytes, over the {1} MiB certsd reads; {2} reads it whole', overCapBytes, MAX_READ_BYTES / 1024 / 1024, engine);
  // filepath.Ext (docker) and a suffix test (podman, containerd) agree on these three extensions.
  const ext = ['.crt', '.cert', '.key'].find((e) => name.endsWith(e));
  const refused = !hostFails(host.report) ? '' : t(' (but {0} currently refuses this folder)', engine);
  if (host.report.load.hostsToml) return tomlRoleOf(host.report.load, filePath, engine, refused);
  if (ext === '.crt') return cert?.added ? t('CA root for {0} under {1}', hostName, engine) + refused : t('Ignored by {0}: not a certificate it can use', engine);
  if (ext === '.cert') {
    const first = cert?.first();
    const what =
      first === undefined
        ? t('Client certificate (or a chain certificate sent with it) for {0} under {1}', hostName, engine)
        : first
          ? t('Client certificate for {0} under {1}', hostName, engine)
          : t('Chain certificate sent with the client certificate for {0} under {1}', hostName, engine);
    return what + refused;
  }
  if (ext === '.key') return t('Client key for {0} under {1}', hostName, engine) + refused;
  return t('Ignored by {0}: only .crt, .cert and .key files are read', engine);
}

/** Which certificate in the folder a key belongs to. */
function keyMatch(ws: CertsdWorkspace, cache: FactsCache, filePath: string, key: Parameters<typeof keyMatchesCertificate>[1]): string {
  const where = ws.hostOf(filePath);
  const entries: HostEntry[] = where?.host.dir.entries ?? [];
  for (const e of entries) {
    if (!/\.(cert|crt|pem|cer)$/i.test(e.name) || e.path === filePath) continue;
    const f = cache.file(e.path);
    for (const b of f.blocks) {
      if (b.type !== 'CERTIFICATE') continue;
      const c = f.certificate(b);
      if (c.ok && keyMatchesCertificate(c.value, key) === undefined) return t('matches the certificate in {0} ({1})', mdText(e.name), mdText(c.value.commonName ?? c.value.subject));
    }
  }
  return t('matches no certificate in this folder');
}

export function hover(ws: CertsdWorkspace, filePath: string, position: Position, now: Date): Hover | null {
  if (path.basename(filePath) === 'hosts.toml') return hostsTomlHover(ws, filePath, position, now);
  const cache = new FactsCache(ws.fs);
  const { readError, blocks } = ws.documentIndex(filePath);
  if (readError) return null;
  const at = blocks.at(position);
  if (!at) return null;
  const overCap = blocks.overCap ? blocks.text.byteLength : undefined;
  let value: string;
  if (at.undecided) {
    value = `**${mdText(at.type)}**\n\n${t('certsd cannot tell whether Go reads this block: an END line before it holds a colon, after which Go may stop reading the file, and the file ({0} bytes) is over the {1} MiB certsd reads whole.', blocks.text.byteLength, MAX_READ_BYTES / 1024 / 1024)}`;
  } else if (!at.block) {
    value = `**${mdText(at.type)}**\n\n${t('Go does not read this block (indented lines, header lines, a byte order mark before it, or broken base64), so no engine sees it.')}`;
  } else if (at.block.type === 'CERTIFICATE') {
    const parsed = blocks.certificate(at.block);
    if (!parsed.ok) value = `**CERTIFICATE**\n\n${parsed.internal ? t('certsd could not parse this certificate: {0}', mdCode(parsed.error)) : t('Not a certificate Go can parse: {0}', mdCode(parsed.error))}`;
    else {
      const index = at.index;
      value = certificateHover(parsed.value, roleOf(ws, filePath, { first: () => blocks.isFirstCertificate(index), added: at.block.headerCount === 0 }, overCap), now);
    }
  } else if (isPrivateKeyType(at.block.type)) {
    const parsed = blocks.privateKey(at.block);
    const d = describe().describeKeyBlock(at.block, parsed);
    // The certificates' layout (certHover.ts hoverLayout): title, role, then the details.
    const rows: [string, string][] = [
      [t('Format'), mdText(d.format)],
      [t('Encrypted'), d.encrypted ? t('yes (the engines cannot use it)') : t('no')],
      parsed.ok
        ? [t('Certificate'), keyMatch(ws, cache, filePath, parsed.value)]
        : [t('Usable'), parsed.internal ? t('certsd could not parse it: {0}', mdCode(parsed.error)) : t('Go cannot use it: {0}', mdCode(parsed.error))],
    ];
    value = hoverLayout(t('**Private key** {0}', mdText(d.type)), roleOf(ws, filePath, undefined, overCap), rows);
  } else {
    value = `**${mdText(at.block.type)}**\n\n${at.block.type === 'CERTIFICATE REQUEST' ? t('A certificate signing request: send it to the registry administrator; put the certificate you get back here as a .cert file.') : t('Not a block the engines use.')}`;
  }
  value += problemsHover(findingsForHover(ws, filePath, at.range, at.index === 0)).join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: at.range };
}
