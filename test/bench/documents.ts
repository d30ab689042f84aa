/**
 * `npm run bench:documents`: bounded work per open document. A bundle of N certificates (N and 2N;
 * 10,000 certificates are 5 MB, over the 1 MiB the check reads) is opened in the language server
 * (in-process), then: the first hover (indexes the document: one pass over its lines, one block
 * decoded), a second hover elsewhere (reuses the index), the outline (OUTLINE_LIMIT entries
 * decoded), folding (lines only), and after an edit at the top (a new version: indexed again) a
 * hover on the last block and the outline. Reported as times and the ratio time(2N) / time(N),
 * target <= 2.5 (linear, with noise). Each hover must find its certificate (a null hover measures
 * nothing: the document would not have been read). Before the lazy index, the hover after an edit
 * took 1.0 s at 10,000 certificates and 1.7 s at 20,000 (every block decoded per version); with it,
 * 0.12-0.31 s and 0.16-0.32 s on the shared 2-core machine (load 6 to 13). The outline parses
 * OUTLINE_LIMIT certificates: 0.06-0.2 s once the parser is warm, up to 1.2 s cold. Before the
 * per-version index, hover and folding were quadratic (10,000 certificates: 8.5 s, 6.6 s).
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
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentBlocks } from '../../server/src/lsp/blocks';
import { editorText } from '../../server/src/lsp/documentText';
import { toUri } from '../../server/src/lsp/paths';
import { startTestServer } from '../helpers/lsp';
import { ecKey, selfSignedCa } from '../helpers/pki';

const N = Number(process.env.BENCH_BLOCKS ?? 10_000);

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

type Numbers = Record<'first hover' | 'second hover' | 'outline' | 'folding' | 'hover after an edit' | 'outline after an edit', number>;

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
    const hoverAt = async (line: number) => {
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 0 } });
      if (!h || !JSON.stringify(h.contents).includes('Bench bundle CA')) throw new Error(`no certificate hover at line ${line}: ${JSON.stringify(h)}`);
    };
    const outline = () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    const out: Partial<Numbers> = {};
    out['first hover'] = await timed(() => hoverAt(lines * Math.floor(count / 2) + 1));
    out['second hover'] = await timed(() => hoverAt(lines * (count - 1) + 1));
    out.outline = await timed(outline);
    out.folding = await timed(() => client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
    });
    out['hover after an edit'] = await timed(() => hoverAt(lines * (count - 1) + 2));
    out['outline after an edit'] = await timed(outline);
    await client.nextChecked(60_000).catch(() => undefined);
    return out as Numbers;
  } finally {
    client.dispose();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/** The index alone, on the editor's text: the pass over the lines, one block decoded, 1,000 lookups. */
function indexOnly(pem: string, count: number): { scan: number; decode: number; lookup: number } {
  const blocks = new DocumentBlocks(editorText(TextDocument.create('file:///bundle.crt', 'pem', 1, pem.repeat(count))));
  blocks.text.positionAt(0); // the editor has its line offsets already
  let t = process.hrtime.bigint();
  const n = blocks.count();
  const scan = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  if (!blocks.get(n - 1).block) throw new Error('the last block did not decode');
  const decode = Number(process.hrtime.bigint() - t) / 1e6;
  const lines = pem.split('\n').length - 1;
  t = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) blocks.at({ line: ((i * 7919) % count) * lines + 1, character: 0 });
  const lookup = Number(process.hrtime.bigint() - t) / 1e6;
  return { scan, decode, lookup };
}

async function main(): Promise<void> {
  const ca = await selfSignedCa({ commonName: 'Bench bundle CA', key: ecKey('P-256', 44) });
  await measure(ca.pem, 1_500); // warm-up: module loads, JIT (a full outline: OUTLINE_LIMIT certificates parsed)
  const one = await measure(ca.pem, N);
  const two = await measure(ca.pem, 2 * N);
  console.log(`open document with N = ${N} certificates (2N = ${2 * N}): time(2N) / time(N), target <= 2.5`);
  for (const k of Object.keys(one) as (keyof Numbers)[]) {
    console.log(`  ${k.padEnd(22)} N: ${one[k].toFixed(1).padStart(8)} ms   2N: ${two[k].toFixed(1).padStart(8)} ms   ratio ${(two[k] / one[k]).toFixed(2)}`);
  }
  indexOnly(ca.pem, 200);
  const a = indexOnly(ca.pem, N);
  const b = indexOnly(ca.pem, 2 * N);
  console.log("the index alone, on the editor's text");
  for (const k of ['scan', 'decode', 'lookup'] as const) {
    const label = { scan: 'scanRegions', decode: 'last block decoded', lookup: '1,000 x at()' }[k];
    console.log(`  ${label.padEnd(22)} N: ${a[k].toFixed(1).padStart(8)} ms   2N: ${b[k].toFixed(1).padStart(8)} ms   ratio ${(b[k] / a[k]).toFixed(2)}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
