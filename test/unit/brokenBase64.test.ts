/**
 * A PEM block Go skips for its base64 is pointed at on the line that breaks it, not at line 1:
 * the locator on its own (go/pem.ts brokenBase64Line), and the findings of a CA file and of a
 * client pair built with it. Dates in messages carry no milliseconds (core/dates.ts).
 */
import * as assert from 'node:assert/strict';
import { formatDate, formatDay, isoSeconds } from '../../server/src/core/dates';
import { brokenBase64Line, decodeAll, scanArmor } from '../../server/src/core/go/pem';
import { checkTree, theFinding } from '../helpers/check';
import { commonPki } from '../helpers/fixtures';
import { pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

/** `pem` with body line `n` (0-based, counting from the line after BEGIN) replaced by `edit(line)`. */
function damage(pem: string, n: number, edit: (line: string) => string): { text: string; line: number } {
  const lines = pem.split('\n');
  const begin = lines.findIndex((l) => l.startsWith('-----BEGIN'));
  lines[begin + 1 + n] = edit(lines[begin + 1 + n]);
  return { text: lines.join('\n'), line: begin + 1 + n };
}

function located(text: string): number | undefined {
  const [region] = scanArmor(text);
  const bad = brokenBase64Line(text, region);
  return bad && text.slice(0, bad.start).split('\n').length - 1;
}

describe('a broken base64 line in a PEM block', () => {
  const tree = tempTrees();

  it('is located on its line: a foreign character, a lost character, padding too early; not in a block that decodes', async () => {
    const { ca } = await commonPki();
    const star = damage(ca.pem, 5, (l) => l.slice(0, 10) + '*' + l.slice(11));
    assert.equal(decodeAll(Buffer.from(star.text, 'latin1')).length, 0, 'Go skips the block');
    assert.equal(located(star.text), star.line);
    const lost = damage(ca.pem, 7, (l) => l.slice(1));
    assert.equal(located(lost.text), lost.line);
    const pad = damage(ca.pem, 3, (l) => l.slice(0, -2) + '==');
    assert.equal(located(pad.text), pad.line);
    // Spaces and tabs Go removes are no damage; a block that decodes has nothing to point at.
    assert.equal(located(damage(ca.pem, 2, (l) => `  ${l}\t`).text), undefined);
    assert.equal(located(ca.pem), undefined);
  });

  it('is where ca-unusable points in a .crt, and its message names the line', async () => {
    const { ca } = await commonPki();
    const broken = damage(ca.pem, 9, (l) => l.slice(0, 20) + '!' + l.slice(21));
    const r = checkTree(tree, { 'reg.example.com:5000': { 'ca.crt': broken.text } }, 'docker');
    const f = theFinding(r.report, 'certsd/ca-unusable', r.file('ca.crt'));
    assert.notEqual(broken.line, 0);
    assert.equal(f.range.start.line, broken.line);
    assert.equal(f.range.end.line, broken.line);
    assert.ok(f.message.includes(`line ${broken.line + 1} of ca.crt breaks the base64 of its CERTIFICATE block`), f.message);
    // containerd refuses the folder for it, at the same line.
    const c = checkTree(tree, { 'reg.example.com:5000': { 'ca.crt': broken.text } }, 'containerd');
    assert.equal(theFinding(c.report, 'certsd/ca-unusable', c.file('ca.crt')).range.start.line, broken.line);
  });

  it('is where invalid-key-pair points in a client key', async () => {
    const { client } = await commonPki();
    const key = damage(pkcs8Pem(client.key), 4, (l) => l.slice(0, 30) + '%' + l.slice(31));
    const r = checkTree(tree, { 'reg.example.com:5000': { 'client.cert': client.pem, 'client.key': key.text } }, 'docker');
    const f = theFinding(r.report, 'certsd/invalid-key-pair', r.file('client.key'));
    assert.equal(f.range.start.line, key.line);
    assert.ok(f.message.includes(`Line ${key.line + 1} of client.key breaks the base64 of its PRIVATE KEY block`), f.message);
    assert.ok(f.message.includes('tls: failed to find any PEM data in key input'), f.message);
  });
});

describe('dates in messages and hovers', () => {
  const tree = tempTrees();

  it('print to the second, without milliseconds', () => {
    const d = new Date('2027-03-01T12:34:56.789Z');
    assert.equal(formatDate(d), '2027-03-01 12:34:56 UTC');
    assert.equal(isoSeconds(d), '2027-03-01T12:34:56Z');
    assert.equal(formatDay(d), '2027-03-01');
  });

  it('in the expired finding: summary and message', async () => {
    const notAfter = new Date('2026-01-02T03:04:05Z');
    const old = await selfSignedCa({ commonName: 'Old CA', notBefore: new Date('2025-01-01T00:00:00Z'), notAfter });
    const r = checkTree(tree, { 'reg.example.com:5000': { 'ca.crt': old.pem } }, 'docker', { now: new Date('2026-06-01T00:00:00Z') });
    const f = theFinding(r.report, 'certsd/expired', r.file('ca.crt'));
    assert.equal(f.summary, 'The certificate expired on 2026-01-02 03:04:05 UTC');
    assert.ok(f.message.includes('(2026-01-02 03:04:05 UTC)'), f.message);
    assert.doesNotMatch(f.message + f.summary, /\.\d{3}Z/);
  });
});
