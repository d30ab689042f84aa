/**
 * When full checks run and what certsd/checked says about them: one check per settings change (the
 * client sends didChangeConfiguration for its synchronize.configurationSection; the server must
 * not register for it a second time), "Check again" once, and the summary the language status item shows.
 */
import * as assert from 'node:assert/strict';
import { DidChangeConfigurationNotification, DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { Requests } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { file, tempTrees } from '../helpers/tree';
import { pkcs8Pem } from '../helpers/pki';

describe('language server: full checks and their summary', function () {
  const makeTree = tempTrees();
  let client: TestClient | undefined;
  let base: string;

  beforeEach(async () => {
    const { ca, client: pair } = await commonPki();
    const t = makeTree({
      etc: {
        docker: {
          'certs.d': {
            'good.example.com': { 'ca.crt': ca.pem, 'client.cert': pair.pem, 'client.key': file(pkcs8Pem(pair.key), 0o600) },
            // A client certificate without its key: Docker refuses the folder (an error).
            'nokey.example.com': { 'ca.crt': ca.pem, 'client.cert': pair.pem },
            // A CA saved as .cert: Docker takes it for a client certificate without key (an error).
            'reg.example.com:5000': { 'ca.cert': ca.pem },
          },
        },
      },
    });
    base = t.base;
  });

  afterEach(() => {
    client?.dispose();
    client = undefined;
  });

  /** The reasons of the full checks so far, after a "Check again" that waits for every earlier one. */
  async function reasonsAfterRecheck(c: TestClient): Promise<string[]> {
    await c.connection.sendRequest(Requests.recheck);
    return c.checkingLog.map((x) => x.reason);
  }

  it('checks once at start-up although the client sends its settings right after initialized', async () => {
    ({ client } = await startTestServer(base));
    // What vscode-languageclient does for synchronize.configurationSection, right after `initialized`.
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await reasonsAfterRecheck(client), ['start', 'recheck']);
    assert.equal(client.checkedLog.filter((c) => c.full).length, 2);
  });

  it('registers nothing for workspace/didChangeConfiguration (the client already sends it: two registrations meant two checks)', async () => {
    ({ client } = await startTestServer(base));
    await client.connection.sendRequest(Requests.recheck);
    assert.ok(!client.registeredMethods.includes(DidChangeConfigurationNotification.method), JSON.stringify(client.registeredMethods));
  });

  it('checks once per settings change, even when the change is announced twice', async () => {
    ({ client } = await startTestServer(base));
    client.setSettings({ expiryWarningDays: 5 });
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await reasonsAfterRecheck(client), ['start', 'settings', 'recheck']);
    // A second change is a second check.
    client.setSettings({ expiryWarningDays: 6 });
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await reasonsAfterRecheck(client), ['start', 'settings', 'recheck', 'settings', 'recheck']);
    // Each full check is announced (certsd/checking) and then reported (certsd/checked) once.
    assert.equal(client.checkedLog.filter((c) => c.full).length, 5);
  });

  it('sums up host folders, errors and warnings as published, with the engine and Docker store', async () => {
    let firstCheck;
    ({ client, firstCheck } = await startTestServer(base, { settings: { dockerStore: 'graphdriver', dockerRelease: '28' } }));
    const all = [...client.diagnostics.values()].flat();
    const errors = all.filter((d) => d.severity === DiagnosticSeverity.Error).length;
    const warnings = all.filter((d) => d.severity === DiagnosticSeverity.Warning).length;
    assert.ok(errors >= 2, `the two broken folders give errors: ${JSON.stringify(all.map((d) => d.code))}`);
    assert.deepEqual(firstCheck.summary, {
      roots: 1,
      hostFolders: 3,
      errors,
      warnings,
      engines: ['Docker 28'],
      dockerStore: { store: 'graphdriver', assumed: false, from: 'setting' },
    });
  });
});
