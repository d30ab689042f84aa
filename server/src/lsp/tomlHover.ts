/**
 * Hovers in hosts.toml: on a `ca` / `client` path, the file it names (certificate details, its
 * role, or containerd's error loading it); on a capability, what it lets a host do; on a
 * `[host."..."]` header or `server`, the URL containerd uses, its place in the order, its TLS.
 */
import * as path from 'node:path';
import { Hover, MarkupContent, MarkupKind, Position } from 'vscode-languageserver';
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
import { certificateHover, describe, hoverLayout } from './certHover';
import { hostsTomlCapabilities, hostsTomlReferences } from '../core/engines/hostsToml';
import type { HostsTomlReference as TomlReference } from '../core/engines/hostsTomlSyntax';
import { CertsdWorkspace } from './workspace';
import { findingsForHover, problemsHover } from './problemsHover';
import { t } from '../core/l10n';

/** What each capability lets containerd ask a host for (containerd's docs/hosts.md), in the language of the session. */
export const capabilityDocs = (): Record<string, string> => ({
  pull: t('fetch manifests and blobs by digest: the content of an image'),
  resolve: t('turn a name and tag (`:latest`) into a digest; a host without it is only asked for content by digest'),
  push: t('upload blobs and manifests'),
  referrers: t('list the referrers of a manifest (signatures, SBOMs, attestations); containerd 2.2 and later'),
});

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
  if (!report) return t('Not read: this hosts.toml is not in a host folder of a certs.d folder');
  if (!who) {
    const engine = report.engine === 'docker' ? t('Docker with graph drivers') : ENGINE_NAMES[report.engine];
    return t("Not read: {0} never reads hosts.toml, only the \\*.crt, \\*.cert and \\*.key files (hosts.toml is containerd's, also read by Docker's pulls with the containerd image store)", engine);
  }
  if (report.load.hostsTomlError) return t('Not used: {0} cannot decode this hosts.toml ({1}), so it uses the loose \\*.crt, \\*.cert and \\*.key files of {2} instead', who, mdCode(report.load.hostsTomlError), mdText(report.name));
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
  return first && ctx.report && !ctx.report.load.ok ? t(' (but {0} refuses the whole folder because of {1}: {2})', ctx.who ?? '', mdText(nameInHostDir(ctx.report.path, first.path)), mdCode(first.message)) : '';
}

const NO_CERTIFICATE = 'no PEM certificate Go can read in this file';

function certificates(ctx: Ctx, file: string): { certs: CertFacts[]; problem?: string } {
  const facts = ctx.cache.file(file);
  if (facts.readError) return { certs: [], problem: goPathError(facts.readError, file) };
  const certs: CertFacts[] = [];
  for (const b of facts.blocks) {
    if (b.type !== 'CERTIFICATE') continue;
    const c = facts.certificate(b);
    if (c.ok) certs.push(c.value);
  }
  return certs.length ? { certs } : { certs, problem: NO_CERTIFICATE };
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
    const what =
      ref.role === 'ca'
        ? t('CA root for {0} under {1}', target, who ?? '')
        : ref.role === 'client-key'
          ? t('Client key for {0} under {1}', target, who ?? '')
          : inOneFile
            ? t('Client certificate and its key (one file) for {0} under {1}', target, who ?? '')
            : t('Client certificate for {0} under {1}', target, who ?? '');
    role = what + refusedElsewhere(ctx, ref.absolute);
    const own = report.load.errors.find((e) => e.path === ref.absolute);
    if (own) lines.push(t('**{0} refuses the whole folder because of this file:** {1}', who ?? '', mdCode(own.message)), '');
  }
  if (ref.role === 'client-key') return [...lines, keyHover(ctx, ref, role)].join('\n');
  const { certs, problem } = certificates(ctx, ref.absolute);
  if (problem) return [...lines, `**${mdText(ref.value)}**`, '', `*${role}*`, '', t('Not usable: {0}.', problem === NO_CERTIFICATE ? t(NO_CERTIFICATE) : mdCode(problem))].join('\n');
  lines.push(certificateHover(certs[0], role, ctx.now));
  if (certs.length > 1) {
    const others = certs.slice(1).map((c) => (c.subject ? mdText(c.subject) : t('(empty subject)'))).join(t('; '));
    lines.push('', ref.role === 'ca' ? t('Also trusted from this file: {0}', others) : t('Sent after it as the chain: {0}', others));
  }
  return lines.join('\n');
}

/** A `client` key: what it is and whether it belongs to its certificate; never its material. */
function keyHover(ctx: Ctx, ref: TomlReference, role: string): string {
  const facts = ctx.cache.file(ref.absolute);
  const head = [t('**Private key** {0}', mdText(ref.value)), '', `*${role}*`, ''];
  if (facts.readError) return [...head, t('Cannot be read: {0}', mdCode(goPathError(facts.readError, ref.absolute)))].join('\n');
  const block = facts.blocks.find((b) => isPrivateKeyType(b.type));
  if (!block) return [...head, t('No PEM private key block in this file.')].join('\n');
  const parsed = facts.privateKey(block);
  const d = describe().describeKeyBlock(block, parsed);
  // The layout of every key and certificate hover (certHover.ts hoverLayout).
  const rows: [string, string][] = [
    [t('Type'), mdText(d.type)],
    [t('Format'), mdText(d.format)],
    [t('Encrypted'), d.encrypted ? t('yes (the engines cannot use it)') : t('no')],
  ];
  if (!parsed.ok) rows.push([t('Usable'), t('Go cannot use it: {0}', mdCode(parsed.error))]);
  else {
    const pair = ctx.report && hostOf(ctx.report, ref.host)?.load.host.clientPairs?.find(([, k]) => k === ref.absolute);
    const cert = pair && certificates(ctx, pair[0]).certs[0];
    if (pair && cert) {
      const mismatch = keyMatchesCertificate(cert, parsed.value);
      const name = mdText(nameInHostDir(path.dirname(ref.absolute), pair[0]));
      rows.push([t('Certificate'), mismatch ? t('Does not belong to {0}: {1}', name, mdCode(mismatch)) : t('Belongs to {0} ({1})', name, mdText(cert.commonName ?? cert.subject))]);
    }
  }
  return hoverLayout(t('**Private key** {0}', mdText(ref.value)), role, rows);
}

