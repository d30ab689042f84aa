/**
 * Hovers in hosts.toml: on a `ca` / `client` path, the file it names (certificate details, its
 * role, or containerd's error loading it); on a capability, what it lets a host do; on a
 * `[host."..."]` header or `server`, the URL containerd uses, its place in the order, its TLS.
 */
import * as path from 'node:path';
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { HostReport } from '../core/check';
import { TomlHostLoad } from '../core/engines/result';
import { FactsCache } from '../core/facts';
import { goPathError } from '../core/fsview';
import { hostsTomlEntries, TomlRange } from '../core/engines/hostsToml';
import { mdCode, mdText } from '../core/markdown';
import { isPrivateKeyType } from '../core/go/pem';
import { ENGINE_NAMES } from '../core/tree';
import { capabilitiesText, dialectOfReport, hostsTomlReader, nameInHostDir, tomlHostUrl, triesHttpAfterHttps } from '../core/verdict';
import { CertFacts, keyMatchesCertificate } from '../core/go/x509';
import { certificateHover, describe } from './certHover';
import { hostsTomlCapabilities, hostsTomlReferences } from '../core/engines/hostsToml';
import type { HostsTomlReference as TomlReference } from '../core/engines/hostsTomlSyntax';
import { CertsdWorkspace } from './workspace';

/** What each capability lets containerd ask a host for (containerd's docs/hosts.md). */
export const CAPABILITY_DOCS: Record<string, string> = {
  pull: 'fetch manifests and blobs by digest: the content of an image',
  resolve: 'turn a name and tag (`:latest`) into a digest; a host without it is only asked for content by digest',
  push: 'upload blobs and manifests',
  referrers: 'list the referrers of a manifest (signatures, SBOMs, attestations); containerd 2.2 and later',
};

interface Ctx {
  report?: HostReport;
  /** Who reads this hosts.toml, if anybody. */
  who?: string;
  cache: FactsCache;
  now: Date;
}

const inside = (r: TomlRange, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

// Markdown the client shows untrusted: every value from the file (URLs, host names, paths, capabilities,
// the decoder's errors quoting them) goes through mdText / mdCode (core/markdown.ts).
const markdown = (value: string, range: TomlRange): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });

/** Why nothing in this file is used, if so. */
function notRead(ctx: Ctx): string | undefined {
  const { report, who } = ctx;
  if (!report) return 'Not read: this hosts.toml is not in a host folder of a certs.d folder';
  if (!who) {
    const engine = report.engine === 'docker' ? 'Docker with graph drivers' : ENGINE_NAMES[report.engine];
    return `Not read: ${engine} never reads hosts.toml, only the \\*.crt, \\*.cert and \\*.key files (hosts.toml is containerd's, also read by Docker's pulls with the containerd image store)`;
  }
  if (report.load.hostsTomlError) return `Not used: ${who} cannot decode this hosts.toml (${mdCode(report.load.hostsTomlError)}), so it uses the loose \\*.crt, \\*.cert and \\*.key files of ${mdText(report.name)} instead`;
  return undefined;
}

/** The host a table of the file became: `[host."X"]` by its name, the top-level keys as `server` (always last). */
function hostOf(report: HostReport, name: string | undefined): { load: TomlHostLoad; index: number; count: number } | undefined {
  const hosts = report.load.tomlHosts ?? [];
  const index = name === undefined ? hosts.length - 1 : hosts.findIndex((t) => t.host.name === name);
  return index < 0 || !hosts[index] ? undefined : { load: hosts[index], index, count: hosts.length };
}

/** `(but containerd refuses the whole folder because of x.crt: "...")` when another file fails the lookup. */
function refusedElsewhere(ctx: Ctx, file?: string): string {
  const first = ctx.report?.load.errors.find((e) => e.path !== file);
  return first && ctx.report && !ctx.report.load.ok ? ` (but ${ctx.who} refuses the whole folder because of ${mdText(nameInHostDir(ctx.report.path, first.path))}: ${mdCode(first.message)})` : '';
}

