/**
 * go/godebug.ts (the GODEBUG settings per go line, internal/godebugs/table.go of Go 1.26: name,
 * Changed, Old) and go/curves.ts (crypto/x509's namedCurveFromOID, node's curve names).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { curveByName, curveByNodeName, curveByOid, GO_CURVES } from '../../server/src/core/go/curves';
import { GO_DEFAULTS, goDefaults, godebugForGoLine, goRsaKeySizeError, parseGodebug } from '../../server/src/core/go/godebug';

const GO_1_22 = { negativeSerial: true, rsaCrt: false, rsa1024min: false, urlStrictColons: false };
const GO_1_26 = { negativeSerial: false, rsaCrt: true, rsa1024min: true, urlStrictColons: true };

describe('GODEBUG per go line (go/godebug.ts)', () => {
  it('reads the go line with the space a go.mod line may keep around it', () => {
    assert.deepStrictEqual(goDefaults(' 1.22\n'), GO_1_22);
    assert.deepStrictEqual(goDefaults('go1.22.3'), GO_1_22);
  });

  it('takes a go line it cannot read, or one past Go 1 (2.1.5 is not 1.5), as the newest release modelled', () => {
    assert.deepStrictEqual(goDefaults('garbage'), GO_1_26);
    assert.deepStrictEqual(goDefaults('2.1.5'), GO_1_26);
    assert.deepStrictEqual(goDefaults(), GO_1_26);
    assert.deepStrictEqual({ ...GO_DEFAULTS }, GO_1_26);
  });

  it('writes the GODEBUG that gives a Go 1.26 binary the defaults of an older go line: each setting changed later, at its Old value', () => {
    assert.strictEqual(godebugForGoLine('1.22'), 'x509negativeserial=1,x509rsacrt=0,rsa1024min=0,urlstrictcolons=0');
    assert.strictEqual(godebugForGoLine('1.23'), 'x509rsacrt=0,rsa1024min=0,urlstrictcolons=0');
    assert.strictEqual(godebugForGoLine('1.24'), 'urlstrictcolons=0');
    assert.strictEqual(godebugForGoLine('1.25'), 'urlstrictcolons=0');
    assert.strictEqual(godebugForGoLine('1.26'), '');
    for (const line of ['1.22', '1.23', '1.24', '1.25', '1.26']) {
      assert.deepStrictEqual(parseGodebug(godebugForGoLine(line), goDefaults('1.26')), goDefaults(line), line);
    }
  });

  it('ignores a GODEBUG entry without "=" (Go parses k=v pairs only)', () => {
    // Read as a name, "x509negativeserial1" minus its last character would be a setting.
    assert.deepStrictEqual(parseGodebug('x509negativeserial1', goDefaults('1.22')), GO_1_22);
    assert.deepStrictEqual(parseGodebug('x509negativeserial', goDefaults('1.22')), GO_1_22);
  });

  it('refuses RSA keys from 1023 bits down, not 1024 (crypto/rsa checkKeySize: size >= 1024 passes)', () => {
    assert.strictEqual(goRsaKeySizeError(1024), undefined);
    assert.strictEqual(goRsaKeySizeError(1023), 'crypto/rsa: 1023-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)');
    assert.strictEqual(goRsaKeySizeError(1023, goDefaults('1.23')), undefined);
  });
});

describe('the curve table (go/curves.ts)', () => {
  // crypto/x509 oidNamedCurveP224 .. P521; node's names as asymmetricKeyDetails.namedCurve gives them.
  const expected = [
    { name: 'P-224', nodeName: 'secp224r1', oid: '1.3.132.0.33', size: 28 },
    { name: 'P-256', nodeName: 'prime256v1', oid: '1.2.840.10045.3.1.7', size: 32 },
    { name: 'P-384', nodeName: 'secp384r1', oid: '1.3.132.0.34', size: 48 },
    { name: 'P-521', nodeName: 'secp521r1', oid: '1.3.132.0.35', size: 66 },
  ] as const;

  it('finds each of Go\'s four curves by OID, node name and Go name', () => {
    for (const c of expected) {
      assert.deepStrictEqual([curveByOid(c.oid)?.name, curveByNodeName(c.nodeName)?.name, curveByName(c.name).oid], [c.name, c.name, c.oid]);
    }
  });

  it('finds nothing for a curve Go does not implement, or no name', () => {
    assert.deepStrictEqual([curveByOid('1.3.132.0.10'), curveByOid(undefined), curveByNodeName('secp256k1'), curveByNodeName(undefined)], [undefined, undefined, undefined, undefined]);
  });

  it('holds parameters that node\'s keys on each curve satisfy (y^2 = x^3 - 3x + b mod p, coordinates of `size` octets)', () => {
    assert.deepStrictEqual(
      GO_CURVES.map((c) => ({ name: c.name, nodeName: c.nodeName, oid: c.oid, size: c.size })),
      expected.map((c) => ({ ...c })),
    );
    for (const c of GO_CURVES) {
      // SPKI ends with the BIT STRING's uncompressed point 04 || X || Y, after the BIT STRING's header and padding octet.
      const spki = crypto.generateKeyPairSync('ec', { namedCurve: c.nodeName }).publicKey.export({ type: 'spki', format: 'der' });
      const point = spki.subarray(spki.length - 2 * c.size - 1);
      assert.deepStrictEqual([point[0], spki[spki.length - 2 * c.size - 2], spki[spki.length - 2 * c.size - 3]], [0x04, 0x00, 2 * c.size + 2], c.name);
      const x = point.subarray(1, 1 + c.size);
      const y = point.subarray(1 + c.size);
      const X = BigInt('0x' + x.toString('hex'));
      const Y = BigInt('0x' + y.toString('hex'));
      const mod = (v: bigint) => ((v % c.p) + c.p) % c.p;
      assert.strictEqual(mod(Y * Y), mod(X * X * X - 3n * X + c.b), c.name);
    }
  });
});
