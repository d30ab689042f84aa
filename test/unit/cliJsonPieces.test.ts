/** cli/jsonPieces.ts: a report written piece by piece is byte for byte JSON.stringify(report, null, 2). */
import * as assert from 'node:assert/strict';
import { cutFrame, JsonArrayWriter, marker } from '../../server/src/cli/jsonPieces';

/** Writes `report` with each named array replaced by a marker in the frame and its items written one by one. */
function pieceByPiece(report: Record<string, unknown>, paths: string[][]): string {
  const frame = structuredClone(report);
  const arrays: unknown[][] = [];
  for (const p of paths) {
    let o = frame as Record<string, unknown>;
    for (const k of p.slice(0, -1)) o = o[k] as Record<string, unknown>;
    arrays.push(o[p[p.length - 1]] as unknown[]);
    o[p[p.length - 1]] = marker(p.join('.'));
  }
  const { pieces, indents } = cutFrame(frame, paths.map((p) => p.join('.')));
  assert.equal(pieces.length, paths.length + 1);
  let out = pieces[0];
  arrays.forEach((items, i) => {
    const w = new JsonArrayWriter(indents[i]);
    for (const item of items) out += w.item(item);
    out += w.close() + pieces[i + 1];
  });
  return out;
}

describe('certsd JSON written in pieces', () => {
  it('matches JSON.stringify for arrays at the top and nested, empty, of one item, of nested objects', () => {
    const report = {
      version: '',
      empty: [],
      roots: [
        { path: '/a', findings: [{ code: 'x', range: { start: 1, end: [2, 3] } }, { code: 'y', tags: [] }] },
        { path: '/b', findings: [] },
      ],
      deep: { inner: { one: ['only'], none: [] }, after: '' },
      last: 1,
    };
    const expected = JSON.stringify(report, null, 2);
    for (const paths of [[['roots']], [['empty'], ['roots'], ['deep', 'inner', 'one'], ['deep', 'inner', 'none']], [['deep', 'inner', 'one']]]) {
      assert.equal(pieceByPiece(report, paths), expected, JSON.stringify(paths));
    }
  });

  it('gives each array the indentation of its line', () => {
    const { indents, pieces } = cutFrame({ a: marker('a'), b: { c: { d: marker('d') } } }, ['a', 'd']);
    assert.deepEqual(indents, ['  ', '      ']);
    assert.deepEqual(pieces, ['{\n  "a": ', ',\n  "b": {\n    "c": {\n      "d": ', '\n    }\n  }\n}']);
  });

  it('takes a frame that is the marker itself, and refuses a frame without the marker', () => {
    assert.deepEqual(cutFrame(marker('all'), ['all']), { pieces: ['', ''], indents: [''] });
    assert.throws(() => cutFrame({ a: [] }, ['a']), /^Error: marker a not in the frame$/);
  });

  it('writes an empty array as [] and items on their own lines', () => {
    assert.equal(new JsonArrayWriter('  ').close(), '[]');
    const w = new JsonArrayWriter('  ');
    assert.equal(w.item({ k: 1 }) + w.item(2) + w.close(), '[\n    {\n      "k": 1\n    },\n    2\n  ]');
  });
});
