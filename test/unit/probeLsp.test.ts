import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { handleProbeRequest, referenceOfFolder } from '../../server/src/lsp/probe';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { makeProbePki, startSilentServer, startTlsServer } from '../helpers/probeServers';
import { serverCert } from '../helpers/pki';

/** A CancellationToken whose cancel() fires its listeners, as vscode-languageserver's does. */
function token() {
  const listeners: (() => void)[] = [];
  return {
    isCancellationRequested: false,
    onCancellationRequested: (f: () => void) => {
      listeners.push(f);
      return { dispose: () => undefined };
    },
    cancel() {
      this.isCancellationRequested = true;
      for (const f of listeners) f();
    },
  };
}

describe('certsd/probe request (Test connection)', function () {
  this.timeout(30_000);
  let base: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-probe-lsp-'));
    fs.writeFileSync(path.join(base, 'system.pem'), '');
    env = { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'none') };
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it("reads a host folder's reference from its name, containerd's host_port_ included", () => {
    assert.equal(referenceOfFolder('reg.example.com_5000_'), 'reg.example.com:5000');
    assert.equal(referenceOfFolder('reg.example.com:5000'), 'reg.example.com:5000');
    assert.equal(referenceOfFolder('_default'), '_default');
  });

  it('probes the registry a host folder is for, with the engine of its path', async () => {
    const pki = await makeProbePki();
    const server = await startTlsServer({ chain: [await serverCert(pki.intermediate, 'lsp.probe.test', { key: pki.serverKey }), pki.intermediate], key: pki.serverKey });
    try {
      const hostPath = path.join(base, 'containerd', 'certs.d', 'lsp.probe.test_443_');
      fs.mkdirSync(hostPath, { recursive: true });
      fs.writeFileSync(path.join(hostPath, 'ca.crt'), pki.root.pem);
      const r = await handleProbeRequest({ hostPath, connectTo: `127.0.0.1:${server.port}` }, { settings: () => DEFAULT_SETTINGS, trusted: () => true, fs: nodeFileSystem, env });
      assert.ok(r.ok);
      assert.equal(r.report.host, 'lsp.probe.test:443');
      assert.equal(r.report.engine, 'containerd@2');
      assert.equal(r.report.folder.path, hostPath);
      assert.equal(r.report.ok, true, r.report.error ?? '');
    } finally {
      await server.close();
    }
  });

  it('answers "cancelled" at once when the request is cancelled', async () => {
    const silent = await startSilentServer();
    try {
      const t = token();
      const started = Date.now();
      setTimeout(() => t.cancel(), 100);
      const r = await handleProbeRequest({ host: 'slow.probe.test', root: base, connectTo: `127.0.0.1:${silent.port}` }, { settings: () => DEFAULT_SETTINGS, trusted: () => true, fs: nodeFileSystem, env }, t as never);
      assert.deepEqual(r, { ok: false, message: 'Cancelled.', cancelled: true });
      assert.ok(Date.now() - started < 2000);
    } finally {
      await silent.close();
    }
  });
});
