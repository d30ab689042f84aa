/**
 * `npm run bench:documents`: bounded work per open document. A bundle of N certificates (N and 2N)
 * is opened in the language server (in-process), then: the first hover (indexes the document), a
 * second hover elsewhere (reuses the index), the outline (capped at OUTLINE_LIMIT entries), folding,
 * and a hover after an edit (a new version: indexed again). Reported as the ratio time(2N) / time(N),
 * target <= 2.5 (linear, with noise); before the per-version index, hover and folding were
 * quadratic (10,000 certificates: 8.5 s hover, 6.6 s folding).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { FileFacts } from '../../server/src/core/facts';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { blockAt, documentBlocks } from '../../server/src/lsp/blocks';
import { toUri } from '../../server/src/lsp/paths';
import { startTestServer } from '../helpers/lsp';
import { ecKey, selfSignedCa } from '../helpers/pki';

const N = Number(process.env.BENCH_BLOCKS ?? 10_000);

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

type Numbers = Record<'first hover' | 'second hover' | 'outline' | 'folding' | 'hover after an edit', number>;

async function measure(pem: string, count: number): Promise<Numbers> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-bench-doc-'));
  const host = path.join(base, 'docker', 'certs.d', 'reg.example.com');
  fs.mkdirSync(host, { recursive: true });
  const file = path.join(host, 'bundle.crt');
  const text = pem.repeat(count);
  // The check of the tree is not what this measures: the file is written after the first check.
  const { client } = await startTestServer(base);
  try {
    fs.writeFileSync(file, text);
    const uri = toUri(file);
    const lines = pem.split('\n').length - 1;
    const checked = client.nextChecked(60_000);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text } });
    // The check the opening starts (core work, measured by npm run bench) runs first, as in the editor.
    await checked;
    const hoverAt = (line: number) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 0 } });
    const out: Partial<Numbers> = {};
    out['first hover'] = await timed(() => hoverAt(lines * Math.floor(count / 2) + 1));
    out['second hover'] = await timed(() => hoverAt(lines * (count - 1) + 1));
    out.outline = await timed(() => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }));
    out.folding = await timed(() => client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
    });
    out['hover after an edit'] = await timed(() => hoverAt(lines * (count - 1) + 2));
    await client.nextChecked(60_000).catch(() => undefined);
    return out as Numbers;
  } finally {
    client.dispose();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/**
 * The LSP layer's own share: placing the decoded blocks (documentBlocks) and finding the one under
 * the cursor (blockAt), on a file whose core decoding (pem.decodeAll, scanArmor) is done already.
 */
function layerOnly(pem: string, count: number): { core: number; index: number; lookup: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-bench-doc-'));
  const file = path.join(dir, 'bundle.crt');
  fs.writeFileSync(file, pem.repeat(count));
  try {
    const facts = new FileFacts(file, nodeFileSystem);
    let t = process.hrtime.bigint();
    void facts.blocks.length;
    void facts.armor.length;
    const core = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const blocks = documentBlocks(facts);
    const index = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) blockAt(blocks, { line: (i * 7919) % (count * 10), character: 0 });
    const lookup = Number(process.hrtime.bigint() - t) / 1e6;
    return { core, index, lookup };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const ca = await selfSignedCa({ commonName: 'Bench bundle CA', key: ecKey('P-256', 44) });
  await measure(ca.pem, 200); // warm-up: module loads, JIT
  const one = await measure(ca.pem, N);
  const two = await measure(ca.pem, 2 * N);
  console.log(`open document with N = ${N} certificates (2N = ${2 * N}): time(2N) / time(N), target <= 2.5`);
  for (const k of Object.keys(one) as (keyof Numbers)[]) {
    console.log(`  ${k.padEnd(20)} N: ${one[k].toFixed(1).padStart(8)} ms   2N: ${two[k].toFixed(1).padStart(8)} ms   ratio ${(two[k] / one[k]).toFixed(2)}`);
  }
  layerOnly(ca.pem, 200);
  const a = layerOnly(ca.pem, N);
  const b = layerOnly(ca.pem, 2 * N);
  console.log('the same, split: core decoding (pem.decodeAll + scanArmor) and the LSP layer on decoded blocks');
  for (const k of ['core', 'index', 'lookup'] as const) {
    const label = { core: 'core decode', index: 'documentBlocks', lookup: '1,000 x blockAt' }[k];
    console.log(`  ${label.padEnd(20)} N: ${a[k].toFixed(1).padStart(8)} ms   2N: ${b[k].toFixed(1).padStart(8)} ms   ratio ${(b[k] / a[k]).toFixed(2)}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
