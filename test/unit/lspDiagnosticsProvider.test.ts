/**
 * DiagnosticsProvider on its own (a workspace model and a recording connection): which file gets
 * which diagnostic, at which range, and when a file is cleared. Written against the mutants of
 * server/src/lsp/diagnostics.ts that the protocol suites let live (docs/mutation.md).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { DiagnosticsProvider, FOLDER_REFUSED } from '../../server/src/lsp/diagnostics';
import { toPath } from '../../server/src/lsp/paths';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { CertsdSettings, DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { pkcs8Pem, rsaKey } from '../helpers/pki';
import { relatedText } from '../helpers/lsp';
import { shortCode } from '../../server/src/core/ruleDocs';
import { tempTrees, TreeSpec } from '../helpers/tree';

const NOW = new Date();

describe('diagnostics provider', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function provider(spec: TreeSpec, root = 'certs.d', settings: Partial<CertsdSettings> = {}) {
    const t = tree(spec);
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver', ...settings });
    ws.setFolders([t.base]);
    ws.checkAll();
    const sent: PublishDiagnosticsParams[] = [];
    const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p) } as unknown as Connection;
    const p = new DiagnosticsProvider(connection, ws);
    return { ws, p, sent, at: (...s: string[]) => t.path('etc', 'docker', root, ...s), sentTo: (f: string) => sent.filter((s) => toPath(s.uri) === f).map((s) => s.diagnostics) };
  }
  const dump = (m: Map<string, Diagnostic[]>) => [...m].map(([p, d]) => `${p}: ${d.map((x) => `${x.code} ${JSON.stringify(x.range)} ${x.message}`).join(' | ')}`).join('\n');

  const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  /** The whole text of each diagnostic (the engine's words and the fix), which VS Code shows as related information under the summary. */
  const messagesOf = (d: Diagnostic[] | undefined): string[] => (d ?? []).map((x) => relatedText(x));

  it('tells each other file of a folder only docker login refuses why it is not used, naming docker login', () => {
    // Docker with the containerd image store: pulls ignore a lone key (containerd), docker login refuses it (moby).
    const { p, at } = provider({ etc: { docker: { 'certs.d': { 'reg.example.com:5000': { 'ca.crt': pki.ca.pem, 'client.key': pkcs8Pem(rsaKey(2048, 2)) } } } } }, 'certs.d', { dockerStore: 'containerd' });
    const all = p.compute();
    const ca = all.get(at('reg.example.com:5000', 'ca.crt'));
    assert.equal(ca?.length, 1, dump(all));
    assert.equal(ca[0].code, shortCode(FOLDER_REFUSED));
    assert.deepEqual(ca[0].range, ZERO);
    assert.equal(relatedText(ca[0]), 'docker login refuses the whole folder reg.example.com:5000 because of client.key, so this file is not used either: "missing client certificate client.cert for key client.key"');
    // The culprit itself gets its own finding, not the folder notice.
    assert.ok(!all.get(at('reg.example.com:5000', 'client.key'))?.some((d) => d.code === shortCode(FOLDER_REFUSED)), dump(all));
  });

  it('gives pulls and docker login a folder notice each when they refuse with different errors', () => {
    const { p, at } = provider({ etc: { docker: { 'certs.d': { 'r2.example.com': { 'ca.cert': pki.ca.pem, 'other.crt': pki.ca.pem } } } } }, 'certs.d', { dockerStore: 'containerd' });
    const all = p.compute();
    assert.deepEqual(messagesOf(all.get(at('r2.example.com', 'other.crt'))), [
      'Docker (pulls and pushes) refuses the whole folder r2.example.com because of ca.cert, so this file is not used either: "failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key"',
      'docker login refuses the whole folder r2.example.com because of ca.cert, so this file is not used either: "missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt"',
    ]);
  });

  it('says Docker (one loader) refuses the folder with graph drivers, once', () => {
    const { p, at } = provider({ etc: { docker: { 'certs.d': { 'r2.example.com': { 'ca.cert': pki.ca.pem, 'other.crt': pki.ca.pem } } } } });
    assert.deepEqual(messagesOf(p.compute().get(at('r2.example.com', 'other.crt'))), [
      'Docker refuses the whole folder r2.example.com because of ca.cert, so this file is not used either: "missing key ca.key for client certificate ca.cert. CA certificates must use the extension .crt"',
    ]);
  });

  it('points at the Explorer command only on a finding whose fix converts DER to PEM', () => {
    const { p, at } = provider({ etc: { docker: { 'certs.d': { 'r3.example.com': { 'ca.crt': pki.ca.der, 'a.crt': 'garbage' } } } } });
    const all = p.compute();
    const hint = ' (In VS Code: right-click the file in the Explorer > Convert DER certificate to PEM.)';
    const der = messagesOf(all.get(at('r3.example.com', 'ca.crt')));
    assert.equal(der.length, 1, dump(all));
    assert.ok(der[0].endsWith('convert it to PEM.' + hint), der[0]);
    const garbage = messagesOf(all.get(at('r3.example.com', 'a.crt')));
    assert.equal(garbage.length, 1, dump(all));
    assert.ok(!garbage[0].includes(hint), garbage[0]);
  });

  it('attaches a finding about the root to every file of every host folder, at the top, and keeps a file finding at its range', () => {
    const { p, at } = provider({ etc: { docker: { 'cert.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem, sub: { 'x.crt': pki.ca.pem } }, 'two.example.com': { 'ca.crt': pki.ca.pem }, 'stray.crt': pki.ca.pem } } } }, 'cert.d');
    const all = p.compute();
    for (const f of [at('reg.example.com', 'ca.crt'), at('two.example.com', 'ca.crt')]) {
      const d = all.get(f);
      assert.deepEqual(d?.map((x) => [x.code, x.range]), [['misnamed-root', ZERO]], `${f}\n${dump(all)}`);
    }
    // Not the sub-folder itself (a folder has no diagnostics), nor the root folder.
    assert.ok(!all.has(at('reg.example.com', 'sub')), dump(all));
    assert.ok(!all.has(at()), dump(all));
    const stray = all.get(at('stray.crt'));
    assert.deepEqual(stray?.map((x) => x.code), ['file-in-root'], dump(all));
    assert.deepEqual(stray[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } });
  });

  it('attaches a finding about a host folder to its files only, not to its sub-folders', () => {
    const { p, at } = provider({ etc: { docker: { 'certs.d': { 'reg.example.com:443': { 'ca.crt': pki.ca.pem, 'b.crt': pki.ca.pem, sub: {} } } } } });
    const all = p.compute();
    const codes = (f: string) => (all.get(f) ?? []).map((x) => x.code);
    const folderCodes = codes(at('reg.example.com:443', 'ca.crt'));
    assert.ok(folderCodes.length > 0, dump(all));
    assert.deepEqual(codes(at('reg.example.com:443', 'b.crt')), folderCodes);
    assert.ok(!all.has(at('reg.example.com:443', 'sub')), dump(all));
    assert.ok(all.get(at('reg.example.com:443', 'ca.crt'))!.every((d) => JSON.stringify(d.range) === JSON.stringify(ZERO)), dump(all));
  });

  it('publishAll clears a file that lost its diagnostics, and only that one', async () => {
    const { ws, p, at, sentTo, sent } = provider({ etc: { docker: { 'certs.d': { 'r2.example.com': { 'ca.cert': pki.ca.pem, 'other.crt': pki.ca.pem } } } } });
    await p.publishAll();
    assert.ok(sentTo(at('r2.example.com', 'other.crt'))[0]?.length, 'other.crt has the folder notice');
    fs.renameSync(at('r2.example.com', 'ca.cert'), at('r2.example.com', 'ca.crt'));
    ws.update([at('r2.example.com', 'ca.cert'), at('r2.example.com', 'ca.crt')]);
    sent.length = 0;
    await p.publishAll();
    assert.deepEqual(sentTo(at('r2.example.com', 'other.crt')), [[]]);
    assert.deepEqual(sentTo(at('r2.example.com', 'ca.cert')), [[]]);
    // Nothing sent for a file that never had diagnostics and has none.
    assert.deepEqual(sentTo(at('r2.example.com', 'ca.crt')), []);
    sent.length = 0;
    await p.publishAll();
    assert.deepEqual(sent, [], 'a cleared file is not cleared again');
  });

  it('publish of one changed file sends the root finding of its root too', async () => {
    const { p, at, sentTo } = provider({ etc: { docker: { 'cert.d': { 'reg.example.com': { 'ca.crt': pki.ca.pem }, 'stray.crt': pki.ca.pem } } } }, 'cert.d');
    const n = await p.publish(new Set([at('reg.example.com', 'ca.crt'), at('stray.crt')]));
    assert.equal(n, 2);
    assert.deepEqual(sentTo(at('reg.example.com', 'ca.crt')).map((d) => d.map((x) => x.code)), [['misnamed-root']]);
    assert.deepEqual(sentTo(at('stray.crt')).map((d) => d.map((x) => x.code)), [['file-in-root']]);
  });

  it('shows control characters of a folder name in a message as escapes', () => {
    const name = 'bad\x1b]0;title\x07.example.com:443';
    const { p, at } = provider({ etc: { docker: { 'certs.d': { [name]: { 'ca.crt': pki.ca.pem } } } } });
    const all = p.compute();
    const msgs = messagesOf(all.get(at(name, 'ca.crt')));
    assert.ok(msgs.length > 0, dump(all));
    for (const m of msgs) assert.ok(!/[\x00-\x09\x0b-\x1f]/.test(m), JSON.stringify(m));
    assert.ok(msgs.some((m) => m.includes('\\x1b')), JSON.stringify(msgs));
  });
});
