/**
 * Distinguished names (server/src/core/go/name.ts): which octets Go 1.26's parseASN1String takes in
 * each string type (the ranges below are what Go's ParseCertificate accepted, byte by byte, on
 * certificates built like these, and recorded for the conformance suite's re-check), what the value becomes, and the rendering, whose reference is
 * node's own X509Certificate.subject.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { goParseCertificate } from '../../server/src/core/go/parseCertificate';
import { commonNameOf, formatName } from '../../server/src/core/go/name';
import { parseCertificate } from '../../server/src/core/go/x509';
import * as d from '../helpers/der';
import { build, p256 } from '../helpers/goModelsA';
import { recordGoVector } from '../helpers/goVectors';

const withCn = (value: d.Der) => build({ signer: p256(1), subject: d.name([d.OID.commonName, value]), issuer: 'n' });

/** The octets (two hex digits each, in ranges) whose certificate Go's parse refuses. */
function refusedRanges(der: (b: number) => Buffer, upTo = 256, width = 2): string {
  const out: [number, number][] = [];
  for (let b = 0; b < upTo; b++) {
    if (goParseCertificate(der(b)).ok) continue;
    const last = out[out.length - 1];
    if (last && last[1] === b - 1) last[1] = b;
    else out.push([b, b]);
  }
  const hex = (n: number) => n.toString(16).padStart(width, '0');
  return out.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join(' ');
}

const parses = (der: Buffer) => goParseCertificate(der).ok;

/** Records the certificate for the re-check against Go: refused (any x509 error) when `b` is in `refused`. */
function recorded(type: string, b: number, der: Buffer, refused: string): Buffer {
  const inRange = refused.split(' ').some((r) => {
    const [lo, hi = lo] = r.split('-').map((h) => parseInt(h, 16));
    return b >= lo && b <= hi;
  });
  recordGoVector({ name: `goModelsA: ${type} octet ${b.toString(16)}`, kind: 'cert', der, expect: inRange ? 'x509: …' : 'ok' });
  return der;
}

describe('parseASN1String, octet by octet (goModelsA)', () => {
  it('PrintableString: letters, digits, space and \'()+,-./:=? plus * and &', () => {
    assert.equal(refusedRanges((b) => recorded('PrintableString', b, withCn(d.tlv(0x13, [0x61, b])), '00-1f 21-25 3b-3c 3e 40 5b-60 7b-ff')), '00-1f 21-25 3b-3c 3e 40 5b-60 7b-ff');
  });

  it('NumericString: digits and space', () => {
    assert.equal(refusedRanges((b) => recorded('NumericString', b, withCn(d.tlv(0x12, [0x31, b])), '00-1f 21-2f 3a-ff')), '00-1f 21-2f 3a-ff');
  });

  it('IA5String: below 0x80', () => {
    assert.equal(refusedRanges((b) => recorded('IA5String', b, withCn(d.tlv(0x16, [0x61, b])), '80-ff')), '80-ff');
  });

  it('BMPString: no surrogates and no permanent noncharacters', () => {
    const units = [0x0000, 0x0041, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfdcf, 0xfdd0, 0xfdef, 0xfdf0, 0xfffd, 0xfffe, 0xffff];
    assert.deepStrictEqual(
      units.filter((u) => !parses(withCn(d.tlv(0x1e, [0, 0x61, u >> 8, u & 0xff])))).map((u) => u.toString(16)),
      ['d800', 'dbff', 'dc00', 'dfff', 'fdd0', 'fdef', 'fffe', 'ffff'],
    );
  });
});

