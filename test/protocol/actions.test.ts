/**
 * Lenses, quick fixes and Explorer context keys agree with the diagnosis, over LSP: no "Generate"
 * on a CA saved as .cert, on a registry key copied in as ca.key or in an expired-CA folder; "Delete
 * ca.key" and "Move ca.key out of certs.d" there instead; a DER original offers its deletion;
 * certsd/planDelete deletes only what the findings call unneeded, with a sudo command where root
 * owns the folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionRequest, CodeLens, CodeLensRequest, Diagnostic } from 'vscode-languageserver-protocol/node';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { MAX_LENS_VERDICT } from '../../server/src/core/lensVerdict';
import { toUri } from '../../server/src/lsp/paths';
import { Commands, DeleteFileArgs, DeletePlan, DerToPemPlan, Requests } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { certDer, ecKey, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const DAY = 86_400_000;
const GENERATE = ['Generate client key and certificate', 'Generate certificate for this key'];

describe('actions agree with the diagnosis (LSP)', function () {
  this.timeout(20_000);
  const tree = tempTrees();
  let client: TestClient;
  let root: string;
  let base: string;
  const at = (...p: string[]) => path.join(root, ...p);

  before(async () => {
    const { ca } = await commonPki();
    const expired = await selfSignedCa({ commonName: 'Expired CA', key: ecKey('P-256', 60), notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 3 * DAY) });
    const t = tree({
      docker: {
        'certs.d': {
          'ca-as-cert.example.com': { 'ca.cert': ca.pem },
          'server-key.example.com': { 'ca.crt': ca.pem, 'ca.key': file(pkcs8Pem(ca.key), 0o600) },
          'expired.example.com': { 'ca.crt': expired.pem },
          'converted.example.com': { 'ca.cer': certDer(ca), 'ca.crt': ca.pem },
          'der.example.com': { 'registry.cer': certDer(ca) },
          'good.example.com': { 'ca.crt': ca.pem },
        },
      },
    });
    base = t.base;
    root = t.path('docker', 'certs.d');
  });

  afterEach(() => client?.dispose());

  const lenses = async (p: string): Promise<CodeLens[]> => (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(p) } })) ?? [];
  const titles = (l: CodeLens[]) => l.map((x) => x.command!.title);

  function diagnosticWithCode(filePath: string, code: string): Diagnostic {
    const found = client.diagnostics.get(filePath)?.find((x) => x.code === code);
    assert.ok(found, `no ${code} on ${filePath}: ${JSON.stringify(client.diagnostics.get(filePath)?.map((x) => x.code))}`);
    return found;
  }

  async function quickFixes(filePath: string, code: string): Promise<CodeAction[]> {
    const d = diagnosticWithCode(filePath, code);
    const r = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: toUri(filePath) }, range: d.range, context: { diagnostics: [d] } });
    return (r ?? []) as CodeAction[];
  }

  it('offers no Generate lens where the fix is a rename, a deletion or a new CA, and says why in the verdict', async () => {
    ({ client } = await startTestServer(base));
    for (const p of [at('ca-as-cert.example.com', 'ca.cert'), at('server-key.example.com', 'ca.crt'), at('server-key.example.com', 'ca.key'), at('expired.example.com', 'ca.crt')]) {
      const t = titles(await lenses(p));
      assert.deepEqual(t.filter((x) => GENERATE.includes(x)), [], `${p}: ${JSON.stringify(t)}`);
      assert.ok(t[0].length <= MAX_LENS_VERDICT, t[0]);
    }
    const expired = await lenses(at('expired.example.com', 'ca.crt'));
    assert.equal(expired[0].command!.title, 'Docker: fails - CA ca.crt has expired');
    // The full verdict stays in the tooltip.
    assert.match(expired[0].command!.tooltip ?? '', /^Docker: 1 CA root/);
    // Where nothing stands in the way, generating is still offered.
    assert.ok(titles(await lenses(at('good.example.com', 'ca.crt'))).includes('Generate client key and certificate'));
  });

  it('offers "Delete ca.key" and "Move ca.key out of certs.d" on a registry key copied in, as lenses and quick fixes', async () => {
    ({ client } = await startTestServer(base));
    const key = at('server-key.example.com', 'ca.key');
    const lensList = await lenses(key);
    const del = lensList.find((l) => l.command!.title === 'Delete ca.key');
    assert.ok(del, JSON.stringify(titles(lensList)));
    assert.equal(del.command!.command, Commands.deleteFile);
    const args = del.command!.arguments![0] as DeleteFileArgs;
    assert.equal(args.path, key);
    assert.match(args.why, /private key/);
    assert.ok(!('confirmed' in args), 'nothing in the arguments skips the confirmation');
    assert.ok(titles(lensList).includes('Move ca.key out of certs.d'));
    // Not on the CA beside it.
    assert.ok(!titles(await lenses(at('server-key.example.com', 'ca.crt'))).some((t) => t.startsWith('Delete')));
    const fixes = await quickFixes(key, 'server-key');
    assert.deepEqual(fixes.map((f) => [f.title, f.command?.command]), [
      ['Delete ca.key', Commands.deleteFile],
      ['Move ca.key out of certs.d', Commands.moveOutOfCertsd],
    ]);
    assert.ok(fixes.every((f) => !f.edit), 'no edit: the client asks first');
  });

  it('recognises the DER original after conversion: information, a delete quick fix, an Explorer key, and "already converted"', async () => {
    ({ client } = await startTestServer(base));
    const cer = at('converted.example.com', 'ca.cer');
    const d = diagnosticWithCode(cer, 'der-original');
    assert.equal(d.severity, 3);
    assert.ok(!client.diagnostics.get(cer)!.some((x) => x.code === 'ignored-extension'));
    const fixes = await quickFixes(cer, 'der-original');
    assert.deepEqual(fixes.map((f) => f.title), ['Delete ca.cer']);
    const plan = await client.connection.sendRequest<DerToPemPlan>(Requests.derToPem, { path: cer });
    assert.ok(!plan.ok && plan.alreadyConverted, JSON.stringify(plan));
    assert.match(plan.message, /already converted/);
    // The Explorer's keys: only the DER certificate that still needs converting; the original as deletable.
    const last = client.explorerFiles.at(-1);
    assert.ok(last, 'no certsd/explorerFiles notification');
    assert.deepEqual(last.derCertificates, [at('der.example.com', 'registry.cer')]);
    assert.deepEqual(last.deletableFiles, [cer, at('server-key.example.com', 'ca.key')].sort());
  });

  it('plans a deletion only of a file the findings call unneeded, and gives a sudo command that checks the file where root owns the folder', async () => {
    ({ client } = await startTestServer(base));
    const key = at('server-key.example.com', 'ca.key');
    assert.deepEqual(await client.connection.sendRequest<DeletePlan>(Requests.planDelete, { path: key }), { ok: true, path: key });
    for (const p of [at('server-key.example.com', 'ca.crt'), at('good.example.com', 'ca.crt'), '/etc/passwd', 'relative/ca.key']) {
      const refused = await client.connection.sendRequest<DeletePlan>(Requests.planDelete, { path: p });
      assert.equal(refused.ok, false, p);
    }
    assert.ok(fs.existsSync(key), 'the server deletes nothing itself');
    client.dispose();
    ({ client } = await startTestServer(base, { fs: { ...nodeFileSystem, canWrite: () => false } }));
    const plan = await client.connection.sendRequest<DeletePlan>(Requests.planDelete, { path: key });
    assert.ok(!plan.ok && plan.shellCommand, JSON.stringify(plan));
    assert.match(plan.message, /belongs to another user \(root\)/);
    const sum = (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(key)).digest('hex');
    assert.ok(plan.shellCommand.startsWith('sudo sh -c ') && plan.shellCommand.includes(sum) && plan.shellCommand.includes(key));
    // The key's bytes are never in the command, only their hash.
    const body = fs.readFileSync(key, 'utf8').split('\n')[1];
    assert.ok(!plan.shellCommand.includes(body.slice(0, 20)));
  });
});
