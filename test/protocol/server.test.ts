import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionRequest,
  CodeLensRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  MarkupContent,
  RenameFile,
} from 'vscode-languageserver-protocol/node';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { toPath, toUri } from '../../server/src/lsp/paths';
import { Commands, DerToPemPlan, GenerateResult, Requests } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient, relatedText } from '../helpers/lsp';
import { certDer, ecKey, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const codesOf = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code);

describe('language server over LSP (in-process)', function () {
  const tree = tempTrees();
  let client: TestClient;
  let root: string;
  const at = (...p: string[]) => path.join(root, ...p);

  beforeEach(async () => {
    const { ca, client: clientCert } = await commonPki();
    const other = await selfSignedCa({ commonName: 'Other CA', key: ecKey('P-256', 1) });
    const t = tree({
      etc: {
        docker: {
          'certs.d': {
            'good.example.com': { 'ca.crt': ca.pem, 'client.cert': clientCert.pem, 'client.key': file(pkcs8Pem(clientCert.key), 0o600) },
            'reg.example.com:5000': { 'ca.cert': ca.pem },
            'registry.example.com:443': { 'ca.crt': ca.pem },
            'der.example.com': { 'ca.crt': certDer(ca) },
            'split.example.com': { 'ca.crt': other.pem, 'client.key': file(pkcs8Pem(clientCert.key), 0o600) },
            'stray.crt': ca.pem,
          },
        },
      },
    });
    root = t.path('etc', 'docker', 'certs.d');
    ({ client } = await startTestServer(t.base));
  });

  afterEach(() => client?.dispose());

  /** The published diagnostic with `code` on `filePath`; a failed assertion naming what is there if none. */
  function diagnosticWithCode(filePath: string, code: string): Diagnostic {
    const all = client.diagnostics.get(filePath);
    const found = all?.find((x) => x.code === code);
    assert.ok(found, `expected a ${code} diagnostic on ${filePath}; it has ${all ? JSON.stringify(codesOf(all)) : 'no diagnostics published'}`);
    return found;
  }

  it('publishes diagnostics for files never opened, a binary DER file included', () => {
    assert.ok(codesOf(client.diagnostics.get(at('reg.example.com:5000', 'ca.cert'))).includes('ca-as-cert'));
    assert.ok(codesOf(client.diagnostics.get(at('der.example.com', 'ca.crt'))).includes('ca-unusable'));
    assert.ok(codesOf(client.diagnostics.get(at('stray.crt'))).includes('file-in-root'));
    assert.equal(client.diagnostics.get(at('good.example.com', 'ca.crt')), undefined, 'a good folder gets no diagnostics');
    const d = diagnosticWithCode(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.equal(d.source, 'certs.d');
    assert.match(relatedText(d), /missing key ca\.key for client certificate ca\.cert\. CA certificates must use the extension \.crt/);
  });

  it('leads with a short summary, links the short code to its page, and keeps the engine and the fix in related information', () => {
    const cert = at('reg.example.com:5000', 'ca.cert');
    const d = diagnosticWithCode(cert, 'ca-as-cert');
    assert.equal(d.message, 'ca.cert holds a CA certificate, and CA certificates must be named .crt');
    assert.deepEqual(d.codeDescription, { href: 'https://github.com/certsd/certsd/blob/main/docs/rules/ca-as-cert.md' });
    assert.equal(d.relatedInformation?.length, 1);
    // At the file and range of the finding, with the engine's own words and the fix.
    assert.equal(toPath(d.relatedInformation![0].location.uri), cert);
    assert.deepEqual(d.relatedInformation![0].location.range, d.range);
    assert.match(relatedText(d), /^Docker refuses the whole folder: "missing key ca\.key/);
    assert.match(relatedText(d), /rename it to ca\.crt/);
    assert.doesNotMatch(d.message, /missing key|"/);
    // Every diagnostic has the short code, its page, a message under 120 characters, and the source certs.d.
    for (const [, ds] of client.diagnostics) {
      for (const x of ds) {
        assert.equal(x.source, 'certs.d');
        assert.doesNotMatch(String(x.code), /^certsd\//);
        assert.equal(x.codeDescription?.href, `https://github.com/certsd/certsd/blob/main/docs/rules/${x.code}.md`);
        assert.ok(String(x.message).length < 120, String(x.message));
        assert.ok(relatedText(x).length > String(x.message).length, JSON.stringify(x));
      }
    }
  });

  it('attaches a folder-wide problem (:443) to the files in the folder, its whole text pointing at that file', () => {
    const file = at('registry.example.com:443', 'ca.crt');
    const d = client.diagnostics.get(file);
    assert.ok(codesOf(d).includes('port-443'), JSON.stringify(d));
    const p443 = d!.find((x) => x.code === 'port-443')!;
    assert.equal(p443.message, 'Folder registry.example.com:443 is read only for images named with :443');
    assert.equal(toPath(p443.relatedInformation![0].location.uri), file);
    assert.match(relatedText(p443), /rename the folder to registry\.example\.com\./);
  });

  it("tells the other files of a refused folder the engine's verdict, pointing at the file that causes it", () => {
    const d = client.diagnostics.get(at('split.example.com', 'ca.crt'));
    const refused = (d ?? []).find((x) => x.code === 'folder-refused');
    assert.ok(refused, JSON.stringify(d));
    assert.equal(refused.message, 'Not used either: the whole folder is refused because of client.key');
    assert.equal(toPath(refused.relatedInformation![0].location.uri), at('split.example.com', 'client.key'));
    assert.match(relatedText(refused), /missing client certificate client\.cert for key client\.key/);
  });

  it('lists the problems of the hovered block in full under the hover', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(at('reg.example.com:5000', 'ca.cert')) }, position: { line: 1, character: 3 } });
    const text = (h!.contents as MarkupContent).value as string;
    assert.match(text, /\*\*Problems\*\*/);
    assert.match(text, /ca\.cert holds a CA certificate, and CA certificates must be named \.crt\*\* \(`ca-as-cert`\)/);
    assert.match(text, /missing key ca\.key for client certificate ca\.cert/);
    // A block without problems gets none.
    const good = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(at('good.example.com', 'ca.crt')) }, position: { line: 1, character: 3 } });
    assert.doesNotMatch((good!.contents as MarkupContent).value, /Problems/);
  });

  it('hovers a certificate with its subject, validity, fingerprint and role', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(at('good.example.com', 'ca.crt')) }, position: { line: 1, character: 3 } });
    const text = (h!.contents as MarkupContent).value as string;
    assert.match(text, /CN=Registry CA/);
    assert.match(text, /expires in 11 months/, 'the CA of commonPki is valid for a year from yesterday');
    assert.match(text, /self-signed/);
    assert.match(text, /CA root for good\.example\.com under Docker/);
    const { ca } = await commonPki();
    // The fingerprint in two lines of 16 bytes, so that the popup needs no horizontal scrolling.
    const fingerprint = new crypto.X509Certificate(ca.der).fingerprint256.split(':');
    assert.ok(text.includes(`- **SHA-256**: \`${fingerprint.slice(0, 16).join(':')}\`\\\n  \`${fingerprint.slice(16).join(':')}\``), text);
    assert.ok(text.split('\n').every((line) => line.length <= 120 || line.startsWith('- **')), 'only list lines (which wrap) are long');
  });

  it("says both verdicts in the lens when Docker's containerd store and docker login differ", async () => {
    client.dispose();
    ({ client } = await startTestServer(path.dirname(path.dirname(path.dirname(root))), { settings: { dockerStore: 'containerd' } }));
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(at('split.example.com', 'client.key')) } });
    // containerd ignores a lone .key; moby's loader (docker login) refuses the folder.
    // The lens says it in few words (the actions beside it stay visible); the tooltip has both verdicts whole.
    assert.equal(lenses![0].command!.title, 'Docker pull: works | docker login: fails on client.key');
    assert.equal(lenses![0].command!.tooltip, 'Docker pull: 1 CA root + system roots | docker login: fails - missing client certificate client.cert for key client.key');
    const diagnostics = client.diagnostics.get(at('split.example.com', 'client.key')) ?? [];
    assert.ok(diagnostics.some((d) => /^docker login refuses the whole folder/.test(relatedText(d))), diagnostics.map((d) => relatedText(d)).join('\n'));
  });

  it('hovers a key with its type and matching certificate, never its material', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(at('good.example.com', 'client.key')) }, position: { line: 2, character: 0 } });
    const text = (h!.contents as MarkupContent).value as string;
    assert.match(text, /RSA 2048/);
    assert.match(text, /PKCS#8/);
    assert.match(text, /matches the certificate in client\.cert/);
    const keyBody = fs.readFileSync(at('good.example.com', 'client.key'), 'utf8').split('\n')[1];
    assert.ok(!text.includes(keyBody.slice(0, 20)), 'no key material in the hover');
  });

  it('shows the verdict as a code lens and offers key generation where a pair is missing', async () => {
    const good = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(at('good.example.com', 'ca.crt')) } });
    // A trusted workspace (the helper's default) has "Test connection" too (probe.test.ts).
    assert.deepEqual(good!.map((l) => l.command!.title), ['Docker: 1 CA root + system roots, 1 client certificate', 'Test connection']);
    const split = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(at('split.example.com', 'client.key')) } });
    const titles = split!.map((l) => l.command!.title);
    assert.equal(titles[0], 'Docker: fails on client.key (see Problems)');
    assert.equal(split![0].command!.tooltip, 'Docker: fails - missing client certificate client.cert for key client.key');
    assert.ok(titles.includes('Generate certificate for this key'));
    assert.ok(titles.includes('Generate client key and certificate'));
  });

  async function fixesFor(filePath: string, code: string): Promise<CodeAction[]> {
    const diagnostic = diagnosticWithCode(filePath, code);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: toUri(filePath) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return (actions ?? []) as CodeAction[];
  }

  it('offers the CA rename as a preferred quick fix with a RenameFile that never overwrites', async () => {
    const [action] = await fixesFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.equal(action.title, 'Rename to ca.crt');
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, true);
    const op = action.edit!.documentChanges![0] as RenameFile;
    assert.equal(op.kind, 'rename');
    assert.equal(op.oldUri, toUri(at('reg.example.com:5000', 'ca.cert')));
    assert.equal(op.newUri, toUri(at('reg.example.com:5000', 'ca.crt')));
    assert.equal(op.options?.overwrite, false);
  });

  it('offers no rename when the target exists', async () => {
    fs.writeFileSync(at('reg.example.com:5000', 'ca.crt'), 'x');
    const actions = await fixesFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.deepEqual(actions, []);
  });

  it('renames a :443 folder to the bare host', async () => {
    const [action] = await fixesFor(at('registry.example.com:443', 'ca.crt'), 'port-443');
    const op = action.edit!.documentChanges![0] as RenameFile;
    assert.equal(op.newUri, toUri(at('registry.example.com')));
    assert.equal(op.oldUri, toUri(at('registry.example.com:443')));
  });

  it('converts DER to PEM, keeping the original under a name no engine reads', async () => {
    const [action] = await fixesFor(at('der.example.com', 'ca.crt'), 'ca-unusable');
    const ops = action.edit!.documentChanges!;
    assert.deepEqual(ops.map((o) => ('kind' in o ? o.kind : 'edit')), ['rename', 'create', 'edit']);
    const text = (ops[2] as { edits: { newText: string }[] }).edits[0].newText;
    const { ca } = await commonPki();
    assert.equal(new crypto.X509Certificate(text).fingerprint256, new crypto.X509Certificate(ca.der).fingerprint256);
  });

  it('plans DER to PEM for the explorer command, and refuses what is not a DER certificate', async () => {
    const plan = (await client.connection.sendRequest(Requests.derToPem, { path: at('der.example.com', 'ca.crt') })) as DerToPemPlan;
    assert.ok(plan.ok, JSON.stringify(plan));
    assert.equal(plan.from, at('der.example.com', 'ca.crt'));
    assert.equal(plan.keep, at('der.example.com', 'ca.der'));
    assert.equal(plan.to, at('der.example.com', 'ca.crt'));
    const { ca } = await commonPki();
    assert.equal(new crypto.X509Certificate(plan.pem).fingerprint256, new crypto.X509Certificate(ca.der).fingerprint256);
    const refused = (await client.connection.sendRequest(Requests.derToPem, { path: at('good.example.com', 'ca.crt') })) as DerToPemPlan;
    assert.equal(refused.ok, false);
    fs.writeFileSync(at('der.example.com', 'ca.der'), 'taken');
    const taken = (await client.connection.sendRequest(Requests.derToPem, { path: at('der.example.com', 'ca.crt') })) as DerToPemPlan;
    assert.deepEqual(taken, { ok: false, message: 'ca.der already exists: rename or remove it first (nothing is overwritten).' });
  });

  it('offers to move a file from the root into a host folder, asking which', async () => {
    const [action] = await fixesFor(at('stray.crt'), 'file-in-root');
    assert.equal(action.command!.command, Commands.moveToHostFolder);
    const args = action.command!.arguments![0] as { from: string; folders: string[] };
    assert.equal(args.from, at('stray.crt'));
    assert.ok(args.folders.includes(at('good.example.com')));
  });

  it('offers the sudo command instead of an edit when the folder belongs to root', async () => {
    client.dispose();
    ({ client } = await startTestServer(path.dirname(path.dirname(path.dirname(root))), { fs: { ...nodeFileSystem, canWrite: () => false } }));
    const [action] = await fixesFor(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.equal(action.edit, undefined);
    assert.equal(action.command!.command, Commands.copyShellCommand);
    const args = action.command!.arguments![0] as { command: string; message: string };
    assert.match(args.message, /belongs to another user/);
    // The command does the rename (run here without sudo: the script is what is checked).
    assert.match(args.command, /^sudo sh -c /);
    const ran = spawnSync('sh', ['-c', args.command.replace(/^sudo /, '')], { encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    assert.ok(fs.existsSync(at('reg.example.com:5000', 'ca.crt')) && !fs.existsSync(at('reg.example.com:5000', 'ca.cert')));
  });

  it('offers the sudo command for DER to PEM in a root-owned folder, and it converts without overwriting', async () => {
    client.dispose();
    ({ client } = await startTestServer(path.dirname(path.dirname(path.dirname(root))), { fs: { ...nodeFileSystem, canWrite: () => false } }));
    const [action] = await fixesFor(at('der.example.com', 'ca.crt'), 'ca-unusable');
    const args = action.command!.arguments![0] as { command: string };
    const ran = spawnSync('sh', ['-c', args.command.replace(/^sudo /, '')], { encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    const { ca } = await commonPki();
    assert.equal(new crypto.X509Certificate(fs.readFileSync(at('der.example.com', 'ca.crt'))).fingerprint256, new crypto.X509Certificate(ca.der).fingerprint256);
    assert.deepEqual(fs.readFileSync(at('der.example.com', 'ca.der')), ca.der);
  });

  it('simulates the engine chosen in the settings instead of the one from the path', async () => {
    client.dispose();
    ({ client } = await startTestServer(path.dirname(path.dirname(path.dirname(root))), { settings: { engine: 'containerd' } }));
    const d = diagnosticWithCode(at('reg.example.com:5000', 'ca.cert'), 'ca-as-cert');
    assert.match(relatedText(d), /^containerd refuses the whole folder: "failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key"/);
  });

  it('checks extra roots from the settings, outside the workspace', async () => {
    const { ca } = await commonPki();
    const elsewhere = tree({ 'certs.d': { 'reg.example.net': { 'ca.cert': ca.pem } } });
    const empty = tree({ 'README.md': 'nothing here\n' });
    client.dispose();
    ({ client } = await startTestServer(empty.base, { settings: { extraRoots: [elsewhere.path('certs.d')] } }));
    assert.ok(codesOf(client.diagnostics.get(elsewhere.path('certs.d', 'reg.example.net', 'ca.cert'))).includes('ca-as-cert'));
  });

  it('hovers an expired certificate with how long ago it expired (clock pinned)', async () => {
    const { ca } = await commonPki();
    const notAfter = new crypto.X509Certificate(ca.der).validTo;
    client.dispose();
    const base = path.dirname(path.dirname(path.dirname(root)));
    ({ client } = await startTestServer(base, { now: () => new Date(new Date(notAfter).getTime() + 4 * 86_400_000 + 3_600_000) }));
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(at('good.example.com', 'ca.crt')) }, position: { line: 1, character: 0 } });
    assert.match((h!.contents as MarkupContent).value as string, /expired 4 days ago/);
    assert.ok(codesOf(client.diagnostics.get(at('good.example.com', 'ca.crt'))).includes('expired'));
  });

  it('renames an ignored extension to the one the content calls for', async () => {
    const { ca } = await commonPki();
    fs.writeFileSync(at('good.example.com', 'extra-ca.pem'), ca.pem);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(at('good.example.com', 'extra-ca.pem')), type: FileChangeType.Created }] });
    await client.waitForDiagnostics(at('good.example.com', 'extra-ca.pem'), (d) => d.length > 0);
    const [action] = await fixesFor(at('good.example.com', 'extra-ca.pem'), 'ignored-extension');
    const op = action.edit!.documentChanges![0] as RenameFile;
    assert.equal(op.newUri, toUri(at('good.example.com', 'extra-ca.crt')));
  });

  it('updates diagnostics after a file changes on disk', async () => {
    const target = at('reg.example.com:5000', 'ca.cert');
    fs.renameSync(target, at('reg.example.com:5000', 'ca.crt'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: toUri(target), type: FileChangeType.Deleted },
        { uri: toUri(at('reg.example.com:5000', 'ca.crt')), type: FileChangeType.Created },
      ],
    });
    await client.waitForDiagnostics(target, (d) => d.length === 0);
    assert.equal(client.diagnostics.get(at('reg.example.com:5000', 'ca.crt')), undefined);
  });

  it('moves diagnostics along when a whole folder is renamed on disk', async () => {
    const oldDir = at('registry.example.com:443');
    const newDir = at('registry.example.com');
    fs.renameSync(oldDir, newDir);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: toUri(oldDir), type: FileChangeType.Deleted },
        { uri: toUri(newDir), type: FileChangeType.Created },
      ],
    });
    await client.waitForDiagnostics(path.join(oldDir, 'ca.crt'), (d) => d.length === 0);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(path.join(newDir, 'ca.crt')) } });
    assert.equal(lenses![0].command!.title, 'Docker: 1 CA root + system roots');
    assert.equal(client.diagnostics.get(path.join(newDir, 'ca.crt')), undefined);
  });

  it('checks a host folder created after start', async () => {
    const dir = at('new.example.com');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'client.cert'), fs.readFileSync(at('good.example.com', 'client.cert')));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: toUri(path.join(dir, 'client.cert')), type: FileChangeType.Created }],
    });
    const d = await client.waitForDiagnostics(path.join(dir, 'client.cert'), (x) => x.some((y) => y.code === 'missing-key'));
    assert.match(relatedText(d[0]), /missing key client\.key for client certificate client\.cert/);
  });

  it('finds a certs.d folder created after start', async () => {
    const { ca } = await commonPki();
    const base = path.dirname(path.dirname(path.dirname(root)));
    const newRoot = path.join(base, 'srv', 'containers', 'certs.d');
    fs.mkdirSync(path.join(newRoot, 'reg.example.org'), { recursive: true });
    fs.writeFileSync(path.join(newRoot, 'reg.example.org', 'ca.cert'), ca.pem);
    const checked = client.nextChecked();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: toUri(path.join(newRoot, 'reg.example.org', 'ca.cert')), type: FileChangeType.Created }],
    });
    assert.equal((await checked).full, true);
    const d = diagnosticWithCode(path.join(newRoot, 'reg.example.org', 'ca.cert'), 'ca-as-cert');
    // containers/certs.d: the podman profile, with podman's own wording.
    assert.match(relatedText(d), /Note that CA certificates should use the extension \.crt/);
  });

  it('does not look for roots again when an unrelated key changes elsewhere in the workspace', async () => {
    const base = path.dirname(path.dirname(path.dirname(root)));
    fs.writeFileSync(path.join(base, 'server.key'), 'x');
    const checked = client.nextChecked();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(path.join(base, 'server.key')), type: FileChangeType.Created }] });
    const params = await checked;
    assert.equal(params.full, false);
    assert.equal(params.hosts, 0);
  });

  it('follows unsaved edits of an open document', async () => {
    const target = at('good.example.com', 'ca.crt');
    const uri = toUri(target);
    const text = fs.readFileSync(target, 'utf8');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text } });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'not a certificate any more\n' }],
    });
    const d = await client.waitForDiagnostics(target, (x) => x.some((y) => y.code === 'ca-unusable'));
    assert.match(relatedText(d.find((x) => x.code === 'ca-unusable')!), /silently ignores/);
  });

  it('lists one outline entry and one folding range per PEM block', async () => {
    const uri = toUri(at('good.example.com', 'client.cert'));
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['CERTIFICATE CN=client']);
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.equal(folds!.length, 1);
    assert.equal(folds![0].startLine, 0);
  });

  it('generates a client key (mode 0600) and certificate that load, and re-checks the folder', async () => {
    const host = at('der.example.com');
    const rechecked = client.nextChecked();
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: Commands.generateClientPair,
      arguments: [{ hostPath: host, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'lsp-test', validityDays: 30, mode: 'self-signed' }],
    })) as GenerateResult;
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(fs.statSync(path.join(host, 'client.key')).mode & 0o777, 0o600);
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(host, 'client.cert')));
    assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(fs.readFileSync(path.join(host, 'client.key')))));
    await rechecked;
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(path.join(host, 'client.cert')) } });
    // The folder's ca.crt is DER, which Docker ignores: the verdict leads with that, the counts are in the tooltip.
    assert.equal(lenses![0].command!.title, 'Docker: fails - CA ca.crt is unusable');
    assert.match(lenses![0].command!.tooltip ?? '', /^Docker: .*1 client certificate$/);
    // A second run must not overwrite.
    const again = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: Commands.generateClientPair,
      arguments: [{ hostPath: host, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'lsp-test', validityDays: 30, mode: 'self-signed' }],
    })) as GenerateResult;
    assert.equal(again.ok, false);
    assert.match((again as { message: string }).message, /exists/);
  });

  it('refuses bad generate arguments with a clear message', async () => {
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: Commands.generateClientPair,
      arguments: [{ hostPath: at('good.example.com'), baseName: '../evil', algorithm: 'ecdsa-p256', commonName: 'x', validityDays: 30, mode: 'self-signed' }],
    })) as GenerateResult;
    assert.equal(result.ok, false);
    assert.match((result as { message: string }).message, /file name/);
    const host = at('der.example.com');
    for (const [bad, message] of [
      [{ validityDays: 5000 }, /whole number of days from 1 to 3650/],
      [{ algorithm: 'dsa-1024' }, /Unknown key algorithm "dsa-1024"/],
      [{ commonName: '  ' }, /common name \(CN\) is empty/],
    ] as const) {
      const r = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: Commands.generateClientPair,
        arguments: [Object.assign({ hostPath: host, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'x', validityDays: 30, mode: 'self-signed' }, bad)],
      })) as GenerateResult;
      assert.equal(r.ok, false, JSON.stringify(bad));
      assert.match((r as { message: string }).message, message);
    }
    assert.ok(!fs.existsSync(path.join(host, 'client.key')), 'nothing written');
  });
});
