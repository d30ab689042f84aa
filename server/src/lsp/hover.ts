/** Hover on a PEM block: certificate details and the role the file plays; for a key, what it is and what it matches. */
import * as path from 'node:path';
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { FactsCache, FileFacts } from '../core/facts';
import { mdCode, mdText } from '../core/markdown';
import { isPrivateKeyType, PemBlock } from '../core/go/pem';
import { ENGINE_NAMES, HostEntry } from '../core/tree';
import { keyMatchesCertificate } from '../core/go/x509';
import { hostFails, tomlHostUrl } from '../core/verdict';
import type { LoadResult } from '../core/engines/result';
import { blockAt } from './blocks';
import { certificateHover, describe } from './certHover';
import { hostsTomlHover } from './tomlHover';
import { CertsdWorkspace } from './workspace';

/**
 * As soon as a document opens, load @peculiar/x509 and let it parse that document's certificate
 * once (its first parse builds ASN.1 schemas, ~80 ms), so that the first hover does not wait.
 */
export function warmUpHover(ws: CertsdWorkspace, filePath: string): void {
  const file = new FactsCache(ws.fs).file(filePath);
  const block = file.blocks.find((b) => b.type === 'CERTIFICATE');
  const cert = block && file.certificate(block);
  if (cert?.ok) describe().describeCertificate(cert.value);
  else describe();
}

// The hover texts are Markdown the client shows untrusted; every name or value read from a file
// (folder and file names, PEM types, subjects, SANs, hosts.toml values, parser errors quoting them)
// goes through mdText / mdCode (core/markdown.ts) so that none can make a link, an image or HTML.

/** A file in a folder whose hosts.toml decoded: what the hosts naming it use it for, or that nothing does. */
function tomlRoleOf(load: LoadResult, filePath: string, engine: string, refused: string): string {
  const uses: string[] = [];
  for (const { host } of load.tomlHosts ?? []) {
    const url = mdCode(tomlHostUrl(host));
    if (host.caCerts?.includes(filePath)) uses.push(`CA root for ${url}`);
    for (const [cert, key] of host.clientPairs ?? []) {
      if (cert === filePath) uses.push(`${key ? 'Client certificate' : 'Client certificate and key'} for ${url}`);
      else if (key === filePath) uses.push(`Client key for ${url}`);
    }
  }
  if (uses.length === 0) return `Not loaded by ${engine}: hosts.toml takes over and does not name this file`;
  return `${uses.join('; ')} under ${engine} (named in hosts.toml)${refused}`;
}

/** What the file is to the engine: "CA root for reg:5000 under Docker", "ignored by Docker", ... */
function roleOf(ws: CertsdWorkspace, filePath: string, blockIndex: number, added: boolean): string {
  const where = ws.hostOf(filePath);
  if (!where) return ws.rootOf(filePath) ? 'Not read: files directly in certs.d are never used' : 'Not in a certs.d host folder';
  const { host } = where;
  const engine = ENGINE_NAMES[host.report.engine];
  const name = path.basename(filePath);
  const hostName = mdText(host.dir.name);
  if (path.dirname(filePath) !== host.dir.path) return `Not read: ${engine} only reads files directly in ${hostName}`;
  // filepath.Ext (docker) and a suffix test (podman, containerd) agree on these three extensions.
  const ext = ['.crt', '.cert', '.key'].find((e) => name.endsWith(e));
  const refused = !hostFails(host.report) ? '' : ` (but ${engine} currently refuses this folder)`;
  if (host.report.load.hostsToml) return tomlRoleOf(host.report.load, filePath, engine, refused);
  if (ext === '.crt') return added ? `CA root for ${hostName} under ${engine}${refused}` : `Ignored by ${engine}: not a certificate it can use`;
  if (ext === '.cert') return `${blockIndex === 0 ? 'Client certificate' : 'Chain certificate sent with the client certificate'} for ${hostName} under ${engine}${refused}`;
  if (ext === '.key') return `Client key for ${hostName} under ${engine}${refused}`;
  return `Ignored by ${engine}: only .crt, .cert and .key files are read`;
}

/** The place of a certificate block among the file's certificates (0: the client certificate of a .cert). */
function certificateIndex(file: FileFacts, block: PemBlock): number {
  let n = 0;
  for (const b of file.blocks) {
    if (b === block) return n;
    if (b.type === 'CERTIFICATE') n++;
  }
  return -1;
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
      if (c.ok && keyMatchesCertificate(c.value, key) === undefined) return `matches the certificate in ${mdText(e.name)} (${mdText(c.value.commonName ?? c.value.subject)})`;
    }
  }
  return 'matches no certificate in this folder';
}

export function hover(ws: CertsdWorkspace, filePath: string, position: Position, now: Date): Hover | null {
  if (path.basename(filePath) === 'hosts.toml') return hostsTomlHover(ws, filePath, position, now);
  const cache = new FactsCache(ws.fs);
  const { facts: file, blocks } = ws.documentIndex(filePath);
  if (file.readError) return null;
  const at = blockAt(blocks, position);
  if (!at) return null;
  let value: string;
  if (!at.block) {
    value = `**${mdText(at.type)}**\n\nGo does not read this block (indented lines, header lines, a byte order mark before it, or broken base64), so no engine sees it.`;
  } else if (at.block.type === 'CERTIFICATE') {
    const parsed = file.certificate(at.block);
    if (!parsed.ok) value = `**CERTIFICATE**\n\nNot a certificate Go can parse: ${mdCode(parsed.error)}`;
    else {
      const index = certificateIndex(file, at.block);
      value = certificateHover(parsed.value, roleOf(ws, filePath, index, at.block.headerCount === 0), now);
    }
  } else if (isPrivateKeyType(at.block.type)) {
    const parsed = file.privateKey(at.block);
    const d = describe().describeKeyBlock(at.block, parsed);
    const lines = [`**Private key** ${mdText(d.type)}`, '', `*${roleOf(ws, filePath, 0, false)}*`, '', `- Format: ${mdText(d.format)}`, `- Encrypted: ${d.encrypted ? 'yes (the engines cannot use it)' : 'no'}`];
    if (parsed.ok) lines.push(`- ${keyMatch(ws, cache, filePath, parsed.value)}`);
    else lines.push(`- Go cannot use it: ${mdCode(parsed.error)}`);
    value = lines.join('\n');
  } else {
    value = `**${mdText(at.block.type)}**\n\n${at.block.type === 'CERTIFICATE REQUEST' ? 'A certificate signing request: send it to the registry administrator; put the certificate you get back here as a .cert file.' : 'Not a block the engines use.'}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: at.range };
}
