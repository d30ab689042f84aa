/**
 * What the server tells besides diagnostics: certsd/checked's summary (lsp/checkSummary.ts, the
 * language status item) and the folders the root search did not enter (lsp/tooDeepNotice.ts: in
 * the log every time, in a window once per folder).
 */
import * as assert from 'node:assert/strict';
import { Connection, MessageType } from 'vscode-languageserver/node';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { checkSummary } from '../../server/src/lsp/checkSummary';
import { TooDeepNotice } from '../../server/src/lsp/tooDeepNotice';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { defaultRelease } from '../../server/src/core/engines/releases';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { tempTrees } from '../helpers/tree';

describe('the check summary and the too-deep notice', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  it('counts roots and host folders, and names each engine with the release modelled', () => {
    const host = { 'ca.crt': '' };
    const t = tree({ etc: { docker: { 'certs.d': { 'a.example.com': host, 'b.example.com': host } }, containerd: { 'certs.d': { 'c.example.com': host } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerRelease: '28', containerdRelease: '1.7', dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const s = checkSummary(ws, { errors: 3, warnings: 4 });
    assert.deepEqual({ ...s, dockerStore: undefined }, { roots: 2, hostFolders: 3, errors: 3, warnings: 4, engines: ['Docker 28', 'containerd 1.7'], dockerStore: undefined });
    assert.equal(s.dockerStore?.store, 'graphdriver');
    assert.equal(s.dockerStore?.assumed, false);
  });

  it('names the newest releases by default, and no Docker storage without a Docker root', () => {
    const t = tree({ etc: { containerd: { 'certs.d': { 'c.example.com': { 'ca.crt': pki.ca.pem } } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS });
    ws.setFolders([t.base]);
    ws.checkAll();
    const s = checkSummary(ws, { errors: 0, warnings: 0 });
    assert.deepEqual(s.engines, [`containerd ${defaultRelease('containerd').release}`]);
    assert.equal('dockerStore' in s, false);
  });

  it('logs every folder not searched each time, and shows a window message once per folder', () => {
    const logged: string[] = [];
    const shown: { type: number; message: string }[] = [];
    const connection = {
      console: { warn: (m: string) => logged.push(m) },
      sendNotification: (_type: unknown, params: { type: number; message: string }) => {
        shown.push(params);
        return Promise.resolve();
      },
    } as unknown as Connection;
    const notice = new TooDeepNotice(connection);
    notice.tell([]);
    assert.deepEqual([logged, shown], [[], []]);
    const a = { target: '/w', path: '/w/a/b/c' };
    const b = { target: '/w', path: '/w/x/y/z' };
    notice.tell([a]);
    notice.tell([a, b]);
    notice.tell([a, b]);
    assert.equal(logged.length, 3);
    assert.match(logged[0], /what is inside \/w\/a\/b\/c was not searched, and a certs\.d folder in there is not checked: add it to certsd\.extraRoots\.$/);
    assert.match(logged[1], /what is inside \/w\/a\/b\/c, \/w\/x\/y\/z was not searched/);
    assert.deepEqual(
      shown.map((m) => [m.type, m.message.replace(/^(certsd: the search for certs\.d folders stops \d+ levels below \/w: what is inside )/, '')]),
      [
        [MessageType.Warning, '/w/a/b/c was not searched, and a certs.d folder in there is not checked: add it to certsd.extraRoots.'],
        [MessageType.Warning, '/w/x/y/z was not searched, and a certs.d folder in there is not checked: add it to certsd.extraRoots.'],
      ],
    );
  });
});
