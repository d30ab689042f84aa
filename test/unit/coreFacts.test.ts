/**
 * core/facts.ts in-process, on an in-memory file system view: a file is read once; a read error is
 * kept as the file's error, a throw of certsd's own becomes a FileCheckError naming the file and is
 * met again on every later read; LSP positions count lines and UTF-16 units; the first line (where
 * whole-file problems are shown) stops at CR LF, at 200 bytes, and is empty for binary data.
 */
import * as assert from 'node:assert/strict';
import { FactsCache, FileCheckError, FileFacts } from '../../server/src/core/facts';
import { FileSystemView, FsError } from '../../server/src/core/fsview';
import { GO_DEFAULTS, goDefaults, GoParseOptions } from '../../server/src/core/go/x509';
import { ecKey, pkcs1Pem, rsaKey, selfSigned, TestCert } from '../helpers/pki';

type Content = string | Uint8Array | Error;

/** A view over `files`, counting reads. */
function memFs(files: Record<string, Content>): FileSystemView & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readDir: () => {
      throw new Error('not used');
    },
    stat: () => {
      throw new Error('not used');
    },
    readFile(p: string) {
      reads.push(p);
      const c = files[p];
      if (c === undefined) throw new FsError('ENOENT', p);
      if (c instanceof Error) throw c;
      return typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    },
  };
}

function factsOf(content: Content, goOptions?: GoParseOptions): FileFacts {
  return new FileFacts('/h/f', memFs({ '/h/f': content }), goOptions);
}