function certificates(ctx: Ctx, file: string): { certs: CertFacts[]; problem?: string } {
  const facts = ctx.cache.file(file);
  if (facts.readError) return { certs: [], problem: goPathError(facts.readError, file) };
  const certs: CertFacts[] = [];
  for (const b of facts.blocks) {
    if (b.type !== 'CERTIFICATE') continue;
    const c = facts.certificate(b);
    if (c.ok) certs.push(c.value);
  }
  return certs.length ? { certs } : { certs, problem: 'no PEM certificate Go can read in this file' };
}

function referenceHover(ctx: Ctx, ref: TomlReference): string {
  const { report, who } = ctx;
  const reason = notRead(ctx);
  let role: string;
  const lines: string[] = [];
  if (reason || !report) role = reason ?? '';
  else {
    const at = hostOf(report, ref.host);
    const target = at ? `${mdCode(tomlHostUrl(at.load.host))} (${mdText(capabilitiesText(at.load.host, dialectOfReport(report)))})` : mdText(report.name);
    const inOneFile = ref.role === 'client-cert' && at?.load.host.clientPairs?.some(([c, k]) => c === ref.absolute && k === '');
    const what = ref.role === 'ca' ? 'CA root' : ref.role === 'client-key' ? 'Client key' : inOneFile ? 'Client certificate and its key (one file)' : 'Client certificate';
    role = `${what} for ${target} under ${who}${refusedElsewhere(ctx, ref.absolute)}`;
    const own = report.load.errors.find((e) => e.path === ref.absolute);
    if (own) lines.push(`**${who} refuses the whole folder because of this file:** ${mdCode(own.message)}`, '');
  }
  if (ref.role === 'client-key') return [...lines, keyHover(ctx, ref, role)].join('\n');
  const { certs, problem } = certificates(ctx, ref.absolute);
  if (problem) return [...lines, `**${mdText(ref.value)}**`, '', `*${role}*`, '', `Not usable: ${problem.startsWith('no PEM') ? problem : mdCode(problem)}.`].join('\n');
  lines.push(certificateHover(certs[0], role, ctx.now));
  if (certs.length > 1) {
    const others = certs.slice(1).map((c) => (c.subject ? mdText(c.subject) : '(empty subject)')).join('; ');
    lines.push('', ref.role === 'ca' ? `Also trusted from this file: ${others}` : `Sent after it as the chain: ${others}`);
  }
  return lines.join('\n');
}

/** A `client` key: what it is and whether it belongs to its certificate; never its material. */
function keyHover(ctx: Ctx, ref: TomlReference, role: string): string {
  const facts = ctx.cache.file(ref.absolute);
  const head = [`**Private key** ${mdText(ref.value)}`, '', `*${role}*`, ''];
  if (facts.readError) return [...head, `Cannot be read: ${mdCode(goPathError(facts.readError, ref.absolute))}`].join('\n');
  const block = facts.blocks.find((b) => isPrivateKeyType(b.type));
  if (!block) return [...head, 'No PEM private key block in this file.'].join('\n');
  const parsed = facts.privateKey(block);
  const d = describe().describeKeyBlock(block, parsed);
  const lines = [...head, `- ${mdText(d.type)}, ${mdText(d.format)}`, `- Encrypted: ${d.encrypted ? 'yes (the engines cannot use it)' : 'no'}`];
  if (!parsed.ok) lines.push(`- Go cannot use it: ${mdCode(parsed.error)}`);
  else {
    const pair = ctx.report && hostOf(ctx.report, ref.host)?.load.host.clientPairs?.find(([, k]) => k === ref.absolute);
    const cert = pair && certificates(ctx, pair[0]).certs[0];
    if (pair && cert) {
      const mismatch = keyMatchesCertificate(cert, parsed.value);
      const name = mdText(nameInHostDir(path.dirname(ref.absolute), pair[0]));
      lines.push(mismatch ? `- Does not belong to ${name}: ${mdCode(mismatch)}` : `- Belongs to ${name} (${mdText(cert.commonName ?? cert.subject)})`);
    }
  }
  return lines.join('\n');
}

