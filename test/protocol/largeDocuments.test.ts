/**
 * Large and changing documents. An open document over the 1 MiB the check reads gets the finding a
 * file over it gets, edited or not, while hover, outline and folding still answer on the block
 * asked for. A 50 MB bundle (the issue's: 184 s to the first hover, 340 s to the outline, 544 MB
 * held) answers every request within a bound, and closing it gives the memory back; so do 1,000
 * rapid changes. The heap is measured in a child process started with --expose-gc
 * (largeDocuments.child.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { MAX_READ_BYTES } from '../../server/src/core/fsview';
import { toUri } from '../../server/src/lsp/paths';
import { OUTLINE_LIMIT } from '../../server/src/lsp/symbols';
import { startTestServer, TestClient, relatedText } from '../helpers/lsp';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';
import type { ChildReport } from './largeDocuments.child';

/**
 * Every request on the 50 MB document answers within this: the target is well under a second
 * (npm run bench:documents measures it); the bound leaves room for a loaded machine, and still
 * fails by far what the issue saw (184 s to the first hover).
 */
const BOUND_MS = 5_000;
/** The heap after closing the document (or after the changes) is within this of its level before. */
const MARGIN_MB = 16;

describe('large and changing documents', () => {
  describe('an open document over the size the check reads', () => {
    const tree = tempTrees();
    let client: TestClient;
    let pem: string;
    let big: string;
    let base: string;
    const fileIn = (host: string) => path.join(base, 'docker', 'certs.d', host, 'ca.crt');

    before(async () => {
      pem = (await selfSignedCa({ commonName: 'Capped CA', key: ecKey('P-256', 53) })).pem;
      big = pem.repeat(Math.ceil((MAX_READ_BYTES * 1.2) / pem.length));
    });
    beforeEach(async () => {
      // a.example.com: small on disk, made big in the editor; b.example.com: the same big text on disk.
      base = tree({ docker: { 'certs.d': { 'a.example.com': { 'ca.crt': pem }, 'b.example.com': { 'ca.crt': big } } } }).base;
      ({ client } = await startTestServer(base));
    });
    afterEach(() => client.dispose());

    it('gets the finding a file over the cap gets, and loses it when the text is small again', async () => {
      const uri = toUri(fileIn('a.example.com'));
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: pem } });
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: big }] });
      const edited = await client.waitForDiagnostics(fileIn('a.example.com'), (d) => d.some((x) => x.code === 'read-error'), 10_000);
      const onDisk = client.diagnostics.get(fileIn('b.example.com')) ?? [];
      const strip = (ds: typeof edited) => ds.map(({ code, severity, message, range }) => ({ code, severity, message, range }));
      assert.deepEqual(strip(edited), strip(onDisk), 'the same diagnostics as the file of that size on disk');
      assert.match(relatedText(edited[0]), new RegExp(`certsd did not check ca\\.crt: it is ${Buffer.byteLength(big)} bytes`));
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: pem }] });
      await client.waitForDiagnostics(fileIn('a.example.com'), (d) => d.length === 0, 10_000);
    });

    it('still answers hover, outline and folding on it, from the editor text', async () => {
      const uri = toUri(fileIn('a.example.com'));
      const count = big.length / pem.length;
      const lines = pem.split('\n').length - 1;
      // Edited: the last block is one line further down.
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: pem } });
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: '\n' + big }] });
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1 + lines * (count - 1) + 2, character: 0 } });
      const value = (hover?.contents as MarkupContent).value;
      assert.match(value, /\*\*Certificate\*\* CN=Capped CA/);
      assert.match(value, new RegExp(`Not checked: this file is ${Buffer.byteLength(big) + 1} bytes, over the 1 MiB certsd reads; Docker reads it whole`));
      assert.deepEqual(hover?.range, { start: { line: 1 + lines * (count - 1), character: 0 }, end: { line: lines * count, character: '-----END CERTIFICATE-----'.length } });
      const outline = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      assert.equal(outline.length, OUTLINE_LIMIT + 1);
      assert.equal(outline[0].name, 'CERTIFICATE CN=Capped CA');
      assert.equal(outline[0].range.start.line, 1);
      assert.match(outline[OUTLINE_LIMIT].name, new RegExp(`^\\.\\.\\. ${count - OUTLINE_LIMIT} more blocks not listed`));
      const folding = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      assert.equal(folding?.length, count);
      assert.deepEqual(folding?.[count - 1], { startLine: 1 + lines * (count - 1), endLine: lines * count });
      // The file on disk, open but not edited, is indexed from the editor text too.
      const onDisk = toUri(fileIn('b.example.com'));
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: onDisk, languageId: 'pem', version: 1, text: big } });
      const h2 = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: onDisk }, position: { line: 1, character: 0 } });
      assert.match((h2?.contents as MarkupContent).value, /Not checked: this file is \d+ bytes/);
    });
  });

  describe('a 50 MB bundle and 1,000 rapid changes (child process with --expose-gc)', function () {
    this.timeout(300_000);
    let report: ChildReport;

    before(() => {
      const child = path.join(__dirname, 'largeDocuments.child.ts');
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 280_000 });
      assert.equal(r.status, 0, `the child failed: ${r.stderr}`);
      report = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildReport;
      if (process.env.CERTSD_TEST_LOG) console.error(JSON.stringify(report, null, 2));
    });

    it('answers hover, outline, folding, code lens and code actions on it within the bound', () => {
      assert.ok(report.bytes >= 50 * 1024 * 1024);
      for (const [request, ms] of Object.entries(report.millis)) {
        if (request === 'open and check') continue;
        assert.ok(ms < BOUND_MS, `${request}: ${ms.toFixed(0)} ms`);
      }
      for (const [request, hover] of Object.entries(report.hovers)) assert.match(hover, /Certificate\*\* CN=Large bundle CA/, request);
      assert.equal(report.outlineEntries, OUTLINE_LIMIT + 1);
      assert.equal(report.foldingRanges, 5_000);
      assert.deepEqual(report.diagnostics.map((d) => d.split(':')[0]), ['read-error']);
    });

    it('gives the memory back when it is closed', () => {
      const { before, open, closed } = report.heap;
      assert.ok(open > before + 40, `the open document should be held (${before.toFixed(1)} MB before, ${open.toFixed(1)} MB open)`);
      assert.ok(closed < before + MARGIN_MB, `${before.toFixed(1)} MB before, ${closed.toFixed(1)} MB after closing`);
    });

    it('gives the memory back after 1,000 rapid changes', () => {
      const { beforeChanges, afterChanges } = report.heap;
      assert.ok(afterChanges < beforeChanges + MARGIN_MB, `${beforeChanges.toFixed(1)} MB before, ${afterChanges.toFixed(1)} MB after`);
    });
  });
});
