/**
 * crypto/x509 CertPool as modelled in server/src/core/go/certPool.ts: one copy of each DER, by
 * subject in insertion order, and findPotentialParents' order (cert_pool.go): the candidates whose
 * SubjectKeyId equals the child's AuthorityKeyId first (both empty counts), then those where only
 * one of the two is present, then those where both are present and differ.
 */
import * as assert from 'node:assert/strict';
import { authorityKeyId, GoCertPool, sanValue, sha256Of, subjectKey, subjectKeyId } from '../../server/src/core/go/certPool';
import * as d from '../helpers/der';
import { build, caExtensions, go, p256 } from '../helpers/goModelsA';

const skid = (id: string) => d.extension(d.OID.subjectKeyId, d.octets(Buffer.from(id)));
const akid = (id: string) => d.extension(d.OID.authorityKeyId, d.seq(d.ctxPrim(0, Buffer.from(id))));
const ca = (label: string, extensions: d.Der[] = [], subject = 'Pool A CA') => build({ signer: p256(1), subject, issuer: subject, extensions: [...caExtensions(), ...extensions], serial: BigInt(Buffer.from(label).readUIntBE(0, Math.min(label.length, 6))) });
const child = (extensions: d.Der[] = []) => go(build({ signer: p256(1), key: p256(2), subject: 'child', issuer: 'Pool A CA', extensions }));

function poolOf(entries: [string, Buffer][]): { pool: GoCertPool; label: Map<string, string> } {
  const pool = new GoCertPool();
  const label = new Map<string, string>();
  for (const [name, der] of entries) {
    pool.add(go(der), { kind: 'folder', path: name });
    label.set(sha256Of(der), name);
  }
  return { pool, label };
}

describe('Go CertPool (goModelsA)', () => {
  it('orders the parents of a child with an AuthorityKeyId: matching, then one missing, then different', () => {
    const { pool, label } = poolOf([
      ['different', ca('different', [skid('k2')])],
      ['none', ca('none')],
      ['match1', ca('match1', [skid('k1')])],
      ['other-subject', ca('othersub', [skid('k1')], 'Another CA')],
      ['match2', ca('match2', [skid('k1')])],
      ['none2', ca('none2')],
      ['different2', ca('different2', [skid('k3')])],
    ]);
    const order = pool.findPotentialParents(child([akid('k1')])).map((p) => label.get(p.sha256));
    assert.deepStrictEqual(order, ['match1', 'match2', 'none', 'none2', 'different', 'different2']);
  });

  it('orders the parents of a child without one: those without a SubjectKeyId first', () => {
    const { pool, label } = poolOf([
      ['with', ca('with', [skid('k2')])],
      ['without', ca('without')],
    ]);
    assert.deepStrictEqual(pool.findPotentialParents(child()).map((p) => label.get(p.sha256)), ['without', 'with']);
  });

  it('reads the keyIdentifier [0] of the AuthorityKeyId only when it comes first, and the SubjectKeyId octets', () => {
    const issuerOnly = child([d.extension(d.OID.authorityKeyId, d.seq(d.ctx(1, d.ctxPrim(4, Buffer.from('x')))))]);
    assert.deepStrictEqual(
      [authorityKeyId(child([akid('k1')])), authorityKeyId(issuerOnly), authorityKeyId(child()), subjectKeyId(go(ca('s', [skid('k9')]))), subjectKeyId(child())],
      ['k1', '', '', 'k9', ''],
    );
  });

  it('gives the SAN extension value, or undefined without one', () => {
    const san = d.sanExtension([{ dns: 'a.test' }]);
    const c = child([san]);
    // The extnValue contents: the GeneralNames SEQUENCE.
    assert.deepStrictEqual([sanValue(c), sanValue(child())], [d.seq(d.ctxPrim(2, Buffer.from('a.test'))).toString('latin1'), undefined]);
  });

  it('keeps one copy of each DER, answers by SHA-256 and by subject, and clones apart', () => {
    const a = ca('a');
    const b = ca('b');
    const other = ca('o', [], 'Another CA');
    const pool = new GoCertPool();
    assert.deepStrictEqual([pool.add(go(a), { kind: 'folder', path: 'a1' }), pool.add(go(a), { kind: 'system', path: 'a2' }), pool.add(go(b), { kind: 'folder', path: 'b' }), pool.add(go(other), { kind: 'server', index: 0 })], [true, false, true, true]);
    assert.equal(pool.size, 3);
    assert.deepStrictEqual(pool.all().map((p) => p.source), [{ kind: 'folder', path: 'a1' }, { kind: 'folder', path: 'b' }, { kind: 'server', index: 0 }]);
    assert.deepStrictEqual([pool.has(sha256Of(a)), pool.has(sha256Of(ca('c'))), pool.contains(go(b)), pool.contains(go(ca('c')))], [true, false, true, false]);
    assert.deepStrictEqual([pool.find(go(b))?.source, pool.find(go(ca('c')))], [{ kind: 'folder', path: 'b' }, undefined]);
    assert.deepStrictEqual(pool.bySubject(subjectKey(go(a))).map((p) => p.source.path), ['a1', 'b']);
    assert.deepStrictEqual(pool.bySubject('nothing'), []);

    const copy = pool.clone();
    copy.add(go(ca('c')), { kind: 'folder', path: 'c' });
    assert.deepStrictEqual([pool.size, copy.size], [3, 4]);
    assert.deepStrictEqual(copy.all().map((p) => p.source.path ?? p.source.index), ['a1', 'b', 0, 'c']);
    assert.deepStrictEqual(copy.bySubject(subjectKey(go(a))).map((p) => p.source.path), ['a1', 'b', 'c']);
    assert.equal(pool.has(sha256Of(ca('c'))), false);
  });

  it('finds no parents in a pool without the issuer\'s name', () => {
    const { pool } = poolOf([['other', ca('o', [], 'Another CA')]]);
    assert.deepStrictEqual(pool.findPotentialParents(child()), []);
  });
});