/** Parser options whose every read throws: certsd's own parsing code fails on them. */
const THROWING_OPTIONS = new Proxy(GO_DEFAULTS, {
  get() {
    throw new TypeError('boom');
  },
}) as GoParseOptions;

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('core/facts', () => {
  let cert: TestCert;
  before(async () => {
    cert = await selfSigned({ commonName: 'facts', key: ecKey('P-256', 3) });
  });

  describe('FileCheckError', () => {
    it('names what certsd could not do, the file and the cause', () => {
      const e = new FileCheckError('/r/h/ca.crt', 'parse this certificate', new TypeError('bad offset'));
      assert.ok(e instanceof Error);
      assert.deepStrictEqual([e.name, e.message, e.path, e.what, e.cause instanceof TypeError], ['FileCheckError', 'certsd could not parse this certificate (/r/h/ca.crt): bad offset', '/r/h/ca.crt', 'parse this certificate', true]);
      assert.strictEqual(new FileCheckError('/x', 'read this file', 'raw text').message, 'certsd could not read this file (/x): raw text');
    });
  });

  describe('reading', () => {
    it('reads the file once, however often it is looked at', () => {
      const fs = memFs({ '/h/ca.crt': '\ufeffhello\n' });
      const f = new FileFacts('/h/ca.crt', fs);
      assert.deepStrictEqual(f.data, Buffer.from('\ufeffhello\n'));
      assert.strictEqual(f.text, '\ufeffhello\n');
      assert.strictEqual(f.hasBom, true);
      assert.deepStrictEqual(f.blocks, []);
      assert.strictEqual(f.readError, undefined);
      assert.deepStrictEqual(fs.reads, ['/h/ca.crt']);
      assert.deepStrictEqual([f.path, f.goOptions], ['/h/ca.crt', GO_DEFAULTS]);
    });

    it('takes exactly the bytes of a Uint8Array view into a larger buffer', () => {
      const whole = Buffer.from('xxabcyy');
      const f = factsOf(new Uint8Array(whole.buffer, whole.byteOffset + 2, 3));
      assert.strictEqual(Buffer.isBuffer(f.data), true);
      assert.deepStrictEqual(f.data, Buffer.from('abc'));
      assert.strictEqual(f.hasBom, false);
    });

    it('keeps a read error as the file error: no data, no blocks, no lines', () => {
      const err = new FsError('EACCES', '/h/f');
      const fs = memFs({ '/h/f': err });
      const f = new FileFacts('/h/f', fs);
      assert.strictEqual(f.readError, err);
      assert.strictEqual(f.data, undefined);
      assert.deepStrictEqual([f.text, f.hasBom, f.blocks, f.armor, f.derCertificate], ['', false, [], [], undefined]);
      assert.deepStrictEqual(f.firstLine, ZERO);
      assert.deepStrictEqual(f.positionAt(5), { line: 0, character: 0 });
      assert.deepStrictEqual(fs.reads, ['/h/f']);
    });

    it('turns a throw that is no file error into a FileCheckError, met again on every later look', () => {
      const fs = memFs({ '/h/f': new TypeError('boom') });
      const f = new FileFacts('/h/f', fs);
      let first: unknown;
      assert.throws(
        () => f.data,
        (e: unknown) => {
          first = e;
          return e instanceof FileCheckError && e.message === 'certsd could not read this file (/h/f): boom' && e.path === '/h/f';
        },
      );
      for (const look of [() => f.data, () => f.readError, () => f.text, () => f.blocks, () => f.armor, () => f.firstLine]) assert.throws(look, (e: unknown) => e === first);
      assert.deepStrictEqual(fs.reads, ['/h/f']);
    });
  });

  describe('blocks, armor, certificates and keys', () => {
    it('decodes the PEM blocks once', () => {
      const f = factsOf(cert.pem + cert.pem);
      const blocks = f.blocks;
      assert.deepStrictEqual(blocks.map((b) => [b.type, b.bytes.equals(cert.der)]), [['CERTIFICATE', true], ['CERTIFICATE', true]]);
      assert.strictEqual(f.blocks, blocks);
    });

    it('scans the armor with byte offsets, once', () => {
      const f = factsOf('é\n-----BEGIN X-----\nAAAA\n-----END X-----\n');
      const armor = f.armor;
      assert.deepStrictEqual(armor, [{ type: 'X', beginLine: 1, endLine: 3, indented: false, headerLines: 0, start: 3, end: 41 }]);
      assert.strictEqual(f.armor, armor);
    });

    it('parses each certificate block once', () => {
      const f = factsOf(cert.pem);
      const [b] = f.blocks;
      const c = f.certificate(b);
      assert.strictEqual(c.ok && c.value.der.equals(cert.der), true);
      assert.strictEqual(f.certificate(b), c);
    });

    it('parses each key block once', () => {
      const f = factsOf(pkcs1Pem(rsaKey()));
      const [b] = f.blocks;
      const k = f.privateKey(b);
      assert.deepStrictEqual(k.ok && [k.value.type, k.value.bits, k.value.format], ['rsa', 2048, 'PKCS#1']);
      assert.strictEqual(f.privateKey(b), k);
    });

    it('turns a throw while decoding the PEM blocks into a FileCheckError saying so', () => {
      // A failure of certsd's own decoder, made here by a buffer whose indexOf throws.
      const data = Buffer.from(cert.pem);
      data.indexOf = () => {
        throw new RangeError('bad index');
      };
      const f = factsOf(data);
      assert.throws(() => f.blocks, (e: unknown) => e instanceof FileCheckError && e.message === 'certsd could not decode the PEM blocks of this file (/h/f): bad index');
    });

    it('turns a throw while scanning the armor into a FileCheckError saying so', () => {
      const data = Buffer.from(cert.pem);
      data.toString = () => {
        throw new RangeError('bad text');
      };
      const f = factsOf(data);
      assert.throws(() => f.armor, (e: unknown) => e instanceof FileCheckError && e.message === 'certsd could not scan the PEM armor of this file (/h/f): bad text');
    });

    it('turns a failure of its own certificate parser into a FileCheckError, and keeps it', () => {
      const f = factsOf(cert.pem, THROWING_OPTIONS);
      const [b] = f.blocks;
      let first: unknown;
      assert.throws(
        () => f.certificate(b),
        (e: unknown) => {
          first = e;
          return e instanceof FileCheckError && e.message === 'certsd could not parse this certificate (/h/f): TypeError: boom';
        },
      );
      assert.throws(() => f.data, (e: unknown) => e === first);
      assert.throws(() => f.armor, (e: unknown) => e === first);
    });

    it('turns a failure of its own key parser into a FileCheckError', () => {
      const f = factsOf(pkcs1Pem(rsaKey()), THROWING_OPTIONS);
      const [b] = f.blocks;
      assert.throws(() => f.privateKey(b), (e: unknown) => e instanceof FileCheckError && e.message === 'certsd could not parse this private key (/h/f): TypeError: boom');
      assert.throws(() => f.text, (e: unknown) => e instanceof FileCheckError && e.what === 'parse this private key');
    });
  });

  describe('derCertificate', () => {
    it('parses a file that starts with a SEQUENCE as one DER certificate, once', () => {
      const f = factsOf(cert.der);
      const d = f.derCertificate;
      assert.strictEqual(d?.ok && d.value.der.equals(cert.der), true);
      assert.strictEqual(f.derCertificate, d);
    });

    it('gives Go’s refusal for a SEQUENCE that is no certificate', () => {
      const d = factsOf(Buffer.from([0x30, 0x00])).derCertificate;
      assert.deepStrictEqual([d?.ok, d && !d.ok && d.internal], [false, undefined]);
    });

    it('does not try PEM text, other binary data or an empty file', () => {
      assert.deepStrictEqual([factsOf(cert.pem).derCertificate, factsOf(Buffer.from([0x31, 0x00])).derCertificate, factsOf('').derCertificate], [undefined, undefined, undefined]);
    });

    it('turns a failure of its own parser into a FileCheckError, not a verdict', () => {
      const f = factsOf(cert.der, THROWING_OPTIONS);
      assert.throws(() => f.derCertificate, (e: unknown) => e instanceof FileCheckError && e.message === 'certsd could not parse this file as a DER certificate (/h/f): TypeError: boom');
      assert.throws(() => f.blocks, (e: unknown) => e instanceof FileCheckError);
    });
  });

  describe('positions', () => {
    // a b \n | é (2 bytes) 😀 (4 bytes) x \n | (end)
    const text = 'ab\né😀x\n';
    it('counts lines and UTF-16 units of byte offsets', () => {
      const f = factsOf(text);
      const at = (o: number) => f.positionAt(o);
      assert.deepStrictEqual([0, 1, 2, 3, 5, 9, 10, 11].map(at), [
        { line: 0, character: 0 },
        { line: 0, character: 1 },
        { line: 0, character: 2 },
        { line: 1, character: 0 },
        { line: 1, character: 1 },
        { line: 1, character: 3 },
        { line: 1, character: 4 },
        { line: 2, character: 0 },
      ]);
      assert.deepStrictEqual(f.rangeOf(3, 10), range(1, 0, 1, 4));
    });

    it('stops at the end of the data', () => {
      assert.deepStrictEqual(factsOf('ab\nc').positionAt(100), { line: 1, character: 1 });
      assert.deepStrictEqual(factsOf('a\r\nb').positionAt(1), { line: 0, character: 1 });
      assert.deepStrictEqual(factsOf('a\r\nb').positionAt(3), { line: 1, character: 0 });
      assert.deepStrictEqual(factsOf('\n\n\n').positionAt(2), { line: 2, character: 0 });
    });
  });

  describe('firstLine', () => {
    const cases: [string, Content, ReturnType<typeof range>][] = [
      ['up to LF', 'hello\nworld', range(0, 0, 0, 5)],
      ['up to CR LF', 'hello\r\nworld', range(0, 0, 0, 5)],
      ['a file of one line', 'hello', range(0, 0, 0, 5)],
      ['an empty file', '', ZERO],
      ['an empty first line', '\nx', ZERO],
      ['a first line of CR alone', '\r\nx', ZERO],
      ['a CR inside the line', 'a\rb\n', range(0, 0, 0, 3)],
      ['at most 200 bytes', 'x'.repeat(300), range(0, 0, 0, 200)],
      ['200 bytes, not 200 characters', 'é'.repeat(150), range(0, 0, 0, 100)],
      ['tab, VT, FF, CR, space and DEL are text', 'a\tb\u000bc\u000cd\re f\u007f', range(0, 0, 0, 12)],
      ['BS is binary', 'a\u0008b', ZERO],
      ['SO is binary', 'a\u000eb', ZERO],
      ['US is binary', 'a\u001fb', ZERO],
      ['NUL is binary', 'a\u0000b', ZERO],
      ['a DER certificate', Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02]), ZERO],
    ];
    for (const [what, content, expected] of cases) {
      it(what, () => assert.deepStrictEqual(factsOf(content).firstLine, expected));
    }
    it('a binary byte after the first line does not matter', () => {
      assert.deepStrictEqual(factsOf('ok\n\u0000').firstLine, range(0, 0, 0, 2));
    });
  });

  describe('FactsCache', () => {
    it('keeps one FileFacts per path, with the cache’s view and Go options', () => {
      const fs = memFs({ '/a': 'a', '/b': 'b' });
      const options = goDefaults('1.22');
      const cache = new FactsCache(fs, options);
      const a = cache.file('/a');
      assert.strictEqual(cache.file('/a'), a);
      const b = cache.file('/b');
      assert.notStrictEqual(b, a);
      assert.deepStrictEqual([a.path, b.path, a.goOptions, b.text, cache.fs, cache.goOptions], ['/a', '/b', options, 'b', fs, options]);
      assert.strictEqual(a.goOptions, options);
      assert.strictEqual(new FactsCache(fs).file('/a').goOptions, GO_DEFAULTS);
    });
  });
});
