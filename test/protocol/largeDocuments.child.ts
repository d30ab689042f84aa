/**
 * Run by largeDocuments.test.ts in a child process started with --expose-gc, so that the heap can
 * be measured (collected) before and after: the language server in-process, a 50 MB PEM bundle
 * opened, every request on it timed, closed; then 1,000 rapid changes of a document. Prints one
 * JSON line (ChildReport) on stdout; the test makes the assertions.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { startTestServer, TestClient } from '../helpers/lsp';
import { rsaKey, selfSignedCa } from '../helpers/pki';

export interface ChildReport {
  bytes: number;
  certificates: number;
  /** Milliseconds per request on the 50 MB document. */
  millis: Record<string, number>;
  /** What each hover said, shortened (the test checks that it found a certificate). */
  hovers: Record<string, string>;
  outlineEntries: number;
  foldingRanges: number;
  diagnostics: string[];
  /** heapUsed in MB after a full collection: before opening, with it open, after closing it; before and after 1,000 changes. */
  heap: { before: number; open: number; closed: number; beforeChanges: number; afterChanges: number };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** heapUsed after collections, once the server's timers have run. */
async function settledHeap(): Promise<number> {
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 50));
    gc();
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Resolves once no check has finished for `ms`. */
async function quiet(client: TestClient, ms = 500): Promise<void> {
  for (;;) {
    try {
      await client.nextChecked(ms);
    } catch {
      return;
    }
  }
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await f();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

async function main(): Promise<void> {
  const ca = await selfSignedCa({ commonName: 'Large bundle CA', key: rsaKey(2048, 7) });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-large-'));
  const host = path.join(base, 'docker', 'certs.d', 'reg.example.com');
  fs.mkdirSync(host, { recursive: true });
  const small = path.join(host, 'ca.crt');
  fs.writeFileSync(small, ca.pem);
  // 50 MB as in the issue (44,209 certificates of an RSA CA there).
  const certificates = Math.ceil((50 * 1024 * 1024) / ca.pem.length);
  const bundle = path.join(host, 'bundle.crt');
  fs.writeFileSync(bundle, ca.pem.repeat(certificates));
  const bytes = fs.statSync(bundle).size;
  const lines = ca.pem.split('\n').length - 1;
  const { client } = await startTestServer(base);
  try {
    const uri = toUri(bundle);
    const td = { textDocument: { uri } };
    const hoverAt = (line: number) => client.connection.sendRequest(HoverRequest.type, { ...td, position: { line, character: 0 } });
    const requests = {
      'hover, first block': () => hoverAt(1),
      'hover, middle block': () => hoverAt(lines * Math.floor(certificates / 2) + 2),
      'hover, last block': () => hoverAt(lines * (certificates - 1) + 3),
      outline: () => client.connection.sendRequest(DocumentSymbolRequest.type, td),
      folding: () => client.connection.sendRequest(FoldingRangeRequest.type, td),
      'code lens': () => client.connection.sendRequest(CodeLensRequest.type, td),
      'code actions': () =>
        client.connection.sendRequest(CodeActionRequest.type, { ...td, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: client.diagnostics.get(bundle) ?? [] } }),
    };

    // Every code path once on the small file, so that what the heap holds before is what it holds after.
    const smallUri = toUri(small);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: smallUri, languageId: 'pem', version: 1, text: ca.pem } });
    for (const r of [HoverRequest.type, DocumentSymbolRequest.type, FoldingRangeRequest.type, CodeLensRequest.type] as const) {
      await client.connection.sendRequest(r as typeof HoverRequest.type, { textDocument: { uri: smallUri }, position: { line: 1, character: 0 } });
    }
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: smallUri } });
    await quiet(client);
    const before = await settledHeap();

    const millis: Record<string, number> = {};
    const hovers: Record<string, string> = {};
    let outlineEntries = 0;
    let foldingRanges = 0;
    {
      const checked = client.nextChecked(60_000);
      const [, openMs] = await timed(async () => {
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: fs.readFileSync(bundle, 'utf8') } });
        await checked;
      });
      millis['open and check'] = openMs;
      for (const [name, request] of Object.entries(requests)) {
        const [result, ms] = await timed(request as () => Promise<unknown>);
        millis[name] = ms;
        if (name.startsWith('hover')) hovers[name] = JSON.stringify(result).slice(0, 400);
        if (name === 'outline') outlineEntries = (result as unknown[]).length;
        if (name === 'folding') foldingRanges = (result as unknown[]).length;
      }
      // An edit: a new version, indexed again; the check of the folder follows.
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
      });
      const [edited, ms] = await timed(() => hoverAt(lines * (certificates - 1) + 4));
      millis['hover after an edit'] = ms;
      hovers['hover after an edit'] = JSON.stringify(edited).slice(0, 400);
      millis['outline after an edit'] = (await timed(requests.outline))[1];
      await quiet(client);
    }
    const diagnostics = (client.diagnostics.get(bundle) ?? []).map((d) => `${d.code}: ${d.message}`);
    const open = await settledHeap();
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, td);
    await quiet(client);
    const closed = await settledHeap();

    // 1,000 rapid changes of the small document (each version a new text), then closed.
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: smallUri, languageId: 'pem', version: 1, text: ca.pem } });
    await quiet(client);
    const beforeChanges = await settledHeap();
    for (let v = 2; v <= 1001; v++) {
      const change = v % 2 === 0
        ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }
        : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' };
      void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: smallUri, version: v }, contentChanges: [change] });
      // Requests between the changes, as an editor sends them.
      if (v % 50 === 0) void client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: smallUri } });
    }
    await quiet(client);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: smallUri } });
    await quiet(client);
    const afterChanges = await settledHeap();

    const report: ChildReport = { bytes, certificates, millis, hovers, outlineEntries, foldingRanges, diagnostics, heap: { before, open, closed, beforeChanges, afterChanges } };
    process.stdout.write(JSON.stringify(report) + '\n');
  } finally {
    client.dispose();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
