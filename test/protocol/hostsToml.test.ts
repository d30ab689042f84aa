/**
 * hosts.toml in the editor, through the real server in-process: hovers on paths, capabilities
 * and host tables, completion, and the verdict lenses. The URLs, order and TLS material expected
 * here are those containerd's own code gives (conformance harness, containerd 2.4.2: `/v2` added,
 * `[host]` tables in file order then `server`, an http:// host with TLS settings tried as https).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLens,
  CodeLensRequest,
  CompletionItem,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  MarkupContent,
  Position,
} from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { CertsdSettings, Commands } from '../../server/src/protocol';
import { startTestServer, TestClient } from '../helpers/lsp';
import { clientCert, ecKey, pkcs8Pem, selfSignedCa, TestCert } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const HOSTS_TOML = `server = "https://reg.example.com"

[host."https://mirror.example.com:5000"]
  capabilities = ["pull", "resolve"]
  ca = "mirror.crt"
  client = [["client.cert", "client.key"]]

[host."http://cache.example.com"]
  capabilities = ["pull"]
  ca = "mirror.crt"
`;

/** Where `needle` (its `nth` occurrence) starts in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 1, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in the text`);
  const before = text.slice(0, at + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('hosts.toml in the editor (in-process server)', function () {
  const tree = tempTrees();
  let client: TestClient;
  let base: string;
  let mirrorCa: TestCert;
  const reg = (...p: string[]) => path.join(base, 'containerd', 'certs.d', 'reg.example.com', ...p);

  async function start(settings: Partial<CertsdSettings> = {}): Promise<void> {
    client?.dispose();
    ({ client } = await startTestServer(base, { settings }));
  }

  before(async () => {
    mirrorCa = await selfSignedCa({ commonName: 'Mirror Root CA', key: ecKey('P-256', 20) });
    const pair = await clientCert(mirrorCa, { commonName: 'toml-client', key: ecKey('P-256', 21) });
    const other = await selfSignedCa({ commonName: 'Other CA', key: ecKey('P-256', 22) });
    const t = tree({
      containerd: {
        'certs.d': {
          'reg.example.com': {
            'hosts.toml': HOSTS_TOML,
            'mirror.crt': mirrorCa.pem,
            'client.cert': pair.pem,
            'client.key': file(pkcs8Pem(pair.key), 0o600),
            'loose.crt': other.pem,
          },
          'broken.example.com': { 'hosts.toml': '[host."https://m.example.com"]\n  ca = "missing.crt"\n' },
          'undecodable.example.com': { 'hosts.toml': 'capabilities = ["pul"]\n', 'ca.crt': other.pem },
          'empty.example.com': { 'hosts.toml': '', 'ca.crt': other.pem },
          _default: { 'ca.crt': other.pem },
          'twice.example.com_5000_': { 'ca.crt': other.pem },
          'twice.example.com:5000': { 'ca.crt': other.pem },
        },
      },
      containers: { 'certs.d': { 'podman.example.com': { 'hosts.toml': HOSTS_TOML, 'mirror.crt': mirrorCa.pem } } },
    });
    base = t.base;
  });

  beforeEach(() => start());
  afterEach(() => client?.dispose());

  async function hoverText(filePath: string, position: Position): Promise<string> {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(filePath) }, position });
    assert.ok(h, `no hover at ${JSON.stringify(position)} in ${filePath}`);
    return (h.contents as MarkupContent).value;
  }

  /** The lenses but "Test connection" (a trusted workspace has it on every host folder; probe.test.ts tests it). */
  async function lenses(filePath: string): Promise<CodeLens[]> {
    const all = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(filePath) } })) ?? [];
    return all.filter((l) => l.command?.command !== Commands.testConnection);
  }

  /** Opens hosts.toml with `text` (unsaved, as while typing) and asks for completion where `marker` is (the marker removed). */
  async function completionAt(text: string, marker = '|'): Promise<CompletionItem[]> {
    const at = text.indexOf(marker);
    const typed = text.slice(0, at) + text.slice(at + marker.length);
    const before = text.slice(0, at).split('\n');
    const uri = toUri(reg('hosts.toml'));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: typed } });
    const r = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } });
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  describe('hover', () => {
    it("shows the certificate a ca path names, and what it is CA for", async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '"mirror.crt"', 3));
      assert.match(text, /CN=Mirror Root CA/);
      // Wrapped over two lines of 16 bytes.
      const fingerprint = new crypto.X509Certificate(mirrorCa.der).fingerprint256.split(':');
      assert.ok(text.includes(fingerprint.slice(0, 16).join(':')) && text.includes(fingerprint.slice(16).join(':')), text);
      assert.match(text, /CA root for `https:\/\/mirror\.example\.com:5000\/v2` \(pull, resolve\) under containerd/);
    });

    it('on a file hosts.toml names, says which hosts use it; on one it does not name, that it is not loaded', async () => {
      const named = await hoverText(reg('mirror.crt'), { line: 1, character: 2 });
      assert.match(named, /CA root for `https:\/\/mirror\.example\.com:5000\/v2`; CA root for `https:\/\/cache\.example\.com\/v2` under containerd \(named in hosts\.toml\)/);
      const key = await hoverText(reg('client.cert'), { line: 1, character: 2 });
      assert.match(key, /Client certificate for `https:\/\/mirror\.example\.com:5000\/v2`/);
      const loose = await hoverText(reg('loose.crt'), { line: 1, character: 2 });
      assert.match(loose, /Not loaded by containerd: hosts\.toml takes over and does not name this file/);
    });

    it('says which host the second ca of the file is for', async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '"mirror.crt"', 3, 1));
      assert.match(text, /CA root for `https:\/\/cache\.example\.com\/v2` \(pull\) under containerd/);
    });

    it('describes a client key and the certificate it belongs to, never its material', async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '"client.key"', 2));
      assert.match(text, /Client key for `https:\/\/mirror\.example\.com:5000\/v2`/);
      assert.match(text, /ECDSA P-256/);
      assert.match(text, /Belongs to client\.cert \(toml-client\)/);
      const body = fs.readFileSync(reg('client.key'), 'utf8').split('\n')[1];
      assert.ok(!text.includes(body.slice(0, 16)), 'key material in the hover');
    });

    it("quotes containerd's error for a ca file that is not there", async () => {
      const toml = path.join(base, 'containerd', 'certs.d', 'broken.example.com', 'hosts.toml');
      const missing = path.join(path.dirname(toml), 'missing.crt');
      const text = await hoverText(toml, { line: 1, character: 10 });
      assert.ok(text.includes(`containerd refuses the whole folder because of this file:** \`unable to read CA cert "${missing}": open ${missing}: no such file or directory\``), text);
    });

    it('says what a capability lets a host do', async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '"resolve"', 2));
      assert.match(text, /^\*\*resolve\*\*: turn a name and tag/);
    });

    it('shows the URL, the place in the order and the TLS material of a [host] table', async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '[host."https://mirror', 2));
      assert.match(text, /→ `https:\/\/mirror\.example\.com:5000\/v2`/);
      assert.match(text, /Host 1 of 3 in the order containerd tries them/);
      assert.match(text, /Trusts: mirror\.crt, and the system's CA roots/);
      assert.match(text, /Client certificate: client\.cert with key client\.key/);
    });

    it('says that an http:// host with a CA is tried over https first', async () => {
      const text = await hoverText(reg('hosts.toml'), positionOf(HOSTS_TOML, '[host."http://cache', 2));
      assert.match(text, /→ `https:\/\/cache\.example\.com\/v2`/);
      assert.match(text, /Host 2 of 3/);
      assert.match(text, /tries https first, then plain http/);
    });

    it('shows the server as the last host', async () => {
      const text = await hoverText(reg('hosts.toml'), { line: 0, character: 2 });
      assert.match(text, /→ `https:\/\/reg\.example\.com\/v2`/);
      assert.match(text, /Host 3 of 3/);
    });

    it('says that Podman never reads hosts.toml', async () => {
      const toml = path.join(base, 'containers', 'certs.d', 'podman.example.com', 'hosts.toml');
      const text = await hoverText(toml, positionOf(HOSTS_TOML, '"mirror.crt"', 3));
      assert.match(text, /Not read: Podman never reads hosts\.toml/);
    });
  });

  describe('completion', () => {
    const labels = (items: CompletionItem[]) => items.map((i) => i.label);

    it('offers the top-level keys, dial_timeout included on containerd 2, and a [host] table', async () => {
      const items = await completionAt('|\n');
      for (const k of ['server', 'capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout']) assert.ok(labels(items).includes(k), `${k} missing: ${labels(items)}`);
      assert.ok(labels(items).some((l) => String(l).startsWith('[host."https://')), String(labels(items)));
    });

    it('offers nothing in a hosts.toml over the size the check reads, at once (it is not checked either)', async () => {
      const padding = '# ' + 'x'.repeat(78) + '\n';
      const big = padding.repeat(Math.ceil((1024 * 1024) / padding.length)) + '|\n';
      const started = Date.now();
      assert.deepEqual(await completionAt(big), []);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
      assert.ok((await completionAt(big.slice(-200))).length > 0, 'the same end of file, small, gets completions');
    });

    it('leaves dial_timeout out for containerd 1.7, which ignores it', async () => {
      await start({ containerdRelease: '1.7' });
      const items = await completionAt('|\n');
      assert.ok(!labels(items).includes('dial_timeout'), String(labels(items)));
      assert.ok(labels(items).includes('skip_verify'));
    });

    it('leaves out the keys the table already has, and server inside a [host] table', async () => {
      const items = await completionAt('[host."https://m.example.com"]\n  ca = "mirror.crt"\n  |\n');
      assert.ok(!labels(items).includes('ca') && !labels(items).includes('server'), String(labels(items)));
      assert.ok(labels(items).includes('capabilities'));
    });

    it('replaces the half-typed key with key = value', async () => {
      const [item] = (await completionAt('skip|\n')).filter((i) => i.label === 'skip_verify');
      assert.ok(item?.textEdit && 'range' in item.textEdit);
      assert.deepEqual(item.textEdit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
      assert.match(item.textEdit.newText, /^skip_verify = /);
    });

    it('offers the capability names not yet in the list', async () => {
      const items = await completionAt('[host."https://m.example.com"]\n  capabilities = ["pull", "|"]\n');
      assert.deepEqual(labels(items), ['resolve', 'push', 'referrers']);
    });

    it('leaves referrers out for containerd 1.7', async () => {
      await start({ containerdRelease: '1.7' });
      const items = await completionAt('capabilities = [|]\n');
      assert.deepEqual(labels(items), ['pull', 'resolve', 'push']);
      assert.equal((items[0].textEdit as { newText: string }).newText, '"pull"');
    });

    it('offers the .crt files of the folder in a ca string, with their subject', async () => {
      const items = await completionAt('ca = "|"\n');
      assert.deepEqual(labels(items).sort(), ['loose.crt', 'mirror.crt']);
      assert.equal(items.find((i) => i.label === 'mirror.crt')!.detail, 'CN=Mirror Root CA');
    });

    it('offers .cert then .key in a client pair, the key first in its second place', async () => {
      const byRank = (items: CompletionItem[]) => [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText))).map((i) => i.label);
      assert.deepEqual(byRank(await completionAt('client = [["|"]]\n')), ['client.cert', 'client.key']);
      assert.deepEqual(byRank(await completionAt('client = [["client.cert", "|"]]\n')), ['client.key', 'client.cert']);
    });

    it('offers nothing in a comment or a header value', async () => {
      assert.deepEqual(await completionAt('# ca = "|"\n'), []);
      assert.deepEqual(await completionAt('[host."https://m.example.com".header]\n  x-key = "|"\n'), []);
    });
  });

  describe('verdict lens', () => {
    const titles = (ls: CodeLens[]) => ls.map((l) => `${l.range.start.line}: ${l.command!.title}`);
    const lines = [
      '1. https://mirror.example.com:5000/v2 (pull, resolve; CA mirror.crt; client client.cert)',
      '2. https://cache.example.com/v2 (pull; CA mirror.crt; https, then http)',
      '3. server https://reg.example.com/v2 (all)',
    ];

    it('puts each host containerd tries above the table that defines it', async () => {
      assert.deepEqual(titles(await lenses(reg('hosts.toml'))), [
        // The verdict stays within 60 characters; the whole of it is the tooltip.
        '0: containerd: uses hosts.toml (loose files not loaded)',
        `2: ${lines[0]}`,
        `7: ${lines[1]}`,
        `0: ${lines[2]}`,
      ]);
    });

    it('lists the same hosts on a loose file of the folder', async () => {
      const loose = await lenses(reg('loose.crt'));
      assert.deepEqual(titles(loose), ['0: containerd: uses hosts.toml (loose files not loaded)', ...lines.map((l) => `0: ${l}`)]);
      assert.equal(loose[0].command!.tooltip, 'containerd: uses hosts.toml (loose certificate files are not loaded)');
    });

    it('says containerd falls back to the loose files when hosts.toml does not decode', async () => {
      const toml = path.join(base, 'containerd', 'certs.d', 'undecodable.example.com', 'hosts.toml');
      assert.deepEqual(titles(await lenses(toml)), [
        '0: containerd cannot decode hosts.toml (unknown capability pul) and uses the loose files instead',
        '0: containerd: 1 CA root + system roots',
      ]);
    });

    it('says an empty hosts.toml counts as none', async () => {
      const toml = path.join(base, 'containerd', 'certs.d', 'empty.example.com', 'hosts.toml');
      assert.deepEqual(titles(await lenses(toml)), ['0: containerd takes an empty hosts.toml for none: it uses the loose files', '0: containerd: 1 CA root + system roots']);
    });

    it('says Podman does not read hosts.toml', async () => {
      const toml = path.join(base, 'containers', 'certs.d', 'podman.example.com', 'hosts.toml');
      assert.deepEqual(titles(await lenses(toml)), ["0: Podman does not read hosts.toml (only containerd's hosts code does)", '0: Podman: 1 CA root + system roots']);
    });

    it('says which folder containerd uses instead, and what _default is for', async () => {
      const root = path.join(base, 'containerd', 'certs.d');
      const shadowed = titles(await lenses(path.join(root, 'twice.example.com:5000', 'ca.crt')));
      assert.ok(shadowed.some((t) => /containerd uses twice\.example\.com_5000_ instead/.test(t)), shadowed.join('\n'));
      const used = titles(await lenses(path.join(root, 'twice.example.com_5000_', 'ca.crt')));
      assert.ok(used.some((t) => /containerd uses this folder for twice\.example\.com:5000/.test(t)), used.join('\n'));
      const fallback = titles(await lenses(path.join(root, '_default', 'ca.crt')));
      assert.ok(fallback.some((t) => /every registry without a folder of its own/.test(t)), fallback.join('\n'));
    });
  });
});
