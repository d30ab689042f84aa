/**
 * Diagnostics for clients with and without related information: VS Code shows it, so the message is
 * the summary and the whole text is related; a client that does not declare it at initialize gets
 * the whole text under the summary in the message (the engine's words are never dropped).
 */
import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { DiagnosticsProvider, setRelatedInformationSupport } from '../../server/src/lsp/diagnostics';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { tempTrees } from '../helpers/tree';

describe('diagnostics and related information', () => {
  const tree = tempTrees();
  afterEach(() => setRelatedInformationSupport(true));

  async function caAsCertDiagnostic() {
    const { ca } = await commonPki();
    const t = tree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.cert': ca.pem } } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const all = new DiagnosticsProvider({} as Connection, ws).compute();
    const d = all.get(t.path('docker', 'certs.d', 'reg.example.com', 'ca.cert'))?.find((x) => x.code === 'ca-as-cert');
    assert.ok(d, JSON.stringify([...all]));
    return d;
  }

  it('keeps the summary as the message and the whole text as related information when the client shows it', async () => {
    setRelatedInformationSupport(true);
    const d = await caAsCertDiagnostic();
    assert.equal(d.message, 'ca.cert holds a CA certificate, and CA certificates must be named .crt');
    assert.match(d.relatedInformation![0].message, /Docker refuses the whole folder: "missing key ca\.key/);
  });

  it('puts the whole text under the summary for a client without related information', async () => {
    setRelatedInformationSupport(false);
    const d = await caAsCertDiagnostic();
    assert.equal(d.relatedInformation, undefined);
    assert.match(String(d.message), /^ca\.cert holds a CA certificate, and CA certificates must be named \.crt\nDocker refuses the whole folder: "missing key ca\.key/);
  });
});
