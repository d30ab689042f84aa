/**
 * Completion in hosts.toml (lsp/completion.ts) called directly on a workspace model: every item
 * whole (label, kind, snippet, its documentation, the follow-up command), where each is offered and
 * where not. Written against the mutants the protocol suite lets live (docs/mutation.md
 * "check and lsp-b"): it checks labels, these check what the editor inserts and shows.
 */
import * as assert from 'node:assert/strict';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupContent } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { hostsTomlCompletions } from '../../server/src/lsp/completion';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { ecKey, pemBlock, pkcs8Pem, rsaKey, sec1Pem } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('hosts.toml completion items', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  let ws: CertsdWorkspace;
  let file: string;
  before(async () => {
    pki = await commonPki();
    const t = tree({
      etc: {
        containerd: {
          'certs.d': {
            'reg.example.com': {
              'hosts.toml': '',
              'ca.crt': pki.ca.pem,
              'bad.crt': pemBlock('CERTIFICATE', Buffer.from('not a certificate')),
              'client.cert': pki.client.pem,
              'client.key': pkcs8Pem(rsaKey(2048, 2)),
              'notes.txt': 'x\n',
              'dir.crt': {},
            },
          },
        },
      },
    });
    ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS });
    ws.setFolders([t.base]);
    ws.checkAll();
    file = t.path('etc', 'containerd', 'certs.d', 'reg.example.com', 'hosts.toml');
  });

  /** Completion where `|` stands in `marked`, the marker removed. */
  function at(marked: string, filePath = file, workspace = ws): CompletionItem[] {
    const i = marked.indexOf('|');
    const before = marked.slice(0, i).split('\n');
    return hostsTomlCompletions(workspace, filePath, marked.slice(0, i) + marked.slice(i + 1), { line: before.length - 1, character: before[before.length - 1].length });
  }
  const doc = (i: CompletionItem | undefined) => (i?.documentation as MarkupContent | undefined)?.value ?? '';

  it('inserts each top-level key as a snippet with its documentation, and opens the file list after ca and client', () => {
    const items = at('  |\n');
    const keys = items.filter((i) => i.kind === CompletionItemKind.Property);
    assert.deepEqual(
      keys.map((i) => [i.label, (i.textEdit as { newText: string }).newText, i.insertTextFormat, i.command?.command]),
      [
        ['server', 'server = "https://$1"', InsertTextFormat.Snippet, undefined],
        ['capabilities', 'capabilities = [${1:"pull", "resolve"}]', InsertTextFormat.Snippet, undefined],
        ['ca', 'ca = "$1"', InsertTextFormat.Snippet, 'editor.action.triggerSuggest'],
        ['client', 'client = [["$1", "$2"]]', InsertTextFormat.Snippet, 'editor.action.triggerSuggest'],
        ['skip_verify', 'skip_verify = ${1|false,true|}', InsertTextFormat.Snippet, undefined],
        ['header', 'header = { ${1:x-custom-header} = "$2" }', InsertTextFormat.Snippet, undefined],
        ['override_path', 'override_path = ${1|true,false|}', InsertTextFormat.Snippet, undefined],
        ['dial_timeout', 'dial_timeout = "${1:5s}"', InsertTextFormat.Snippet, undefined],
      ],
    );
    for (const k of keys) assert.equal((k.documentation as MarkupContent).kind, 'markdown');
    assert.match(doc(keys[0]), /^The registry itself, tried after every `\[host\]` table\./);
    assert.match(doc(keys[1]), /^What this host is asked for: `pull`, `resolve`, `push`/);
    assert.match(doc(keys[2]), /^CA file to trust for this host/);
    assert.match(doc(keys[3]), /^Client certificate and key: /);
    assert.match(doc(keys[4]), /^`true`: the host's TLS certificate is not verified at all\.$/);
    assert.match(doc(keys[5]), /^HTTP headers sent with every request to this host\.$/);
    assert.match(doc(keys[6]), /^`true`: the URL's path is used as written/);
    assert.match(doc(keys[7]), /^How long to wait for a connection, as a Go duration/);
    assert.equal(keys[2].command?.title, 'files');
    // The [host] table, last, since the cursor starts a line.
    const table = items[items.length - 1];
    assert.equal(table.label, '[host."https://…"]');
    assert.equal(table.kind, CompletionItemKind.Module);
    assert.equal(table.detail, 'A host to try before the server');
    assert.match(doc(table), /^containerd tries the `\[host\."\.\.\."\]` tables in file order, then `server`\./);
    assert.equal((table.textEdit as { newText: string }).newText, '[host."https://$1"]\n  capabilities = ["pull", "resolve"]\n$0');
    assert.equal(items.length, keys.length + 1);
  });

  it('offers no key in a table that is not a host, no [host] table after other text on the line, the key being typed again', () => {
    assert.deepEqual(at('[host."https://m.example.com".header]\n  |\n').map((i) => i.label), ['[host."https://…"]']);
    assert.deepEqual(at('[other]\n  |\n').map((i) => i.label), ['[host."https://…"]']);
    const inline = at('header = { |').map((i) => i.label);
    assert.ok(!inline.includes('[host."https://…"]'), String(inline));
    // `ca` is present, and being typed: still offered (the user is on it), `client` present and not typed: left out.
    const labels = at('ca = "ca.crt"\nclient = "client.cert"\nCA|').map((i) => i.label);
    assert.ok(labels.includes('ca') && !labels.includes('client'), String(labels));
  });

  it('completes a table header as host."…"', () => {
    const items = at('[|');
    assert.equal(items.length, 1);
    assert.equal(items[0].label, 'host."https://…"');
    assert.equal((items[0].textEdit as { newText: string }).newText, 'host."https://$1"');
    assert.equal(items[0].insertTextFormat, InsertTextFormat.Snippet);
  });

  it('offers capabilities unquoted with quotes added, each documented', () => {
    const items = at('capabilities = [|]\n');
    assert.deepEqual(
      items.map((i) => [i.label, i.kind, i.sortText, (i.textEdit as { newText: string }).newText]),
      [
        ['pull', CompletionItemKind.EnumMember, '0', '"pull"'],
        ['resolve', CompletionItemKind.EnumMember, '1', '"resolve"'],
        ['push', CompletionItemKind.EnumMember, '2', '"push"'],
        ['referrers', CompletionItemKind.EnumMember, '3', '"referrers"'],
      ],
    );
    assert.equal(doc(items[0]), 'fetch manifests and blobs by digest: the content of an image');
    assert.equal(doc(items[2]), 'upload blobs and manifests');
    assert.deepEqual(at('capabilities = ["|"]\n').map((i) => (i.textEdit as { newText: string }).newText), ['pull', 'resolve', 'push', 'referrers']);
    assert.deepEqual(at('capabilities = [["|"]]\n'), [], 'not in a nested list');
    assert.deepEqual(at('server = "|"\n'), [], 'not in another key');
  });

  it('lists the files of the folder in a ca or client string, with what each holds, never a folder', () => {
    const ca = at('ca = "|"\n');
    assert.deepEqual(
      ca.map((i) => [i.label, i.kind, i.detail, (i.textEdit as { newText: string }).newText]).sort(),
      [
        ['bad.crt', CompletionItemKind.File, 'a certificate Go cannot parse', 'bad.crt'],
        ['ca.crt', CompletionItemKind.File, 'CN=Registry CA', 'ca.crt'],
      ],
    );
    const client = at('client = [[|]]\n');
    assert.deepEqual(
      client.map((i) => [i.label, i.detail, i.sortText, (i.textEdit as { newText: string }).newText]),
      [
        ['client.cert', 'CN=client', '0client.cert', '"client.cert"'],
        ['client.key', 'private key', '1client.key', '"client.key"'],
      ],
    );
    const second = at('client = [["client.cert", "|"]]\n');
    assert.deepEqual(second.map((i) => [i.label, i.sortText]), [['client.cert', '1client.cert'], ['client.key', '0client.key']]);
    // A single `client = "x"` (one file) is not the second of a pair.
    assert.deepEqual(at('client = ["a", "|"]\n').map((i) => i.sortText), ['0client.cert', '1client.key']);
  });

  it('offers nothing in a file that is not hosts.toml', () => {
    assert.deepEqual(at('|\n', file.replace(/hosts\.toml$/, 'other.toml')), []);
  });

  it('calls any PEM private key a private key, and gives no detail for a file with neither', () => {
    const t = tree({ etc: { containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': '', 'ec.key': sec1Pem(ecKey()), 'csr.cert': pemBlock('CERTIFICATE REQUEST', Buffer.from('x')) } } } } });
    const other = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS });
    other.setFolders([t.base]);
    other.checkAll();
    const items = at('client = [[|]]\n', t.path('etc', 'containerd', 'certs.d', 'reg.example.com', 'hosts.toml'), other);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['csr.cert', undefined], ['ec.key', 'private key']]);
  });
});
