/**
 * The hovers of a hosts.toml (lsp/tomlHover.ts), called directly on a workspace model: a `[host]`
 * table, the `server` key, a capability, the files it names. Written against the mutants of
 * tomlHover.ts that the protocol suites let live (docs/mutation.md "check and lsp-b"): each line a
 * user reads is asserted whole.
 */
import * as assert from 'node:assert/strict';
import { MarkupContent, Position } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { hostsTomlHover } from '../../server/src/lsp/tomlHover';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { encryptedPkcs8Pem, pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const NOW = new Date();

describe('hosts.toml hovers', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  /** A containerd (or other engine's) certs.d with one host folder reg.example.com. */
  function workspace(files: TreeSpec, engine: 'containerd' | 'docker' = 'containerd', settings: Partial<typeof DEFAULT_SETTINGS> = {}) {
    const t = tree({ etc: { [engine]: { 'certs.d': { 'reg.example.com': files } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, ...settings });
    ws.setFolders([t.base]);
    ws.checkAll();
    const file = t.path('etc', engine, 'certs.d', 'reg.example.com', 'hosts.toml');
    /** The hover text at a position, without the problems appended under `---`. */
    const at = (line: number, character: number): string | undefined => {
      const h = hostsTomlHover(ws, file, Position.create(line, character), NOW);
      return h ? (h.contents as MarkupContent).value.split('\n\n---\n\n')[0] : undefined;
    };
    return { ws, at, t, file };
  }

  const TOML = [
    'server = "https://reg.example.com"', // 0
    '[host."https://m.example.com"]', // 1
    '  capabilities = ["pull", "resolve"]', // 2
    '  ca = "ca.crt"', // 3
    '  client = [["client.cert", "client.key"], "both.pem"]', // 4
    '[host."http://plain.example.com"]', // 5
    '  skip_verify = true', // 6
    '[host."https://bare.example.com"]', // 7
    '',
  ].join('\n');

  function files(): TreeSpec {
    const key = pkcs8Pem(rsaKey(2048, 2));
    return { 'hosts.toml': TOML, 'ca.crt': pki.ca.pem + pki.client.pem, 'client.cert': pki.client.pem, 'client.key': key, 'both.pem': pki.client.pem + key };
  }

  it('describes a [host] table: its place in the order, capabilities, trust and client certificate', () => {
    const { at } = workspace(files());
    assert.deepEqual(at(1, 3)?.split('\n'), [
      '**`[host."https://m.example.com"]`** → `https://m.example.com/v2`',
      '',
      '*Host 1 of 4 in the order containerd tries them*',
      '',
      '- Asked for: pull, resolve',
      "- Trusts: ca.crt, and the system's CA roots",
      '- Client certificate: client.cert with key client.key; both.pem (key in the same file)',
    ]);
    const plain = at(5, 0)?.split('\n');
    // With TLS settings containerd tries https first: the URL shown is the one tried first.
    assert.equal(plain?.[0], '**`[host."http://plain.example.com"]`** → `https://plain.example.com/v2`');
    assert.equal(plain?.[2], '*Host 2 of 4 in the order containerd tries them*');
    assert.equal(plain?.[5], '- Trusts: anything: TLS is not verified (`skip_verify = true`)');
    assert.equal(plain?.[6], '- Client certificate: none');
    assert.equal(
      plain?.[7],
      '- Written as http:// with TLS settings: containerd tries https first, then plain http (it logs "host will try HTTPS first since it is configured for HTTP with a TLS configuration")',
    );
    const bare = at(7, 0)?.split('\n');
    assert.equal(bare?.[4], '- Asked for: all');
    assert.equal(bare?.[5], "- Trusts: the system's CA roots (no TLS settings of its own)");
    assert.equal(bare?.length, 7, 'no http line for an https host');
  });

  it('describes the server key as the last host, and nothing on a plain key or a blank line', () => {
    const { at } = workspace(files());
    const server = at(0, 2)?.split('\n');
    assert.equal(server?.[0], '**`server`: the registry itself** → `https://reg.example.com/v2`');
    assert.equal(server?.[2], '*Host 4 of 4 in the order containerd tries them (the `server` always comes last)*');
    assert.equal(at(6, 4), undefined);
    assert.equal(at(8, 0), undefined);
  });

  it('says what a capability asks a host for, and that an unknown one breaks the file', () => {
    const { at } = workspace(files());
    assert.equal(
      at(2, 20),
      '**pull**: fetch manifests and blobs by digest: the content of an image.\n\nA host is only asked for what its `capabilities` list; without the key it gets all of them.',
    );
    assert.match(at(2, 28) ?? '', /^\*\*resolve\*\*: turn a name and tag/);
    const { at: bad } = workspace({ 'hosts.toml': 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  capabilities = ["pull", "fetch"]\n' });
    assert.equal(
      bad(2, 28),
      '**fetch**\n\nNot a capability containerd knows: it cannot decode the file (`unknown capability fetch`), logs "failed to decode" and uses the loose \\*.crt, \\*.cert and \\*.key files instead.',
    );
  });

  it('names referrers unknown to containerd 1.7, with its release', () => {
    const { at } = workspace({ 'hosts.toml': 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  capabilities = ["pull", "referrers"]\n' }, 'containerd', { containerdRelease: '1.7' });
    assert.match(at(2, 28) ?? '', /^\*\*referrers\*\*\n\nNot a capability containerd knows \(containerd 1\.7[^)]* knows pull, resolve and push only\): /);
    const { at: newer } = workspace({ 'hosts.toml': 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  capabilities = ["pull", "referrers"]\n' });
    assert.match(newer(2, 28) ?? '', /^\*\*referrers\*\*: list the referrers of a manifest/);
  });

  it('tells the role of each named file, a bundle of CA roots, and a key with its certificate', () => {
    const { at } = workspace(files());
    const target = '`https://m.example.com/v2` (pull, resolve)';
    const ca = at(3, 10)?.split('\n') ?? [];
    assert.equal(ca[2], `*CA root for ${target} under containerd*`);
    assert.match(ca[ca.length - 1], /^Also trusted from this file: .+$/);
    const cert = at(4, 16)?.split('\n') ?? [];
    assert.equal(cert[2], `*Client certificate for ${target} under containerd*`);
    const both = at(4, 47)?.split('\n') ?? [];
    assert.equal(both[2], `*Client certificate and its key (one file) for ${target} under containerd*`);
    const key = at(4, 31)?.split('\n') ?? [];
    assert.deepEqual(key.slice(0, 7), ['**Private key** client.key', '', `*Client key for ${target} under containerd*`, '', '- **Type**: RSA 2048 bits', '- **Format**: PKCS#8', '- **Encrypted**: no']);
    assert.match(key[7], /^- \*\*Certificate\*\*: Belongs to client\.cert \(.+\)$/);
  });

  it('says a named file that is missing or holds no certificate is not usable, and that the folder is refused', () => {
    const toml = 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  ca = ["gone.crt", "empty.crt"]\n  client = [["client.cert", "nokey.key"]]\n';
    const { at } = workspace({ 'hosts.toml': toml, 'empty.crt': 'no certificate here\n', 'client.cert': pki.client.pem, 'nokey.key': 'no key here\n' });
    const gone = at(2, 10)?.split('\n') ?? [];
    assert.match(gone[0], /^\*\*containerd refuses the whole folder because of this file:\*\* `unable to read CA cert ".*gone\.crt": open .*gone\.crt: no such file or directory`$/);
    assert.equal(gone[1], '');
    assert.equal(gone[2], '**gone.crt**');
    // Its own refusal above, and the other file that fails too.
    assert.match(gone[4], /^\*CA root for `https:\/\/m\.example\.com\/v2` \(all\) under containerd \(but containerd refuses the whole folder because of empty\.crt: `unable to load CA cert ".*empty\.crt"`\)\*$/);
    // The other files name the one to blame.
    const empty0 = at(2, 22)?.split('\n') ?? [];
    assert.match(empty0[0], /^\*\*containerd refuses the whole folder because of this file:\*\* `unable to load CA cert ".*empty\.crt"`$/);
    assert.match(empty0[4], /^\*CA root for `https:\/\/m\.example\.com\/v2` \(all\) under containerd \(but containerd refuses the whole folder because of gone\.crt: `unable to read CA cert .+`\)\*$/);
    assert.match(gone[gone.length - 1], /^Not usable: `open .*gone\.crt: no such file or directory`\.$/);
    const empty = at(2, 22)?.split('\n') ?? [];
    assert.equal(empty[empty.length - 1], 'Not usable: no PEM certificate Go can read in this file.');
    const key = at(3, 30)?.split('\n') ?? [];
    assert.equal(key[0], '**containerd refuses the whole folder because of this file:** `failed to load X509 key pair: tls: failed to find any PEM data in key input`');
    assert.equal(key[2], '**Private key** nokey.key');
    assert.equal(key[key.length - 1], 'No PEM private key block in this file.');
  });

  it('says who never reads a hosts.toml', () => {
    const { at } = workspace(files(), 'docker', { dockerStore: 'graphdriver' });
    assert.equal(
      at(3, 10)?.split('\n')[2],
      "*Not read: Docker with graph drivers never reads hosts.toml, only the \\*.crt, \\*.cert and \\*.key files (hosts.toml is containerd's, also read by Docker's pulls with the containerd image store)*",
    );
  });

  it('says a key does not belong to its certificate, or that Go cannot use it', () => {
    const toml = 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  client = [["client.cert", "other.key"], ["client.cert", "locked.key"]]\n';
    const { at } = workspace({ 'hosts.toml': toml, 'client.cert': pki.client.pem, 'other.key': pkcs8Pem(rsaKey(2048, 3)), 'locked.key': encryptedPkcs8Pem(rsaKey(2048, 2)) });
    const other = at(2, 31)?.split('\n') ?? [];
    assert.ok(other.includes('**Private key** other.key'), other.join('\n'));
    assert.match(other[other.length - 1], /^- \*\*Certificate\*\*: Does not belong to client\.cert: `.+`$/);
    const locked = at(2, 61)?.split('\n') ?? [];
    assert.ok(locked.includes('**Private key** locked.key'), locked.join('\n'));
    assert.ok(locked.includes('- **Encrypted**: yes (the engines cannot use it)'), locked.join('\n'));
    assert.match(locked[locked.length - 1], /^- \*\*Usable\*\*: Go cannot use it: `.+`$/);
  });

  it('counts positions after a BOM as the editor does, and says a hosts.toml outside a host folder is not read', () => {
    const { at } = workspace({ 'hosts.toml': '\uFEFFserver = "https://reg.example.com"\nca = "ca.crt"\n', 'ca.crt': pki.ca.pem });
    // The string is found at the editor's position; containerd's decoder refuses the BOM itself.
    assert.match(at(1, 6) ?? '', /^\*\*Certificate\*\* CN=Registry CA\n\n\*Not used: containerd cannot decode this hosts\.toml \(`toml: .+`\), so it uses the loose/);
    assert.match(at(0, 0) ?? '', /^\*\*`server`: the registry itself\*\*\n\n\*Not used: containerd cannot decode this hosts\.toml/);
    const t = tree({ etc: { containerd: { 'certs.d': { 'hosts.toml': 'ca = "x.crt"\n', 'reg.example.com': { 'ca.crt': pki.ca.pem } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS });
    ws.setFolders([t.base]);
    ws.checkAll();
    const h = hostsTomlHover(ws, t.path('etc', 'containerd', 'certs.d', 'hosts.toml'), Position.create(0, 7), NOW);
    assert.equal((h?.contents as MarkupContent).value.split('\n\n---\n\n')[0].split('\n')[2], '*Not read: this hosts.toml is not in a host folder of a certs.d folder*');
  });
});
