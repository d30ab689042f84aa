/**
 * Restricted Mode (an untrusted workspace): diagnostics, hovers and the verdict lenses work; the
 * lenses and quick fixes that would generate, change files or connect are held back, and where they
 * would be offered one lens / one quick fix says so and opens VS Code's workspace trust. The
 * server refuses the generate commands and the change plans too, whatever a client sends.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionRequest, CodeLensRequest, ExecuteCommandRequest, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { Commands, GenerateResult, MANAGE_TRUST_COMMAND, MovePlan, Requests, RESTRICTED_MODE_WRITE_MESSAGE } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { tempTrees } from '../helpers/tree';

describe('language server in Restricted Mode', function () {
  const makeTree = tempTrees();
  let untrusted: TestClient;
  let trusted: TestClient;
  let root: string;
  const at = (...p: string[]) => path.join(root, ...p);

  beforeEach(async () => {
    const { ca } = await commonPki();
    const t = makeTree({ etc: { docker: { 'certs.d': { 'reg.example.com:5000': { 'ca.cert': ca.pem }, 'ca-only.example.com': { 'ca.crt': ca.pem } } } } });
    root = t.path('etc', 'docker', 'certs.d');
    ({ client: untrusted } = await startTestServer(t.base, { initializationOptions: {} }));
    ({ client: trusted } = await startTestServer(t.base, { initializationOptions: { workspaceTrusted: true } }));
  });
  afterEach(() => {
    untrusted.dispose();
    trusted.dispose();
  });

  const lenses = (c: TestClient, file: string) => c.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(file) } }).then((l) => l ?? []);
  async function fixes(c: TestClient, file: string): Promise<CodeAction[]> {
    const diagnostics = c.diagnostics.get(file) ?? [];
    assert.ok(diagnostics.length > 0, `no diagnostics on ${file}`);
    return ((await c.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: toUri(file) }, range: diagnostics[0].range, context: { diagnostics } })) ?? []) as CodeAction[];
  }

  it('publishes the same diagnostics and hovers as a trusted workspace (Restricted Mode)', async () => {
    const file = at('reg.example.com:5000', 'ca.cert');
    assert.deepEqual(untrusted.diagnostics.get(file), trusted.diagnostics.get(file));
    assert.ok((untrusted.diagnostics.get(file) ?? []).some((d) => d.code === 'ca-as-cert'));
    const hover = (c: TestClient) => c.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(file) }, position: { line: 1, character: 2 } });
    const h = await hover(untrusted);
    assert.match((h!.contents as MarkupContent).value, /CN=Registry CA/);
    assert.deepEqual(h, await hover(trusted));
  });

  it('keeps the verdict lens and shows one trust lens in place of generate and Test connection (Restricted Mode)', async () => {
    const file = at('ca-only.example.com', 'ca.crt');
    const offered = await lenses(trusted, file);
    const commands = offered.map((l) => l.command?.command).filter(Boolean);
    assert.ok(commands.includes(Commands.generateClientPair) && commands.includes(Commands.testConnection), JSON.stringify(commands));
    const restricted = await lenses(untrusted, file);
    assert.deepEqual(restricted.filter((l) => !l.command?.command), offered.filter((l) => !l.command?.command), 'the verdicts stay');
    const actions = restricted.filter((l) => l.command?.command);
    assert.equal(actions.length, 1, JSON.stringify(restricted.map((l) => l.command?.title)));
    assert.equal(actions[0].command!.command, MANAGE_TRUST_COMMAND);
    assert.match(actions[0].command!.title, /^Trust the workspace to generate/);
    assert.ok(actions[0].command!.title.length <= 60);
  });

  it('offers one quick fix that opens workspace trust instead of the rename (Restricted Mode)', async () => {
    const file = at('reg.example.com:5000', 'ca.cert');
    const offered = await fixes(trusted, file);
    assert.ok(offered.some((a) => a.edit), `a trusted workspace gets the rename: ${JSON.stringify(offered.map((a) => a.title))}`);
    const restricted = await fixes(untrusted, file);
    assert.equal(restricted.length, 1, JSON.stringify(restricted.map((a) => a.title)));
    assert.equal(restricted[0].edit, undefined);
    assert.equal(restricted[0].command?.command, MANAGE_TRUST_COMMAND);
    assert.match(restricted[0].title, /Trust the workspace/);
  });

  it('refuses to generate or plan a move whatever the client sends, writing nothing (Restricted Mode)', async () => {
    const host = at('ca-only.example.com');
    const result = (await untrusted.connection.sendRequest(ExecuteCommandRequest.type, {
      command: Commands.generateClientPair,
      arguments: [{ hostPath: host, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'x', validityDays: 30, mode: 'self-signed' }],
    })) as GenerateResult;
    assert.deepEqual(result, { ok: false, message: RESTRICTED_MODE_WRITE_MESSAGE });
    assert.deepEqual(fs.readdirSync(host), ['ca.crt']);
    const move = await untrusted.connection.sendRequest<MovePlan>(Requests.planMove, { from: at('reg.example.com:5000', 'ca.cert'), to: at('reg.example.com:5000', 'ca.crt') });
    assert.deepEqual(move, { ok: false, message: RESTRICTED_MODE_WRITE_MESSAGE });
  });
});
