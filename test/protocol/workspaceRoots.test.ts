/**
 * The roots the language server finds: a host folder as the workspace with its certs.d as an extra
 * root, a workspace under a folder that happens to be named `certs`, and a certs.d deeper than the
 * search goes (the user is told, once).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, MessageType } from 'vscode-languageserver-protocol/node';
import { MAX_SEARCH_DEPTH } from '../../server/src/core/roots';
import { toUri } from '../../server/src/lsp/paths';
import { Requests } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { tempTrees, TreeSpec } from '../helpers/tree';

const codesOf = (d: { code?: number | string }[] | undefined) => (d ?? []).map((x) => x.code);

function chain(levels: number, leaf: TreeSpec): TreeSpec {
  let spec = leaf;
  for (let i = levels; i >= 1; i--) spec = { [`d${String(i).padStart(2, '0')}`]: spec };
  return spec;
}

const chainPath = (levels: number) => Array.from({ length: levels }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);

describe('language server: which roots', function () {
  const makeTree = tempTrees();
  let client: TestClient | undefined;

  afterEach(() => {
    client?.dispose();
    client = undefined;
  });

  it('checks every host folder when certsd.extraRoots names the certs.d of the host folder opened', async () => {
    const { ca, client: pair } = await commonPki();
    const t = makeTree({ 'certs.d': { 'a.example.com': { 'ca.crt': ca.pem }, 'b.example.com': { 'client.cert': pair.pem } } });
    const root = t.path('certs.d');
    ({ client } = await startTestServer(path.join(root, 'a.example.com'), { settings: { extraRoots: [root] } }));
    assert.ok(codesOf(client.diagnostics.get(path.join(root, 'b.example.com', 'client.cert'))).includes('missing-key'), 'b.example.com is checked');
  });

  it('does not look for roots again on a file event in a workspace under a folder named certs', async () => {
    const { ca } = await commonPki();
    const t = makeTree({ certs: { project: { etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } } }, src: { 'main.go': 'package main\n' } } } });
    const ws = t.path('certs', 'project');
    ({ client } = await startTestServer(ws));
    let checked = client.nextChecked();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(path.join(ws, 'src', 'main.go')), type: FileChangeType.Changed }] });
    assert.equal((await checked).full, false, 'a source file changed: no new root can have come');
    // A new certs.d below the workspace folder is still looked for.
    checked = client.nextChecked();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(path.join(ws, 'new', 'certs.d', 'x.example.com', 'ca.crt')), type: FileChangeType.Created }] });
    assert.equal((await checked).full, true);
  });

  it(`tells the user once which folder was not searched below ${MAX_SEARCH_DEPTH} levels, and checks a deep root given as an extra root`, async () => {
    const { ca, client: pair } = await commonPki();
    const host = { 'reg.example.com': { 'client.cert': pair.pem } };
    const t = makeTree({ ...chain(40, { 'certs.d': host }), shallow: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem } } } });
    const skipped = t.path(...chainPath(MAX_SEARCH_DEPTH));
    const deepCert = t.path(...chainPath(40), 'certs.d', 'reg.example.com', 'client.cert');
    ({ client } = await startTestServer(t.base));
    assert.equal(client.diagnostics.get(deepCert), undefined, 'the deep root is not checked');
    const told = client.shownMessages.filter((m) => m.message.includes(skipped));
    assert.equal(told.length, 1, JSON.stringify(client.shownMessages));
    assert.equal(told[0].type, MessageType.Warning);
    assert.ok(!told[0].message.includes(t.path(...chainPath(MAX_SEARCH_DEPTH + 1))));
    assert.ok(client.logLines.some((l) => l.includes(skipped)), 'the log says it too');
    // Another full check ("Check again"): the log says it again, the window does not.
    await client.connection.sendRequest(Requests.recheck);
    assert.equal(client.shownMessages.filter((m) => m.message.includes(skipped)).length, 1);
    assert.equal(client.logLines.filter((l) => l.includes(skipped)).length, 2);
    client.dispose();
    // Named as an extra root, the deep certs.d is checked.
    ({ client } = await startTestServer(t.base, { settings: { extraRoots: [t.path(...chainPath(40), 'certs.d')] } }));
    assert.ok(codesOf(client.diagnostics.get(deepCert)).includes('missing-key'));
  });
});