describe('attribute values as Go decodes them (goModelsA)', () => {
  const cn = (value: d.Der) => {
    const r = goParseCertificate(withCn(value));
    if (!r.ok) throw new Error(r.error);
    return commonNameOf(r.value.subject);
  };

  it('reads each string type', () => {
    assert.deepStrictEqual(
      [
        cn(d.utf8('é中')),
        cn(d.tlv(0x14, [0x61, 0xe9, 0xff])),
        cn(d.tlv(0x1e, [0x00, 0xe9, 0x4e, 0x2d])),
        cn(d.tlv(0x1e, [0x00, 0x61, 0x00, 0x00])),
        cn(d.tlv(0x1e, [0x00, 0x00])),
        cn(d.tlv(0x1e, [0x00, 0x61, 0x00, 0x00, 0x00, 0x00])),
        cn(d.tlv(0x1e, [])),
        cn(d.tlv(0x12, [0x31, 0x20, 0x39])),
        cn(d.tlv(0x16, [0x61, 0x7f])),
        cn(d.printable("a'()+,-./:=?*& Z9")),
      ],
      ['é中', 'aéÿ', 'é中', 'a', '', 'a\u0000', '', '1 9', 'a\u007f', "a'()+,-./:=?*& Z9"],
    );
  });

  it('keeps the last commonName of the name (pkix.Name.FillFromRDNSequence)', () => {
    const r = goParseCertificate(build({ signer: p256(1), subject: d.name([d.OID.commonName, d.utf8('one')], [d.OID.organization, d.utf8('o')], [d.OID.commonName, d.utf8('two')], [d.OID.organization, d.utf8('p')]), issuer: 'n' }));
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepStrictEqual([commonNameOf(r.value.subject), commonNameOf(r.value.issuer), commonNameOf([])], ['two', 'n', undefined]);
  });
});

describe('names rendered as node renders them (goModelsA)', () => {
  const rendered = (subject: d.Der) => {
    const der = build({ signer: p256(1), subject, issuer: 'n' });
    const r = parseCertificate(der);
    if (!r.ok) throw new Error(r.error);
    return { ours: r.value.subject, node: new crypto.X509Certificate(der).subject };
  };

  const values = ['a,b', 'a+b', 'a"b', 'a\\b', 'a<b>c', 'a;b', ' lead', '#hash', 'trail ', 'mid#x', 'mid x', 'ctl\x01x', '\x1fx', 'del\x7fx', 'é ü', 'a=b', '  ', ' ', '#', '##', '# ', 'x\ny', 'tab\tx', '中'];
  for (const v of values) {
    it(`escapes ${JSON.stringify(v)} as OpenSSL's RFC 2253 flags do`, () => {
      const r = rendered(d.name([d.OID.commonName, d.utf8(v)]));
      assert.equal(r.ours, r.node);
    });
  }

  it('joins a multi-valued RDN with " + ", puts each RDN on a line, leaves out empty RDNs', () => {
    const subject = d.seq(d.set(d.seq(d.oid(d.OID.commonName), d.utf8('a')), d.seq(d.oid(d.OID.organization), d.utf8('b'))), d.set(), d.set(d.seq(d.oid('2.5.4.6'), d.printable('DE'))));
    const r = rendered(subject);
    assert.deepStrictEqual(r, { ours: 'CN=a + O=b\nC=DE', node: 'CN=a + O=b\nC=DE' });
  });

  it('names every attribute type it knows as node does', () => {
    const oids = ['2.5.4.3', '2.5.4.4', '2.5.4.5', '2.5.4.6', '2.5.4.7', '2.5.4.8', '2.5.4.9', '2.5.4.10', '2.5.4.11', '2.5.4.12', '2.5.4.13', '2.5.4.15', '2.5.4.16', '2.5.4.17', '2.5.4.18', '2.5.4.20', '2.5.4.41', '2.5.4.42', '2.5.4.43', '2.5.4.44', '2.5.4.45', '2.5.4.46', '2.5.4.51', '2.5.4.65', '2.5.4.72', '2.5.4.97', '1.2.840.113549.1.9.1', '1.2.840.113549.1.9.2', '0.9.2342.19200300.100.1.1', '0.9.2342.19200300.100.1.25', '1.3.6.1.4.1.311.60.2.1.1', '1.3.6.1.4.1.311.60.2.1.2', '1.3.6.1.4.1.311.60.2.1.3'];
    const got = oids.map((o) => rendered(d.name([o, d.utf8('x')])));
    assert.deepStrictEqual(got.map((r) => r.ours), got.map((r) => r.node));
  });

  it('gives an empty string for an empty name', () => {
    assert.equal(formatName([]), '');
    assert.equal(formatName([[], []]), '');
  });
});
