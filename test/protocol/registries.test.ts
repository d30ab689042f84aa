/**
 * certsd/registries (the Registries view's rows) and certsd/planHostFolder ("New host folder..."),
 * asked of the real server over its protocol.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { planHostFolder } from '../../server/src/core/newHostFolder';
import { HostFolderPlan, PlanHostFolderParams, RegistriesResult, Requests } from '../../server/src/protocol';
import { startTestServer, TestClient } from '../helpers/lsp';
import { clientCert, pkcs8Pem, rsaKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

describe('language server: the Registries view and New host folder', function () {
  const makeTree = tempTrees();
  let client: TestClient | undefined;

  afterEach(() => {
    client?.dispose();
    client = undefined;
  });

  async function workspace() {
    const ca = await selfSignedCa({ commonName: 'Registry CA', key: rsaKey(2048, 0), notAfter: new Date(Date.UTC(2031, 5, 1)) });
    // The client certificate expires before the CA: it is the folder's soonest expiry.
    const pair = await clientCert(ca, { key: rsaKey(2048, 2), commonName: 'alice', notAfter: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
    const t = makeTree({
      'certs.d': {
        'zeta.example.com:5000': { 'ca.crt': ca.pem, 'client.cert': pair.pem, 'client.key': pkcs8Pem(pair.key) },
        // A .cert without its .key: Docker refuses the whole folder.
        'alpha.example.com': { 'ca.crt': ca.pem, 'client.cert': pair.pem },
        'mid.example.com': { 'ca.crt': ca.pem },
      },
    });
    ({ client } = await startTestServer(t.path()));
    return { root: t.path('certs.d') };
  }

  it('lists every host folder sorted by name, with the severity, the working pairs and the soonest expiry', async () => {
    const { root } = await workspace();
    const r = await client!.connection.sendRequest<RegistriesResult>(Requests.registries);
    assert.deepEqual(r.roots.map((x) => [x.path, x.engine]), [[root, 'Docker']]);
    assert.deepEqual(r.hosts.map((h) => h.name), ['alpha.example.com', 'mid.example.com', 'zeta.example.com:5000']);
    const [alpha, mid, zeta] = r.hosts;
    assert.equal(alpha.severity, 'error', 'Docker refuses a folder with a .cert and no .key');
    assert.ok(alpha.problems > 0);
    assert.equal(alpha.clientPairs, 0);
    assert.equal(alpha.soonestExpiry, null, 'a refused folder gives the engine no certificate at all');
    assert.match(alpha.verdict, /^Docker: /);
    assert.equal(mid.severity, 'ok');
    assert.equal(mid.clientPairs, 0);
    assert.deepEqual(mid.soonestExpiry, { notAfter: '2031-06-01T00:00:00Z', path: path.join(root, 'mid.example.com', 'ca.crt'), subject: '"Registry CA"' });
    assert.equal(zeta.clientPairs, 1);
    assert.equal(zeta.reference, 'zeta.example.com:5000');
    assert.deepEqual(zeta.soonestExpiry, { notAfter: '2030-01-02T03:04:05Z', path: path.join(root, 'zeta.example.com:5000', 'client.cert'), subject: '"alice"' });
    assert.equal(zeta.path, path.join(root, 'zeta.example.com:5000'));
  });

  it('plans a new host folder, and says why not for :443, a scheme, an existing folder or a root it does not check', async () => {
    const { root } = await workspace();
    const plan = (p: PlanHostFolderParams) => client!.connection.sendRequest<HostFolderPlan>(Requests.planHostFolder, p);
    const made = await plan({ root, host: ' reg.example.com:5000 ' });
    assert.ok(made.ok, JSON.stringify(made));
    assert.deepEqual([made.name, made.path], ['reg.example.com:5000', path.join(root, 'reg.example.com:5000')]);
    // The command offered where the editor may not write: run (sudo taken away), it makes the
    // folder with mode 755 and nothing else; run again, it refuses and leaves the folder as it is.
    const run = () => spawnSync('sh', ['-c', `sudo() { "$@"; }\n${made.sudoCommand}`], { encoding: 'utf8' });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(fs.statSync(made.path).mode & 0o7777, 0o40755 & 0o7777);
    assert.ok(fs.statSync(made.path).isDirectory());
    assert.deepEqual(fs.readdirSync(made.path), []);
    const again = run();
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already exists: nothing created/);
    fs.rmdirSync(made.path);
    const p443 = await plan({ root, host: 'reg.example.com:443' });
    assert.equal(p443.ok, false);
    assert.ok(!p443.ok && p443.message.includes('Leave out :443') && p443.message.includes('"reg.example.com/app"'), JSON.stringify(p443));
    const scheme = await plan({ root, host: 'https://reg.example.com' });
    assert.ok(!scheme.ok && /without a scheme/.test(scheme.message));
    const taken = await plan({ root, host: 'mid.example.com' });
    assert.ok(!taken.ok && /already exists/.test(taken.message));
    const badPort = await plan({ root, host: 'reg.example.com:70000' });
    assert.ok(!badPort.ok && /out of range/.test(badPort.message));
    const bad = await plan({ root, host: 'reg_example!' });
    assert.equal(bad.ok, false);
    const elsewhere = await plan({ root: path.dirname(root), host: 'reg.example.com' });
    assert.ok(!elsewhere.ok && /not a certs.d folder being checked/.test(elsewhere.message));
    assert.equal((await client!.connection.sendRequest<HostFolderPlan>(Requests.planHostFolder, null)).ok, false);
  });

  it("takes the soonest expiry from the certificates containerd's hosts.toml names, not the loose files beside it", async () => {
    const mirror = await selfSignedCa({ commonName: 'Mirror CA', key: rsaKey(2048, 0), notAfter: new Date(Date.UTC(2032, 0, 1)) });
    const loose = await selfSignedCa({ commonName: 'Loose CA', key: rsaKey(2048, 1), notAfter: new Date(Date.UTC(2029, 0, 1)) });
    const t = makeTree({
      etc: { containerd: { 'certs.d': { 'mirror.example.com': { 'hosts.toml': '[host."https://mirror.example.com"]\n  ca = "mirror.crt"\n', 'mirror.crt': mirror.pem, 'ca.crt': loose.pem } } } },
    });
    ({ client } = await startTestServer(t.path()));
    const r = await client.connection.sendRequest<RegistriesResult>(Requests.registries);
    assert.deepEqual(r.roots.map((x) => x.engine), ['containerd']);
    assert.equal(r.hosts[0].soonestExpiry?.notAfter, '2032-01-01T00:00:00Z', JSON.stringify(r.hosts[0]));
    assert.match(r.hosts[0].verdict, /hosts\.toml/);
  });

  it('names the folder without colons on Windows, as moby and containerd look it up there', () => {
    const t = makeTree({ 'certs.d': {} });
    assert.deepEqual(planHostFolder(nodeFileSystem, t.path('certs.d'), 'reg.example.com:5000', 'windows'), { ok: true, name: 'reg.example.com5000', path: path.join(t.path('certs.d'), 'reg.example.com5000') });
  });
});
