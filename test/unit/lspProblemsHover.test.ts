/**
 * Which findings a hover lists under the hovered block (lsp/problemsHover.ts findingsForHover), and
 * how (problemsHover), on a workspace stand-in that holds a host folder's and a root's findings.
 */
import * as assert from 'node:assert/strict';
import { Finding } from '../../server/src/core/findings';
import { findingsForHover, problemsHover } from '../../server/src/lsp/problemsHover';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';

const ROOT = '/r/certs.d';
const HOST = `${ROOT}/reg.example.com`;
const FILE = `${HOST}/ca.crt`;

function finding(code: string, p: string, start: number, end = start): Finding {
  return { code: `certsd/${code}`, severity: 'warning', path: p, range: { start: { line: start, character: 0 }, end: { line: end, character: 5 } }, summary: `${code} summary`, message: `${code} message` };
}
const range = (start: number, end = start) => ({ start: { line: start, character: 0 }, end: { line: end, character: 0 } });

describe('the problems under a hover', () => {
  const block = finding('block', FILE, 5, 8);
  const top = finding('top', FILE, 0);
  const other = finding('other-file', `${HOST}/other.crt`, 5, 8);
  const folder = finding('folder', HOST, 0);
  const rootWide = finding('root', ROOT, 0);
  // The same object in both lists (a root finding copied to a folder) is listed once.
  const ws = {
    hostOf: () => ({ host: { findings: [block, top, other, folder, rootWide], dir: { path: HOST } } }),
    rootOf: () => ({ root: { path: ROOT }, findings: [rootWide] }),
  } as unknown as CertsdWorkspace;
  const codes = (fs: Finding[]) => fs.map((f) => f.code.slice('certsd/'.length));

  it('lists the findings whose lines touch the hovered range, ends included', () => {
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(3, 4), false, false)), []);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(2, 5), false, false)), ['block']);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(8, 9), false, false)), ['block']);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(6), false, false)), ['block']);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(9, 12), false, false)), []);
  });

  it('adds the file-wide findings on the first block, the folder and root findings unless told not to', () => {
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(6), true, false)), ['top', 'block']);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(6), false)), ['root', 'folder', 'block']);
    assert.deepEqual(codes(findingsForHover(ws, FILE, range(20), true)), ['root', 'folder', 'top']);
  });

  it('shows each finding with its summary, short code and message, under a rule and a heading', () => {
    assert.deepEqual(problemsHover([]), []);
    assert.deepEqual(problemsHover([block, { ...top, summary: 'a *b*', message: 'c_d' }]), [
      '',
      '',
      '---',
      '',
      '**Problems**',
      '',
      '- **block summary** (`block`)  ',
      '  block message',
      '- **a \\*b\\*** (`top`)  ',
      '  c\\_d',
    ]);
  });
});
