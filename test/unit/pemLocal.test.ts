/**
 * One PEM block decoded on its own (core/go/pemLocal.ts) gives what Go's whole decode loop gives at
 * that BEGIN line, on PEM-like texts built to break locality: END lines with colons (Go's loop can
 * stop there), END lines one after the other, a BEGIN right after "-----END ", BEGIN inside a type,
 * header lines, CRLF, a BOM, non-ASCII and invalid UTF-8. The truth is decodeAll (pem.ts, itself
 * checked against Go's encoding/pem) and, when a Go toolchain is there, Go's own pem.Decode loop.
 * The region scan of the editor's index (lsp/blocks.ts) is compared with scanArmor too.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeAll, PemBlock, scanArmor } from '../../server/src/core/go/pem';
import { firstColonEndLine, goBlockAt, PemText } from '../../server/src/core/go/pemLocal';
import { DocumentBlocks, scanRegions } from '../../server/src/lsp/blocks';
import { bytesText, editorText } from '../../server/src/lsp/documentText';
import { buildPemOracle } from '../fuzz/pemDifferential';
import { ecKey, selfSignedCa } from '../helpers/pki';

const LINES: (string | Buffer)[] = [
  '-----BEGIN CERTIFICATE-----',
  '-----END CERTIFICATE-----',
  '-----BEGIN X-----',
  '-----END X-----',
  '-----END X----- ',
  '-----END X-----\r',
  '-----BEGIN A:B-----',
  '-----END A:B-----',
  '-----END X:Y-----',
  '-----END -----BEGIN X-----',
  '-----BEGIN -----BEGIN X-----',
  '-----END -----BEGIN X----------',
  '-----BEGIN X-Y-----',
  '-----END X-Y-----',
  '-----BEGIN É-----',
  '-----END É-----',
  '  -----BEGIN X-----',
  '\ufeff-----BEGIN X-----',
  '-----END ',
  '-----BEGIN ',
  'Proc-Type: 4,ENCRYPTED',
  'a:b',
  ':',
  '',
  ' ',
  'AAAA',
  'QUJD',
  'QQ==',
  'QQ=',
  'AA AA',
  'junk',
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from('-----BEGIN \xff-----', 'latin1'),
  Buffer.from('-----END \xff-----', 'latin1'),
];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const TYPES: (string | Buffer)[] = ['CERTIFICATE', 'CERTIFICATE', 'X', 'X', 'A:B', 'X-Y', 'É', Buffer.from([0xff]), '-----BEGIN X', ''];

/** A block, most often well formed, sometimes with another END type, a colon, bad base64, a suffix after END. */
function blockArb(certLines: string[]): fc.Arbitrary<(string | Buffer)[]> {
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      endType: fc.option(fc.constantFrom(...TYPES), { freq: 4 }),
      indent: fc.constantFrom('', '', '', ' '),
      headers: fc.array(fc.constantFrom('Proc-Type: 4,ENCRYPTED', 'a:b', ':'), { maxLength: 2 }),
      body: fc.array(fc.constantFrom('AAAA', 'QUJD', 'QQ==', 'AA AA', 'QQ=', ...certLines.slice(1, -1)), { maxLength: 4 }),
      endSuffix: fc.constantFrom('', '', ' ', '\r', 'x'),
    })
    .map(({ type, endType, indent, headers, body, endSuffix }) => {
      const t = (x: string | Buffer) => (typeof x === 'string' ? Buffer.from(x) : x);
      return [Buffer.concat([Buffer.from(indent + '-----BEGIN '), t(type), Buffer.from('-----')]), ...headers, ...body, Buffer.concat([Buffer.from('-----END '), t(endType ?? type), Buffer.from('-----' + endSuffix)])];
    });
}

