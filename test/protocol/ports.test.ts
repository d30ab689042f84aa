/**
 * The language server reads the file system only through the port it is given (ServerOptions.fs):
 * here an in-memory one, under a path that does not exist on disk, so every answer below comes
 * from the port or from nowhere. Whether a quick fix is an edit or a sudo command depends on what
 * the port says of a folder (tests run as root, who may write anywhere: only a port can say no).
 * Then the requests that took the client's last imports of the core: certsd/dockerCertsDir,
 * certsd/planMove and certsd/addCaCertificate.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, CodeActionRequest, Diagnostic, RenameFile } from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { AddCaCertificateParams, AddCaResult, Commands, CopyShellCommandArgs, DockerCertsDirResult, MoveParams, MovePlan, MoveToHostFolderArgs, ProbeResponse, Requests } from '../../server/src/protocol';
import { MemFileSystem } from '../fuzz/memFs';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient, relatedText } from '../helpers/lsp';
import { certDer, serverCert } from '../helpers/pki';
import { makeProbePki, ProbePki, startTlsServer, TestServer } from '../helpers/probeServers';
import { tempTrees } from '../helpers/tree';

/** The server's environment in these tests: never this machine's $HOME. */
const ENV: NodeJS.ProcessEnv = { HOME: '/home/tester', XDG_CONFIG_HOME: '/home/tester/xdg' };

