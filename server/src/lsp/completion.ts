/**
 * Completion in hosts.toml: the keys containerd reads (those of the modelled release), a new
 * `[host."..."]` table, capability names in `capabilities = [...]`, and the files of the host folder
 * in `ca` (`.crt`) and `client` (`.cert`, `.key`) strings.
 */
import * as path from 'node:path';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FactsCache } from '../core/facts';
import { MAX_READ_BYTES } from '../core/fsview';
import { HostsTomlDialect, hostsTomlDialect } from '../core/engines/hostsToml';
import { dialectOfReport } from '../core/verdict';
import { capabilityDocs } from './tomlHover';
import { CursorContext, scanToml } from './tomlContext';
import { CertsdWorkspace } from './workspace';
import { t } from '../core/l10n';

interface KeyDoc {
  key: string;
  snippet: string;
  doc: string;
  /** Only where the modelled containerd release reads it. */
  when?: (d: HostsTomlDialect) => boolean;
  /** Open the file list right away. */
  suggestNext?: boolean;
  topOnly?: boolean;
}

// What containerd does with each key (its docs/hosts.md; the URL, capability and TLS behaviour checked with its code in the conformance harness).
// Functions, not constants: the docs are said in the session's language, known only after initialize.
const keyDocs = (): KeyDoc[] => [
  {
    key: 'server',
    snippet: 'server = "https://$1"',
    doc: t('The registry itself, tried after every `[host]` table. `https://` is added when no scheme is given, and `/v2` unless `override_path = true`.'),
    topOnly: true,
  },
  { key: 'capabilities', snippet: 'capabilities = [${1:"pull", "resolve"}]', doc: t('What this host is asked for: `pull`, `resolve`, `push` (and `referrers` from containerd 2.2). Without the key: all of them.') },
  { key: 'ca', snippet: 'ca = "$1"', doc: t("CA file to trust for this host, on top of the system's roots: a path relative to this folder, or a list of them."), suggestNext: true },
  { key: 'client', snippet: 'client = [["$1", "$2"]]', doc: t('Client certificate and key: `[["client.cert", "client.key"]]` pairs, or one file holding both.'), suggestNext: true },
  { key: 'skip_verify', snippet: 'skip_verify = ${1|false,true|}', doc: t("`true`: the host's TLS certificate is not verified at all.") },
  { key: 'header', snippet: 'header = { ${1:x-custom-header} = "$2" }', doc: t('HTTP headers sent with every request to this host.') },
  { key: 'override_path', snippet: 'override_path = ${1|true,false|}', doc: t("`true`: the URL's path is used as written, without `/v2` added (a registry API served under another path).") },
  { key: 'dial_timeout', snippet: 'dial_timeout = "${1:5s}"', doc: t('How long to wait for a connection, as a Go duration (`5s`, `1m30s`). containerd 2.1 and later; older releases ignore it.'), when: (d) => d.dialTimeout },
];

const hostTableItem = (): CompletionItem => ({
  label: '[host."https://…"]',
  kind: CompletionItemKind.Module,
  detail: t('A host to try before the server'),
  documentation: { kind: MarkupKind.Markdown, value: t('containerd tries the `[host."..."]` tables in file order, then `server`. Each has its own `capabilities`, `ca`, `client`, `skip_verify`, `header`.') },
  insertTextFormat: InsertTextFormat.Snippet,
});

function keyItems(ctx: Extract<CursorContext, { kind: 'key' }>, keys: Map<string, Set<string>>, typed: string, atLineStart: boolean, dialect: HostsTomlDialect, range: Range): CompletionItem[] {
  const top = ctx.table.length === 0;
  const hostTable = ctx.table.length === 2 && ctx.table[0].toLowerCase() === 'host';
  const items: CompletionItem[] = [];
  if (top || hostTable) {
    const present = keys.get(ctx.table.join('\u0000')) ?? new Set<string>();
    for (const k of keyDocs()) {
      if ((k.topOnly && !top) || (k.when && !k.when(dialect)) || (present.has(k.key) && k.key !== typed.toLowerCase())) continue;
      items.push({
        label: k.key,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: k.doc },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: k.snippet },
        command: k.suggestNext ? { title: 'files', command: 'editor.action.triggerSuggest' } : undefined,
      });
    }
  }
  // A table header only starts a line (not inside `header = { ... }`).
  if (atLineStart) items.push({ ...hostTableItem(), textEdit: { range, newText: '[host."https://$1"]\n  capabilities = ["pull", "resolve"]\n$0' } });
  return items;
}