/** A PEM-like file: blocks and loose lines from the vocabulary, LF or CRLF, maybe a BOM. */
function pemLikeArb(certLines: string[]): fc.Arbitrary<Buffer> {
  const chunk = fc.oneof({ weight: 3, arbitrary: blockArb(certLines) }, { weight: 2, arbitrary: fc.constantFrom(...LINES).map((l) => [l]) });
  return fc
    .tuple(fc.array(chunk, { minLength: 2, maxLength: 14 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
    .map(([chunks, nl, final, bom]) => {
      const lines = chunks.flat();
      const parts: Buffer[] = bom ? [BOM] : [];
      lines.forEach((l, i) => parts.push(Buffer.from(l as string), Buffer.from(i < lines.length - 1 || final ? nl : '')));
      return Buffer.concat(parts);
    });
}

/** Line starts (text offsets) where a line begins with "-----BEGIN ": the only places a Go block can start. */
function beginLines(text: string): number[] {
  const out: number[] = [];
  for (let at = 0; ; ) {
    if (text.startsWith('-----BEGIN ', at)) out.push(at);
    const nl = text.indexOf('\n', at);
    if (nl < 0) return out;
    at = nl + 1;
  }
}

/** Byte offset of the line holding text offset `at` (lines end at "\n" in both), plus the BOM before line 0. */
function byteOfLine(data: Buffer, text: string, at: number, bom: boolean): number {
  const line = text.slice(0, at).split('\n').length - 1;
  let b = 0;
  for (let k = 0; k < line; k++) b = data.indexOf(0x0a, b) + 1;
  return line === 0 && bom ? 3 : b;
}

const same = (a: PemBlock | undefined, b: PemBlock | undefined) =>
  a === b || (!!a && !!b && a.type === b.type && a.bytes.equals(b.bytes) && JSON.stringify(a.headers) === JSON.stringify(b.headers) && a.headerCount === b.headerCount);

/** Compares the local answers with decodeAll; returns a problem, and counts the undecided answers. */
function compare(data: Buffer, src: PemText, counts: { undecided: number; decided: number; blocks: number }): string | undefined {
  const truth = new Map(decodeAll(data).map((b) => [b.start, b]));
  const colon = firstColonEndLine(src.text);
  for (const begin of beginLines(src.text)) {
    const local = goBlockAt(src, begin, colon);
    if (local === 'unknown') {
      if (!(colon < begin)) return `undecided at ${begin} without an END line holding a colon before it`;
      counts.undecided++;
      continue;
    }
    counts.decided++;
    if (local) counts.blocks++;
    const expected = truth.get(byteOfLine(data, src.text, begin, src.bom));
    if (!same(local, expected)) return `at ${begin}: local ${JSON.stringify(local && { ...local, bytes: local.bytes.toString('hex') })}, Go's loop ${JSON.stringify(expected && { ...expected, bytes: expected.bytes.toString('hex') })}`;
  }
  return undefined;
}

describe('one PEM block decoded on its own, as Go decodes the whole file', () => {
  let certLines: string[];
  let samples: Buffer[];
  before(async () => {
    const ca = await selfSignedCa({ commonName: 'Local CA', key: ecKey('P-256', 50) });
    certLines = ca.pem.trimEnd().split('\n');
    samples = fc.sample(pemLikeArb(certLines), { seed: 20260710, numRuns: 4000 });
  });

  it('agrees with decodeAll at every BEGIN line of 4,000 PEM-like files (bytes as the check reads them)', () => {
    const counts = { undecided: 0, decided: 0, blocks: 0 };
    for (const data of samples) {
      const problem = compare(data, bytesText(data), counts);
      assert.equal(problem, undefined, `${JSON.stringify(data.toString('latin1'))}: ${problem}`);
    }
    // The vocabulary reaches both kinds of answer.
    assert.ok(counts.decided > 8_000 && counts.blocks > 700 && counts.undecided > 1_500, JSON.stringify(counts));
  });

  it("agrees on the editor's text of the same files (UTF-8, no BOM)", () => {
    const counts = { undecided: 0, decided: 0, blocks: 0 };
    for (const data of samples) {
      const text = data.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(data)) continue;
      const problem = compare(data, editorText(TextDocument.create('file:///x.crt', 'pem', 1, text)), counts);
      assert.equal(problem, undefined, `${JSON.stringify(text)}: ${problem}`);
    }
    assert.ok(counts.decided > 2_000 && counts.blocks > 200, JSON.stringify(counts));
  });

  it("gives the blocks Go's own pem.Decode loop gives, in order (Go toolchain)", function () {
    this.timeout(120_000);
    const oracle = buildPemOracle();
    if (!oracle.binary) this.skip();
    // A block can also start right after "\n-----END " (Go's loop resumes there after a failed END):
    // never at a line start, so never a region the editor shows; those files are left out.
    const inputs = samples.filter((data) => {
      const src = bytesText(data);
      if (src.text.includes('\n-----END -----BEGIN ') || src.text.startsWith('-----END -----BEGIN ')) return false;
      const colon = firstColonEndLine(src.text);
      return beginLines(src.text).every((b) => goBlockAt(src, b, colon) !== 'unknown');
    });
    const r = spawnSync(oracle.binary!, [], { input: inputs.map((b) => b.toString('base64')).join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const answers = r.stdout.trimEnd().split('\n');
    assert.equal(answers.length, inputs.length);
    const b64 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('base64');
    inputs.forEach((data, i) => {
      const src = bytesText(data);
      const colon = firstColonEndLine(src.text);
      const ours = beginLines(src.text)
        .map((b) => goBlockAt(src, b, colon))
        .filter((b): b is PemBlock => b !== undefined && b !== 'unknown')
        .map((b) => ({ type: b64(b.type), headers: Object.entries(b.headers).map(([k, v]) => [b64(k), b64(v)]).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)), bytes: b.bytes.toString('base64') }));
      assert.equal(JSON.stringify(ours), JSON.stringify(JSON.parse(answers[i])), JSON.stringify(data.toString('latin1')));
    });
  });

  it('decodes the whole file where only that can tell, within the size cap: the same blocks as decodeAll', () => {
    let undecidedRegions = 0;
    for (const data of samples.slice(0, 1500)) {
      const blocks = new DocumentBlocks(bytesText(data));
      const src = bytesText(data);
      const colon = firstColonEndLine(src.text);
      const truth = new Map(decodeAll(data).map((b) => [b.start, b]));
      const { starts } = scanRegions(src.text);
      for (let i = 0; i < blocks.count(); i++) {
        const b = blocks.get(i);
        assert.ok(!b.undecided, 'a file within the cap is always decided');
        if (goBlockAt(src, starts[i], colon) === 'unknown') undecidedRegions++;
        assert.ok(same(b.block, truth.get(byteOfLine(data, src.text, starts[i], src.bom))), JSON.stringify(data.toString('latin1')));
      }
    }
    assert.ok(undecidedRegions > 60, `${undecidedRegions} regions needed the whole file`);
  });

  it('finds the regions scanArmor finds', () => {
    // As bytes (scanArmor's own use) and as the editor's text (a BOM is then U+FEFF).
    for (const text of samples.flatMap((data) => [data.toString('latin1'), data.toString('utf8')])) {
      const { starts, ends } = scanRegions(text);
      const armor = scanArmor(text);
      assert.deepEqual({ starts, ends }, { starts: armor.map((r) => r.start), ends: armor.map((r) => r.end) }, JSON.stringify(text));
    }
  });
});
