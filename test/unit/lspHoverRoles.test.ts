/**
 * What a hover says a block is to the engine (lsp/hover.ts roleOf, keyMatch, the non-certificate
 * blocks), called directly on a workspace model. Written against the mutants of hover.ts that the
 * protocol suites let live (docs/mutation.md): each sentence a user reads is asserted whole.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { MarkupContent } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { hover } from '../../server/src/lsp/hover';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { bundle, pemBlock, pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const NOW = new Date();

describe('hover roles', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function workspace(hosts: TreeSpec, now = NOW) {
    const t = tree({ etc: { docker: { 'certs.d': hosts } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => now, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const at = (...s: string[]) => t.path('etc', 'docker', 'certs.d', ...s);
    /** The hover text on `line` of the file. */
    const text = (line: number, ...s: string[]): string => {
      const h = hover(ws, at(...s), { line, character: 0 }, now);
      assert.ok(h, `no hover on line ${line} of ${s.join('/')}`);
      return (h.contents as MarkupContent).value;
    };
    return { ws, at, text };
  }
  const lines = (pem: string) => pem.trimEnd().split('\n').length;

  it('tells the client certificate of a .cert from the chain certificate after it', () => {
    const { text } = workspace({ 'reg.example.com': { 'client.cert': bundle(pki.client, pki.ca), 'client.key': pkcs8Pem(rsaKey(2048, 2)) } });
    const first = text(1, 'reg.example.com', 'client.cert');
    assert.match(first, /\*Client certificate for reg\.example\.com under Docker\*/);
    assert.doesNotMatch(first, /refuses/);
    const second = text(lines(pki.client.pem) + 1, 'reg.example.com', 'client.cert');
    assert.match(second, /\*Chain certificate sent with the client certificate for reg\.example\.com under Docker\*/);
  });

  it('says which certificate a key matches, its format, and that it is not encrypted', () => {
    const { text } = workspace({
      'reg.example.com': { 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)) },
      // A key from another pair (the folder is refused for it, the hover says what it matches).
      'two.example.com': { 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 3)) },
    });
    const key = text(1, 'reg.example.com', 'client.key');
    const expected = ['**Private key** RSA 2048 bits', '', '*Client key for reg.example.com under Docker*', '', '- **Format**: PKCS#8', '- **Encrypted**: no'];
    assert.deepEqual(key.split('\n').slice(0, expected.length), expected, key);
    assert.match(key.split('\n')[expected.length], /^- \*\*Certificate\*\*: matches the certificate in client\.cert \(.+\)$/, key);
    assert.match(text(1, 'two.example.com', 'client.key'), /\n- \*\*Certificate\*\*: matches no certificate in this folder(\n|$)/);
  });

  it('says a refused folder is refused on the files that are not to blame', () => {
    const { text } = workspace({ 'reg.example.com': { 'ca.cert': pki.ca.pem, 'other.crt': pki.ca.pem, 'lone.key': pkcs8Pem(rsaKey(2048, 3)) } });
    assert.match(text(1, 'reg.example.com', 'other.crt'), /\*CA root for reg\.example\.com under Docker \(but Docker currently refuses this folder\)\*/);
    assert.match(text(1, 'reg.example.com', 'lone.key'), /\*Client key for reg\.example\.com under Docker \(but Docker currently refuses this folder\)\*/);
  });

  it('says where a file is not read: directly in certs.d, in a sub-folder, with another extension', () => {
    const { text } = workspace({ 'stray.crt': pki.ca.pem, 'reg.example.com': { 'ca.crt': pki.ca.pem, 'ca.pem': pki.ca.pem, sub: { 'x.crt': pki.ca.pem } } });
    assert.match(text(1, 'stray.crt'), /\*Not read: files directly in certs\.d are never used\*/);
    assert.match(text(1, 'reg.example.com', 'sub', 'x.crt'), /\*Not read: Docker only reads files directly in reg\.example\.com\*/);
    assert.match(text(1, 'reg.example.com', 'ca.pem'), /\*Ignored by Docker: only \.crt, \.cert and \.key files are read\*/);
  });

  it('names a certificate signing request and a block the engines do not use', () => {
    const csr = pemBlock('CERTIFICATE REQUEST', Buffer.from('not parsed by the hover'));
    const pub = pemBlock('PUBLIC KEY', Buffer.from('not parsed either'));
    const { text } = workspace({ 'reg.example.com': { 'ca.crt': pki.ca.pem, 'req.csr': csr, 'pub.pem': pub } });
    // The block's own part; the folder's problems follow under a rule (---).
    const own = (f: string) => text(1, 'reg.example.com', f).split('\n\n---\n')[0];
    assert.equal(own('req.csr'), '**CERTIFICATE REQUEST**\n\nA certificate signing request: send it to the registry administrator; put the certificate you get back here as a .cert file.');
    assert.equal(own('pub.pem'), '**PUBLIC KEY**\n\nNot a block the engines use.');
  });

  it("quotes Go's error for a certificate or key it cannot parse", () => {
    const badCert = pemBlock('CERTIFICATE', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    const badKey = pemBlock('PRIVATE KEY', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
    const { text } = workspace({ 'reg.example.com': { 'ca.crt': pki.ca.pem, 'bad.crt': badCert, 'bad.key': badKey } });
    assert.match(text(1, 'reg.example.com', 'bad.crt').split('\n\n---\n')[0], /^\*\*CERTIFICATE\*\*\n\nNot a certificate Go can parse: `.+`$/);
    assert.match(text(1, 'reg.example.com', 'bad.key').split('\n\n---\n')[0], /\n- \*\*Usable\*\*: Go cannot use it: `.+`$/);
  });

  it('shows the details of a certificate as node:crypto reads them', () => {
    const ca = new crypto.X509Certificate(pki.ca.pem);
    // Exactly one calendar year before notAfter (and after notBefore: helpers/pki.ts gives 366 days), whatever the real clock.
    const now = new Date(Date.parse(ca.validTo));
    now.setUTCFullYear(now.getUTCFullYear() - 1);
    const { text } = workspace({ 'reg.example.com': { 'ca.crt': pki.ca.pem, 'server.crt': pki.server.pem, 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)) } }, now);
    const when = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
    const rowsOf = (hoverText: string) => hoverText.split('\n\n---\n')[0].split('\n').slice(4);
    const fp = ca.fingerprint256;
    assert.deepEqual(rowsOf(text(1, 'reg.example.com', 'ca.crt')), [
      `- **Valid**: ${when(new Date(ca.validFrom))} to ${when(new Date(ca.validTo))}: **expires in 1 year**`,
      `- **Subject**: ${ca.subject}`,
      `- **Issuer**: ${ca.issuer} (self-signed)`,
      '- **Names (SAN)**: (none)',
      '- **Public key**: RSA 2048 bits',
      '- **Signature**: sha256WithRSAEncryption',
      '- **CA**: yes',
      '- **Key usage**: keyCertSign, cRLSign',
      '- **Extended key usage**: (any)',
      `- **Serial**: ${ca.serialNumber}`,
      // Two lines of 16 bytes, joined by a Markdown line break, so the popup never scrolls sideways.
      `- **SHA-256**: \`${fp.slice(0, 47)}\`\\`,
      `  \`${fp.slice(48)}\``,
    ]);
    const head = text(1, 'reg.example.com', 'ca.crt').split('\n').slice(0, 4);
    assert.deepEqual(head, [`**Certificate** ${ca.subject}`, '', '*CA root for reg.example.com under Docker*', '']);
    const server = rowsOf(text(1, 'reg.example.com', 'server.crt'));
    assert.ok(server.includes('- **Names (SAN)**: reg.example.com'), server.join('\n'));
    assert.ok(server.includes(`- **Issuer**: ${ca.subject}`), server.join('\n'));
    const client = rowsOf(text(1, 'reg.example.com', 'client.cert'));
    assert.ok(client.includes('- **CA**: no'), client.join('\n'));
    assert.ok(client.includes('- **Key usage**: (any)'), client.join('\n'));
    assert.ok(client.includes('- **Extended key usage**: clientAuth'), client.join('\n'));
  });

  it('says what each file is to the hosts a hosts.toml names, and that an unnamed file is not loaded', () => {
    const toml = 'server = "https://reg.example.com"\n[host."https://m.example.com"]\n  ca = "ca.crt"\n  client = [["client.cert", "client.key"], "both.pem"]\n';
    const t = tree({ etc: { containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': toml, 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)), 'both.pem': pki.client.pem + pkcs8Pem(rsaKey(2048, 2)), 'unused.crt': pki.ca.pem } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS });
    ws.setFolders([t.base]);
    ws.checkAll();
    const role = (f: string) => (hover(ws, t.path('etc', 'containerd', 'certs.d', 'reg.example.com', f), { line: 1, character: 0 }, NOW)?.contents as MarkupContent)?.value.split('\n')[2];
    const url = '`https://m.example.com/v2`';
    assert.deepEqual(['ca.crt', 'client.cert', 'client.key', 'both.pem', 'unused.crt'].map(role), [
      `*CA root for ${url} under containerd (named in hosts.toml)*`,
      `*Client certificate for ${url} under containerd (named in hosts.toml)*`,
      `*Client key for ${url} under containerd (named in hosts.toml)*`,
      `*Client certificate and key for ${url} under containerd (named in hosts.toml)*`,
      '*Not loaded by containerd: hosts.toml takes over and does not name this file*',
    ]);
  });

  it('does not call a .crt block with PEM headers a CA root: the pool skips it', () => {
    const withHeaders = pemBlock('CERTIFICATE', pki.ca.der, { 'Proc-Type': '4,ENCRYPTED' });
    const { text } = workspace({ 'reg.example.com': { 'ca.crt': pki.ca.pem, 'headers.crt': withHeaders } });
    assert.match(text(3, 'reg.example.com', 'headers.crt'), /\*Ignored by Docker: not a certificate it can use\*/);
  });
});