function capabilityHover(ctx: Ctx, value: string): string {
  const name = value.toLowerCase();
  const dialect = ctx.report ? dialectOfReport(ctx.report) : undefined;
  const known = name in CAPABILITY_DOCS && (name !== 'referrers' || dialect?.referrers !== false);
  const who = ctx.who ?? 'containerd';
  if (!known) {
    const release = name === 'referrers' ? ` (containerd ${ctx.report?.release.containerd} knows pull, resolve and push only)` : '';
    return `**${mdText(value)}**\n\nNot a capability ${who} knows${release}: it cannot decode the file (${mdCode(`unknown capability ${value}`)}), logs "failed to decode" and uses the loose \\*.crt, \\*.cert and \\*.key files instead.`;
  }
  return `**${name}**: ${CAPABILITY_DOCS[name]}.\n\nA host is only asked for what its \`capabilities\` list; without the key it gets all of them.`;
}

function hostHover(ctx: Ctx, name: string | undefined): string {
  const title = name === undefined ? '`server`: the registry itself' : mdCode(`[host."${name}"]`);
  const reason = notRead(ctx);
  const at = ctx.report && hostOf(ctx.report, name);
  if (reason || !at || !ctx.report) return `**${title}**\n\n*${reason ?? `${ctx.who ?? 'containerd'} did not take this table for a host when it last read the file`}*`;
  const { host } = at.load;
  const hostDir = ctx.report.path;
  const ca = host.caCerts?.length
    ? `${host.caCerts.map((c) => mdText(nameInHostDir(hostDir, c))).join(', ')}, and the system's CA roots`
    : host.explicitTLS ? "the system's CA roots" : "the system's CA roots (no TLS settings of its own)";
  const lines = [
    `**${title}** → ${mdCode(tomlHostUrl(host))}`,
    '',
    `*Host ${at.index + 1} of ${at.count} in the order ${ctx.who} tries them${name === undefined ? ' (the `server` always comes last)' : ''}*${refusedElsewhere(ctx)}`,
    '',
    `- Asked for: ${mdText(capabilitiesText(host, dialectOfReport(ctx.report)))}`,
    `- Trusts: ${host.skipVerify ? 'anything: TLS is not verified (`skip_verify = true`)' : ca}`,
    `- Client certificate: ${host.clientPairs?.length ? host.clientPairs.map(([c, k]) => (k ? `${mdText(nameInHostDir(hostDir, c))} with key ${mdText(nameInHostDir(hostDir, k))}` : `${mdText(nameInHostDir(hostDir, c))} (key in the same file)`)).join('; ') : 'none'}`,
  ];
  if (triesHttpAfterHttps(host)) lines.push(`- Written as http:// with TLS settings: ${ctx.who} tries https first, then plain http (it logs "host will try HTTPS first since it is configured for HTTP with a TLS configuration")`);
  return lines.join('\n');
}

/** The hover at `position` in a hosts.toml, or null. */
export function hostsTomlHover(ws: CertsdWorkspace, filePath: string, position: Position, now: Date): Hover | null {
  const cache = new FactsCache(ws.fs);
  const facts = cache.file(filePath);
  if (facts.readError) return null;
  // The editor drops a UTF-8 BOM: count positions as it does.
  const text = facts.text.replace(/^\uFEFF/, '');
  const where = ws.hostOf(filePath);
  const report = where && path.dirname(filePath) === where.host.dir.path ? where.host.report : undefined;
  const ctx: Ctx = { report, who: report && hostsTomlReader(report), cache, now };

  const ref = hostsTomlReferences(text, path.dirname(filePath)).find((r) => inside(r.range, position));
  if (ref) return markdown(referenceHover(ctx, ref), ref.range);
  const cap = hostsTomlCapabilities(text).find((c) => inside(c.range, position));
  if (cap) return markdown(capabilityHover(ctx, cap.value), cap.range);
  for (const e of hostsTomlEntries(text) ?? []) {
    const isHost = e.table && e.path.length === 2 && e.path[0].toLowerCase() === 'host' && e.keyRange.start.line === position.line;
    const isServer = !e.table && e.path.length === 1 && e.path[0].toLowerCase() === 'server' && inside(e.keyRange, position);
    if (isHost || isServer) return markdown(hostHover(ctx, isHost ? e.path[1] : undefined), e.keyRange);
  }
  return null;
}