function capabilityHover(ctx: Ctx, value: string): string {
  const name = value.toLowerCase();
  const dialect = ctx.report ? dialectOfReport(ctx.report) : undefined;
  const docs = capabilityDocs();
  const known = name in docs && (name !== 'referrers' || dialect?.referrers !== false);
  const who = ctx.who ?? 'containerd';
  if (!known) {
    const release = name === 'referrers' ? t(' (containerd {0} knows pull, resolve and push only)', ctx.report?.release.containerd ?? '') : '';
    // `unknown capability X` is containerd's own error: quoted, not translated.
    return `**${mdText(value)}**\n\n${t('Not a capability {0} knows{1}: it cannot decode the file ({2}), logs "failed to decode" and uses the loose \\*.crt, \\*.cert and \\*.key files instead.', who, release, mdCode(`unknown capability ${value}`))}`;
  }
  return `**${name}**: ${docs[name]}.\n\n${t('A host is only asked for what its `capabilities` list; without the key it gets all of them.')}`;
}

function hostHover(ctx: Ctx, name: string | undefined): string {
  const title = name === undefined ? t('`server`: the registry itself') : mdCode(`[host."${name}"]`);
  const reason = notRead(ctx);
  const at = ctx.report && hostOf(ctx.report, name);
  if (reason || !at || !ctx.report) return `**${title}**\n\n*${reason ?? t('{0} did not take this table for a host when it last read the file', ctx.who ?? 'containerd')}*`;
  const { host } = at.load;
  const hostDir = ctx.report.path;
  const ca = host.caCerts?.length
    ? t("{0}, and the system's CA roots", host.caCerts.map((c) => mdText(nameInHostDir(hostDir, c))).join(', '))
    : host.explicitTLS
      ? t("the system's CA roots")
      : t("the system's CA roots (no TLS settings of its own)");
  const lines = [
    `**${title}** → ${mdCode(tomlHostUrl(host))}`,
    '',
    `*${name === undefined ? t('Host {0} of {1} in the order {2} tries them (the `server` always comes last)', at.index + 1, at.count, ctx.who ?? '') : t('Host {0} of {1} in the order {2} tries them', at.index + 1, at.count, ctx.who ?? '')}*${refusedElsewhere(ctx)}`,
    '',
    `- ${t('Asked for: {0}', mdText(capabilitiesText(host, dialectOfReport(ctx.report))))}`,
    `- ${t('Trusts: {0}', host.skipVerify ? t('anything: TLS is not verified (`skip_verify = true`)') : ca)}`,
    `- ${t('Client certificate: {0}', host.clientPairs?.length ? host.clientPairs.map(([c, k]) => (k ? t('{0} with key {1}', mdText(nameInHostDir(hostDir, c)), mdText(nameInHostDir(hostDir, k))) : t('{0} (key in the same file)', mdText(nameInHostDir(hostDir, c))))).join(t('; ')) : t('none'))}`,
  ];
  // The quoted log line is containerd's own: never translated.
  if (triesHttpAfterHttps(host)) lines.push(`- ${t('Written as http:// with TLS settings: {0} tries https first, then plain http (it logs "{1}")', ctx.who ?? '', 'host will try HTTPS first since it is configured for HTTP with a TLS configuration')}`);
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

  // The problems at the position (the Problems panel's related information, in full), under what is hovered.
  const problems = problemsHover(findingsForHover(ws, filePath, { start: position, end: position }, false, false)).join('\n');
  const withProblems = (h: Hover | null): Hover | null =>
    !problems ? h : h ? { ...h, contents: { kind: MarkupKind.Markdown, value: (h.contents as MarkupContent).value + problems } } : { contents: { kind: MarkupKind.Markdown, value: problems.replace(/^\n\n---\n\n/, '') } };
  const ref = hostsTomlReferences(text, path.dirname(filePath)).find((r) => inside(r.range, position));
  if (ref) return withProblems(markdown(referenceHover(ctx, ref), ref.range));
  const cap = hostsTomlCapabilities(text).find((c) => inside(c.range, position));
  if (cap) return withProblems(markdown(capabilityHover(ctx, cap.value), cap.range));
  for (const e of hostsTomlEntries(text) ?? []) {
    const isHost = e.table && e.path.length === 2 && e.path[0].toLowerCase() === 'host' && e.keyRange.start.line === position.line;
    const isServer = !e.table && e.path.length === 1 && e.path[0].toLowerCase() === 'server' && inside(e.keyRange, position);
    if (isHost || isServer) return withProblems(markdown(hostHover(ctx, isHost ? e.path[1] : undefined), e.keyRange));
  }
  return withProblems(null);
}