describe('the language server on an injected file system port', function () {
  this.timeout(30_000);
  const base = path.join(os.tmpdir(), `certsd-not-on-disk-${crypto.randomBytes(6).toString('hex')}`);
  const root = path.join(base, 'etc', 'docker', 'certs.d');
  const at = (...p: string[]) => path.join(root, ...p);
  let mem: MemFileSystem;
  let client: TestClient;

  beforeEach(async () => {
    const { ca } = await commonPki();
    mem = new MemFileSystem({
      [at('reg.example.com:5000', 'ca.cert')]: ca.pem,
      [at('good.example.com', 'ca.crt')]: ca.pem,
      [at('other.example.com', 'ca.crt')]: ca.pem,
      [at('der.example.com', 'ca.crt')]: certDer(ca),
      [at('stray.crt')]: ca.pem,
    });
    ({ client } = await startTestServer(base, { fs: mem, env: ENV }));
  });
  afterEach(() => client.dispose());

  function diagnostic(file: string, code: string): Diagnostic {
    const d = client.diagnostics.get(file)?.find((x) => x.code === code);
    assert.ok(d, `no ${code} on ${file}: ${JSON.stringify(client.diagnostics.get(file))}`);
    return d;
  }

  async function actionsFor(file: string, code: string): Promise<CodeAction[]> {
    const d = diagnostic(file, code);
    return ((await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: toUri(file) }, range: d.range, context: { diagnostics: [d] } })) ?? []) as CodeAction[];
  }

  it('checks the files the port holds, which are nowhere on disk', () => {
    assert.equal(fs.existsSync(base), false);
    assert.match(relatedText(diagnostic(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert')), /^Docker /);
  });

  it('offers the rename as an edit where the port says the folder is writable, and the sudo command where it is not', async () => {
    const [edit] = await actionsFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.equal((edit.edit!.documentChanges![0] as RenameFile).newUri, toUri(at('reg.example.com:5000', 'ca.crt')));
    assert.equal(edit.command, undefined);

    mem.readOnly.add(at('reg.example.com:5000'));
    const [sudo] = await actionsFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.equal(sudo.edit, undefined);
    assert.equal(sudo.command!.command, Commands.copyShellCommand);
    const args = sudo.command!.arguments![0] as CopyShellCommandArgs;
    assert.equal(args.message, `${at('reg.example.com:5000')} belongs to another user (root), so the editor cannot rename ca.cert. Run this in a terminal:`);
    assert.match(args.command, /^sudo sh -c /);
    assert.ok(args.command.includes(at('reg.example.com:5000', 'ca.crt')));
  });

  it('offers no rename onto a name the port has taken, a dangling link included', async () => {
    mem.put(at('reg.example.com:5000', 'ca.crt'), { link: '/nowhere' });
    assert.deepEqual(await actionsFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert'), []);
  });

  it('plans DER to PEM through the port: the sudo command in a root-owned folder, nothing onto a taken name', async () => {
    const file = at('der.example.com', 'ca.crt');
    const [edit] = await actionsFor(file, 'ca-unusable');
    assert.deepEqual(edit.edit!.documentChanges!.map((o) => ('kind' in o ? o.kind : 'edit')), ['rename', 'create', 'edit']);
    mem.readOnly.add(at('der.example.com'));
    const [sudo] = await actionsFor(file, 'ca-unusable');
    assert.equal(sudo.command!.command, Commands.copyShellCommand);
    mem.put(at('der.example.com', 'ca.der'), Buffer.from('taken'));
    assert.deepEqual(await actionsFor(file, 'ca-unusable'), []);
  });

  it('says whether a move into a host folder needs root, and lists only folders without that name', async () => {
    mem.put(at('other.example.com', 'stray.crt'), Buffer.from('taken'));
    const moveArgs = async () => {
      const [action] = await actionsFor(at('stray.crt'), 'file-in-root');
      assert.equal(action.command!.command, Commands.moveToHostFolder);
      return action.command!.arguments![0] as MoveToHostFolderArgs;
    };
    const writable = await moveArgs();
    assert.equal(writable.needsRoot, false);
    assert.ok(writable.folders.includes(at('good.example.com')));
    assert.ok(!writable.folders.includes(at('other.example.com')));
    mem.readOnly.add(root);
    assert.equal((await moveArgs()).needsRoot, true);
  });

  describe('certsd/planMove', () => {
    const plan = (from: string, to: string) => client.connection.sendRequest<MovePlan>(Requests.planMove, { from, to } satisfies MoveParams);

    it('lets the editor move a file into a host folder when nothing is there and both folders are writable', async () => {
      assert.deepEqual(await plan(at('stray.crt'), at('good.example.com', 'stray.crt')), { ok: true, from: at('stray.crt'), to: at('good.example.com', 'stray.crt') });
    });

    it('never plans a move onto a taken name, nor of what is gone', async () => {
      assert.deepEqual(await plan(at('stray.crt'), at('good.example.com', 'ca.crt')), { ok: false, message: `${at('good.example.com', 'ca.crt')} already exists: nothing was moved.` });
      assert.deepEqual(await plan(at('gone.crt'), at('good.example.com', 'gone.crt')), { ok: false, message: `${at('gone.crt')} is no longer there: nothing was moved.` });
      assert.deepEqual(await plan(at('good.example.com'), at('good.example.com')), { ok: false, message: 'A move needs two different absolute paths: nothing was moved.' });
      assert.deepEqual(await plan('relative/ca.crt', at('x.crt')), { ok: false, message: 'A move needs two different absolute paths: nothing was moved.' });
    });

    it('gives the sudo command when root owns either folder, naming the one it owns', async () => {
      mem.readOnly.add(at('good.example.com'));
      const into = await plan(at('stray.crt'), at('good.example.com', 'stray.crt'));
      assert.ok(!into.ok && into.shellCommand);
      assert.equal(into.message, `${at('good.example.com')} belongs to another user (root), so the editor cannot move stray.crt. Run this in a terminal:`);
      mem.readOnly.add(root);
      const rename = await plan(at('reg.example.com:5000'), at('reg.example.com:5001'));
      assert.ok(!rename.ok && rename.shellCommand);
      assert.equal(rename.message, `${root} belongs to another user (root), so the editor cannot rename reg.example.com:5000. Run this in a terminal:`);
    });
  });

  describe('certsd/dockerCertsDir', () => {
    const ask = () => client.connection.sendRequest<DockerCertsDirResult>(Requests.dockerCertsDir);

    it("lists Docker's standard folders and finds the first the port has as a folder", async function () {
      if (process.platform !== 'linux') this.skip();
      // The server's environment is injected (ENV): the user's folders follow $HOME and $XDG_CONFIG_HOME.
      const home = ENV.HOME!;
      const none = await ask();
      assert.deepEqual(none.candidates, ['/etc/docker/certs.d', '/home/tester/xdg/docker/certs.d', '/home/tester/.docker/certs.d']);
      // The disk is not asked: whatever this machine has, the port has none of them yet.
      assert.equal(none.found, null);
      mem.put(path.join(home, '.docker', 'certs.d'), Buffer.from('a file, not a folder'));
      assert.equal((await ask()).found, null);
      mem.nodes.delete(path.join(home, '.docker', 'certs.d'));
      mem.put(path.join(home, '.docker', 'certs.d', 'reg.example.com', 'ca.crt'), Buffer.from(''));
      assert.equal((await ask()).found, path.join(home, '.docker', 'certs.d'));
    });

    it("plans /etc/docker/certs.d when none is there: the editor's mkdirs where it may write, sudo where root owns /etc, nothing over a file", async function () {
      if (process.platform !== 'linux') this.skip();
      mem.nodes.set('/', { dir: true });
      mem.put('/etc/hostname', Buffer.from('box\n'));
      mem.readOnly.add('/etc');
      const asRoot = (await ask()).create;
      assert.deepEqual({ ...asRoot, shellCommand: undefined }, { path: '/etc/docker/certs.d', missing: ['/etc/docker', '/etc/docker/certs.d'], shellCommand: undefined });
      // The command makes both folders, as arguments (never parsed as shell code), under sudo.
      assert.match(asRoot!.shellCommand ?? '', /^sudo sh -c '.*mkdir -m 755 .* sh \/etc\/docker \/etc\/docker\/certs\.d$/s);
      mem.readOnly.delete('/etc');
      assert.deepEqual((await ask()).create, { path: '/etc/docker/certs.d', missing: ['/etc/docker', '/etc/docker/certs.d'] });
      mem.put('/etc/docker', Buffer.from('a file where the folder should be'));
      const blocked = (await ask()).create;
      assert.match(blocked?.blocked ?? '', /^\/etc\/docker is in the way: it is not a folder/);
      assert.equal(blocked?.shellCommand, undefined);
    });
  });
});

describe('certsd/addCaCertificate: only what a connection test offered, only once the user said yes', function () {
  this.timeout(30_000);
  const HOST = 'nointer.ports.test';
  const tree = tempTrees();
  let pki: ProbePki;
  let server: TestServer;
  let client: TestClient;
  let hostPath: string;
  let caFile: string;

  before(async () => {
    pki = await makeProbePki();
    // The registry omits the intermediate; the folder has it, in a file Docker does not read.
    server = await startTlsServer({ chain: [await serverCert(pki.intermediate, HOST, { key: pki.serverKey })], key: pki.serverKey });
  });
  after(() => server.close());
  beforeEach(async () => {
    const t = tree({ etc: { docker: { 'certs.d': { [HOST]: { 'ca.crt': pki.root.pem, 'intermediate.pem': pki.intermediate.pem } } } } });
    hostPath = t.path('etc', 'docker', 'certs.d', HOST);
    caFile = path.join(hostPath, 'ca.crt');
    ({ client } = await startTestServer(t.base, { initializationOptions: { workspaceTrusted: true } }));
  });
  afterEach(() => client.dispose());

  const intermediate = (): AddCaCertificateParams => ({
    path: caFile,
    pem: pki.intermediate.pem,
    sha256: crypto.createHash('sha256').update(pki.intermediate.der).digest('hex'),
    confirmed: true,
  });
  const add = (p: unknown) => client.connection.sendRequest<AddCaResult>(Requests.addCaCertificate, p);

  async function testConnection(): Promise<void> {
    const r = await client.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath, connectTo: `127.0.0.1:${server.port}` });
    assert.ok(r.ok, JSON.stringify(r));
    const offer = r.report.advice.find((a) => a.fix?.kind === 'add-ca')?.fix;
    assert.deepEqual(offer && offer.kind === 'add-ca' && [offer.path, offer.sha256], [caFile, intermediate().sha256]);
  }

  it('writes nothing that no connection test of this session offered', async () => {
    const r = await add(intermediate());
    assert.deepEqual(r, { ok: false, message: `Nothing was written: no connection test in this session offered this certificate for ${caFile}. Test the connection again.` });
    assert.equal(fs.readFileSync(caFile, 'utf8'), pki.root.pem);
  });

  it('writes nothing without the confirmation, nor for another file or certificate than the one offered', async () => {
    await testConnection();
    assert.equal((await add({ ...intermediate(), confirmed: false })).ok, false);
    assert.equal((await add({ ...intermediate(), path: path.join(hostPath, 'other.crt') })).ok, false);
    assert.equal((await add({ ...intermediate(), sha256: crypto.createHash('sha256').update(pki.root.der).digest('hex') })).ok, false);
    assert.equal((await add({ path: caFile })).ok, false);
    assert.equal(fs.readFileSync(caFile, 'utf8'), pki.root.pem);
    assert.equal(fs.existsSync(path.join(hostPath, 'other.crt')), false);
  });

  it('appends the offered certificate once confirmed, and says it is there when asked again', async () => {
    await testConnection();
    assert.deepEqual(await add(intermediate()), { ok: true, path: caFile, created: false, alreadyThere: false });
    const pem = fs.readFileSync(caFile, 'utf8');
    assert.ok(pem.startsWith(pki.root.pem), 'what was there stays as it was');
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)!.map((b) => new crypto.X509Certificate(b).fingerprint256);
    assert.deepEqual(certs, [new crypto.X509Certificate(pki.root.der).fingerprint256, new crypto.X509Certificate(pki.intermediate.der).fingerprint256]);
    assert.deepEqual(await add(intermediate()), { ok: true, path: caFile, created: false, alreadyThere: true });
  });
});