function capabilityItems(quoted: boolean, siblings: string[], dialect: HostsTomlDialect, range: Range): CompletionItem[] {
  const taken = new Set(siblings.map((s) => s.toLowerCase()));
  return Object.entries(capabilityDocs())
    .filter(([name]) => (name !== 'referrers' || dialect.referrers) && !taken.has(name))
    .map(([name, doc], i) => ({
      label: name,
      kind: CompletionItemKind.EnumMember,
      documentation: { kind: MarkupKind.Markdown, value: doc },
      sortText: String(i),
      textEdit: { range, newText: quoted ? name : `"${name}"` },
    }));
}

/** What a file holds, in a few words, for the list. */
function fileDetail(cache: FactsCache, file: string): string | undefined {
  const facts = cache.file(file);
  for (const b of facts.blocks) {
    if (b.type === 'CERTIFICATE') {
      const c = facts.certificate(b);
      return c.ok ? c.value.subject || t('(empty subject)') : t('a certificate Go cannot parse');
    }
    if (b.type.endsWith('PRIVATE KEY')) return t('private key');
  }
  return undefined;
}

function pathItems(ws: CertsdWorkspace, hostDir: string, key: string, indices: number[], quoted: boolean, range: Range): CompletionItem[] {
  // client = [["client.cert", "client.key"]]: the second of a pair is the key.
  const secondOfPair = key === 'client' && indices.length === 2 && indices[1] === 1;
  const wanted = key === 'ca' ? ['.crt'] : secondOfPair ? ['.key', '.cert'] : ['.cert', '.key'];
  let names: string[];
  try {
    names = ws.fs.readDir(hostDir).filter((e) => e.type !== 'directory').map((e) => e.name);
  } catch {
    return [];
  }
  const cache = new FactsCache(ws.fs);
  return names
    .filter((n) => wanted.some((ext) => n.endsWith(ext)))
    .map((name) => ({
      label: name,
      kind: CompletionItemKind.File,
      detail: fileDetail(cache, path.join(hostDir, name)),
      sortText: `${wanted.findIndex((ext) => name.endsWith(ext))}${name}`,
      textEdit: { range, newText: quoted ? name : `"${name}"` },
    }));
}

/** Completion items at `position` in the hosts.toml at `filePath` whose current text is `text`. */
export function hostsTomlCompletions(ws: CertsdWorkspace, filePath: string, text: string, position: Position): CompletionItem[] {
  if (path.basename(filePath) !== 'hosts.toml') return [];
  // A hosts.toml over the size the check reads is not checked either (certsd/read-error says so);
  // scanning it per keystroke would take seconds (4.7 MB: 1.2 s).
  if (text.length > MAX_READ_BYTES || Buffer.byteLength(text, 'utf8') > MAX_READ_BYTES) return [];
  const doc = TextDocument.create('file:///hosts.toml', 'toml', 0, text);
  const offset = doc.offsetAt(position);
  const where = ws.hostOf(filePath);
  const dialect = where ? dialectOfReport(where.host.report) : hostsTomlDialect('2.4');
  const { context, keys } = scanToml(text, offset);
  const upTo = (start: number): Range => ({ start: doc.positionAt(start), end: position });
  switch (context.kind) {
    case 'key': {
      const typed = text.slice(context.start, offset);
      const lineStart = doc.offsetAt({ line: position.line, character: 0 });
      const atLineStart = text.slice(lineStart, context.start).trim() === '';
      return keyItems(context, keys, typed, atLineStart, dialect, upTo(context.start));
    }
    case 'header':
      return [{ ...hostTableItem(), label: 'host."https://…"', textEdit: { range: upTo(context.start), newText: 'host."https://$1"' } }];
    case 'string':
    case 'value': {
      const key = context.key[context.key.length - 1]?.toLowerCase();
      const quoted = context.kind === 'string';
      const range = upTo(quoted ? context.start : offset);
      // Array elements only where containerd takes lists (ca, client, capabilities).
      if (key === 'capabilities' && context.indices.length === 1) return capabilityItems(quoted, context.siblings, dialect, range);
      if (key === 'ca' || key === 'client') return pathItems(ws, path.dirname(filePath), key, context.indices, quoted, range);
      return [];
    }
    default:
      return [];
  }
}
