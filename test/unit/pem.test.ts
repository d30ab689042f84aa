/** PEM decoding as Go's encoding/pem.Decode does it, quirks included (spec rows C1-C3). */
import * as assert from 'node:assert/strict';
import { FileFacts } from '../../server/src/core/facts';
import { FileSystemView } from '../../server/src/core/fsview';
import { appendCertsFromPEM, x509KeyPair } from '../../server/src/core/go/tls';
import { decodeAll, hasUtf8Bom, scanArmor } from '../../server/src/core/go/pem';
import { ecKey, pemBlock, pkcs8Pem, selfSigned, selfSignedCa, TestCert } from '../helpers/pki';

const BOM = '\ufeff';

function types(text: string | Buffer): string[] {
  return decodeAll(Buffer.from(text)).map((b) => b.type);
}

/** A FileFacts over bytes held in memory (the core reads files only through FileSystemView). */
function memoryFile(content: string | Buffer, name = '/mem/ca.crt'): FileFacts {
  const data = Buffer.from(content);
  const fs: FileSystemView = {
    readDir: () => [],
    stat: () => ({ type: 'file', mode: 0o644, size: data.length, mtimeMs: 0 }),
    readFile: () => data,
  };
  return new FileFacts(name, fs);
}

describe('PEM decoding (Go encoding/pem)', () => {
  let ca: TestCert;
  let other: TestCert;

  before(async () => {
    ca = await selfSignedCa({ commonName: 'PEM Test CA', key: ecKey('P-256') });
    other = await selfSigned({ commonName: 'second', key: ecKey('P-256', 1) });
  });

  it('decodes a certificate block with its DER bytes and offsets', () => {
    const text = ca.pem;
    const [block, ...rest] = decodeAll(Buffer.from(text));
    assert.equal(rest.length, 0);
    assert.equal(block.type, 'CERTIFICATE');
    assert.deepEqual(block.bytes, ca.der);
    assert.equal(block.headerCount, 0);
    assert.equal(block.start, 0);
    assert.equal(block.end, text.trimEnd().length);
  });

  it('returns every block of a bundle in file order', () => {
    const text = ca.pem + pkcs8Pem(ecKey()) + other.pem;
    assert.deepEqual(types(text), ['CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE']);
    assert.deepEqual(decodeAll(Buffer.from(text))[2].bytes, other.der);
  });

  it('accepts CRLF line ends', () => {
    const blocks = decodeAll(Buffer.from(ca.pem.replace(/\n/g, '\r\n')));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, ca.der);
  });

  it('accepts a file without a final newline', () => {
    const blocks = decodeAll(Buffer.from(ca.pem.trimEnd()));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, ca.der);
  });

  it('skips text before BEGIN, as openssl x509 -text writes it', () => {
    const dump = 'Certificate:\n    Data:\n        Version: 3 (0x2)\n        Issuer: CN = PEM Test CA\n';
    const blocks = decodeAll(Buffer.from(dump + ca.pem));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, ca.der);
    assert.equal(blocks[0].start, dump.length);
  });

  it('loses the first block behind a UTF-8 BOM', () => {
    assert.deepEqual(types(BOM + ca.pem), []);
  });

  it('still finds the blocks after the first one behind a BOM', () => {
    const blocks = decodeAll(Buffer.from(BOM + ca.pem + other.pem));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, other.der);
  });

  it('detects a UTF-8 BOM only at the very start', () => {
    assert.equal(hasUtf8Bom(Buffer.from(BOM + ca.pem)), true);
    assert.equal(hasUtf8Bom(Buffer.from(ca.pem + BOM)), false);
  });

  it('does not see a block whose BEGIN line is indented', () => {
    assert.deepEqual(types(ca.pem.replace('-----BEGIN', '  -----BEGIN')), []);
  });

  it('does not see a block whose END line is indented', () => {
    assert.deepEqual(types(ca.pem.replace('-----END', '\t-----END')), []);
  });

  it('accepts indented base64 lines (Go removes spaces and tabs from the body)', () => {
    const lines = ca.pem.split('\n');
    const indented = lines.map((l, i) => (i > 0 && i < lines.length - 2 ? `    ${l}` : l)).join('\n');
    const blocks = decodeAll(Buffer.from(indented));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, ca.der);
  });

  it('collects header lines inside a block', () => {
    const text = pemBlock('CERTIFICATE', ca.der, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' });
    const [block] = decodeAll(Buffer.from(text));
    assert.equal(block.type, 'CERTIFICATE');
    assert.equal(block.headerCount, 2);
    assert.deepEqual(block.headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' });
    assert.deepEqual(block.bytes, ca.der);
  });

  it('accepts trailing spaces after the END line, not other text', () => {
    assert.deepEqual(types(ca.pem.replace(/-----\n$/, '-----  \t\n')), ['CERTIFICATE']);
    assert.deepEqual(types(ca.pem.replace(/-----\n$/, '----- trailing\n')), []);
  });

  it('rejects a block whose END type differs from its BEGIN type', () => {
    assert.deepEqual(types(ca.pem.replace('END CERTIFICATE', 'END X509 CERTIFICATE')), []);
  });

  it('rejects a BEGIN line without five closing dashes', () => {
    assert.deepEqual(types(ca.pem.replace('BEGIN CERTIFICATE-----', 'BEGIN CERTIFICATE----')), []);
  });

  it('skips a block with invalid base64 and goes on with the next one', () => {
    const broken = ca.pem.replace(/\n[A-Za-z0-9+/]{8}/, '\n!!!!!!!!');
    const blocks = decodeAll(Buffer.from(broken + other.pem));
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0].bytes, other.der);
  });

  it('requires base64 padding', () => {
    const text = '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n';
    assert.deepEqual(types(text), []);
    assert.deepEqual(decodeAll(Buffer.from(text.replace('AAA', 'AAA='))).map((b) => [...b.bytes]), [[0, 0]]);
  });

  it('accepts an empty block whose END line follows BEGIN directly', () => {
    const [block] = decodeAll(Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'));
    assert.equal(block.type, 'CERTIFICATE');
    assert.equal(block.bytes.length, 0);
  });

  it('finds nothing in DER or empty input', () => {
    assert.deepEqual(decodeAll(ca.der), []);
    assert.deepEqual(decodeAll(Buffer.alloc(0)), []);
  });

  describe('what Go then does with the blocks', () => {
    it('adds no certificate from a CERTIFICATE block with headers to the pool', () => {
      const file = memoryFile(pemBlock('CERTIFICATE', ca.der, { Comment: 'registry CA' }));
      assert.equal(appendCertsFromPEM(file).added.length, 0);
    });

    it('adds every parsable CERTIFICATE block and skips the rest', () => {
      const file = memoryFile(ca.pem + pkcs8Pem(ecKey()) + other.pem + pemBlock('CERTIFICATE', Buffer.from('not a certificate')));
      assert.deepEqual(
        appendCertsFromPEM(file).added.map((a) => a.cert.commonName),
        ['PEM Test CA', 'second'],
      );
    });

    it('accepts a client certificate block with headers in tls.X509KeyPair', () => {
      const certFile = memoryFile(pemBlock('CERTIFICATE', ca.der, { Comment: 'client' }), '/mem/client.cert');
      const keyFile = memoryFile(pkcs8Pem(ca.key), '/mem/client.key');
      const result = x509KeyPair(certFile, keyFile);
      assert.equal(result.ok, true, result.ok ? '' : result.error);
    });
  });

  describe('scanArmor (the lenient view used to explain what Go skipped)', () => {
    it('reports indented armor and header lines that Go rejects', () => {
      const text = ca.pem.replace('-----BEGIN', '  -----BEGIN') + pemBlock('CERTIFICATE', other.der, { Comment: 'x' });
      const regions = scanArmor(text);
      assert.deepEqual(
        regions.map((r) => ({ type: r.type, indented: r.indented, headerLines: r.headerLines })),
        [
          { type: 'CERTIFICATE', indented: true, headerLines: 0 },
          { type: 'CERTIFICATE', indented: false, headerLines: 1 },
        ],
      );
    });

    it('sees a block behind a BOM on the first line', () => {
      const [region] = scanArmor(BOM + ca.pem);
      assert.equal(region.type, 'CERTIFICATE');
      assert.equal(region.beginLine, 0);
    });

    it('marks a block without END line', () => {
      const [region] = scanArmor(ca.pem.split('-----END')[0]);
      assert.equal(region.endLine, -1);
    });
  });
});
