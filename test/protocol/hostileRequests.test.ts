/**
 * The language server stays up under hostile requests: commands with wrong types, missing fields
 * and paths outside any certs.d folder; requests for URIs outside the workspace or of other
 * schemes; out-of-range and ill-typed positions; 1,000 rapid changes. Each request is answered
 * (a result, null, or a refusal) or gets a JSON-RPC error, and afterwards the server still serves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { Commands, GenerateResult, Requests } from '../../server/src/protocol';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { startTestServer, TestClient } from '../helpers/lsp';
import { tempTrees } from '../helpers/tree';

/** The outcome of a request: its result, or the error the server answered with. Never a hang. */
async function outcome(p: Promise<unknown>, ms = 5000): Promise<{ result?: unknown; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    return { result: await Promise.race([p, timeout]) };
  } catch (e) {
    if (e instanceof Error && /no answer within/.test(e.message)) throw e;
    return { error: String((e as Error).message ?? e) };
  } finally {
    clearTimeout(timer);
  }
}

describe('hostile input: the language server answers or refuses every request and keeps serving', () => {
  const tree = tempTrees();
  let base: string;
  let client: TestClient;
  let caPem: string;
  const host = () => path.join(base, 'docker', 'certs.d', 'reg.example.com');
  const caFile = () => path.join(host(), 'ca.crt');

  /** The server still answers a plain hover on a certificate. */
  async function stillServing(): Promise<void> {
    const h = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(caFile()) }, position: { line: 1, character: 0 } }));
    assert.ok(h.result && JSON.stringify(h.result).includes('Hostile CA'), `the server stopped serving: ${JSON.stringify(h)}`);
  }

  beforeEach(async () => {
    caPem ??= (await selfSignedCa({ commonName: 'Hostile CA', key: ecKey('P-256', 45) })).pem;
    base = tree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': caPem } } } }).base;
    ({ client } = await startTestServer(base));
  });
  afterEach(() => client.dispose());

  it('refuses generate commands with wrong types, missing fields or paths outside any certs.d host folder, and writes nothing', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-outside-'));
    fs.writeFileSync(path.join(outside, 'x.key'), '');
    const good = { baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'x', validityDays: 30, mode: 'self-signed' };
    const hostile: [string, unknown[] | undefined][] = [
      [Commands.generateClientPair, undefined],
      [Commands.generateClientPair, []],
      [Commands.generateClientPair, [null]],
      [Commands.generateClientPair, [42]],
      [Commands.generateClientPair, ['a string']],
      [Commands.generateClientPair, [{ ...good, hostPath: 5 }]],
      [Commands.generateClientPair, [{ ...good, hostPath: { toString: 1 } }]],
      [Commands.generateClientPair, [{ ...good, hostPath: outside }]],
      [Commands.generateClientPair, [{ ...good, hostPath: base }]],
      [Commands.generateClientPair, [{ ...good, hostPath: path.join(base, 'docker', 'certs.d') }]],
      [Commands.generateClientPair, [{ ...good, hostPath: path.join(host(), '..', '..', '..') }]],
      [Commands.generateClientPair, [{ ...good, hostPath: host(), baseName: '../../escape' }]],
      [Commands.generateClientPair, [{ ...good, hostPath: host(), algorithm: 12, validityDays: 'many', mode: [] }]],
      [Commands.generateCertificateForKey, [{ keyPath: path.join(outside, 'x.key'), commonName: 'x', validityDays: 30, mode: 'self-signed' }]],
      [Commands.generateCertificateForKey, [{ keyPath: ['a.key'] }]],
      [Commands.generateCertificateForKey, [{}]],
      ['certsd.noSuchCommand', [{}]],
    ];
    for (const [command, args] of hostile) {
      const r = await outcome(client.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }));
      const refused = r.error !== undefined || (r.result as GenerateResult | undefined)?.ok === false;
      assert.ok(refused, `${command} ${JSON.stringify(args)} was not refused: ${JSON.stringify(r)}`);
    }
    assert.deepEqual(fs.readdirSync(outside), ['x.key'], 'nothing written outside the workspace');
    fs.rmSync(outside, { recursive: true, force: true });
    assert.deepEqual(fs.readdirSync(host()), ['ca.crt'], 'nothing written into the host folder by the bad calls');
    assert.ok(!fs.existsSync(path.join(base, 'docker', 'escape.key')));
    await stillServing();
  });

  it('answers requests for URIs outside any root, of other schemes, or malformed, without reading them', async () => {
    const uris = ['file:///dev/zero', 'file:///proc/self/environ', toUri(path.join(os.tmpdir(), 'no-such-dir', 'x.crt')), 'untitled:Untitled-1', 'https://example.com/ca.crt', 'not a uri', '', 'file://', 'file:///%00'];
    for (const uri of uris) {
      const td = { textDocument: { uri } };
      for (const req of [
        client.connection.sendRequest(HoverRequest.type, { ...td, position: { line: 0, character: 0 } }),
        client.connection.sendRequest(CodeLensRequest.type, td),
        client.connection.sendRequest(DocumentSymbolRequest.type, td),
        client.connection.sendRequest(FoldingRangeRequest.type, td),
        client.connection.sendRequest(CompletionRequest.type, { ...td, position: { line: 0, character: 0 } }),
        client.connection.sendRequest(CodeActionRequest.type, { ...td, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }),
      ]) {
        const r = await outcome(req);
        if (r.result !== undefined) assert.ok(r.result === null || (Array.isArray(r.result) && r.result.length === 0), `${uri}: ${JSON.stringify(r.result).slice(0, 200)}`);
      }
    }
    const plan = await outcome(client.connection.sendRequest(Requests.derToPem, { path: '/dev/zero' }));
    assert.ok(plan.error !== undefined || (plan.result as { ok: boolean }).ok === false);
    await stillServing();
  });

  it('answers out-of-range and ill-typed positions and params', async () => {
    const uri = toUri(caFile());
    const positions: unknown[] = [{ line: -1, character: 0 }, { line: 1e9, character: 1e9 }, { line: 1, character: -5 }, { line: 0.5, character: 0 }, { line: 'x', character: null }, {}, null];
    for (const position of positions) {
      const r = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position } as never));
      if (r.result !== undefined && r.result !== null) assert.ok(JSON.stringify(r.result).includes('Hostile CA'));
    }
    // (null and [] params are refused by the client library before they are sent.)
    for (const params of [{}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: { uri: toUri(caFile()) }, position: 'x', context: 5 }]) {
      await outcome(client.connection.sendRequest(HoverRequest.type, params as never));
      await outcome(client.connection.sendRequest(CodeLensRequest.type, params as never));
      await outcome(client.connection.sendRequest(DocumentSymbolRequest.type, params as never));
      await outcome(client.connection.sendRequest(CodeActionRequest.type, params as never));
    }
    await stillServing();
  });

  it('follows 1,000 rapid changes of an open document and ends on the last text', async function () {
    this.timeout(60_000);
    const uri = toUri(caFile());
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: caPem } });
    for (let v = 2; v <= 1001; v++) {
      // Insert and remove a character at the top, alternately; the last change breaks the file.
      const change = v === 1001
        ? { text: 'broken\n' }
        : v % 2 === 0
          ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }
          : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' };
      void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [change] });
    }
    const diagnostics = await client.waitForDiagnostics(caFile(), (d) => d.length > 0, 20_000);
    assert.ok(diagnostics.length > 0);
    const h = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }));
    assert.equal(h.result, null, 'the hover sees the last text (no PEM block)');
  });
});
