/**
 * The server's first flight read from the bytes on the wire (server/src/core/probe/tlsRecords.ts),
 * on records built here by hand from the layouts of RFC 5246 (TLS 1.2: 6.2.1 records, 7.4.1.3
 * ServerHello, 7.4.2 Certificate, 7.4.4 CertificateRequest, 7.4.5 ServerHelloDone) and RFC 8446
 * (TLS 1.3: 4.1.3 ServerHello and the HelloRetryRequest random, 4.2 extensions, 4.3.2
 * CertificateRequest, 4.4.2 Certificate, 5.1-5.4 records, AEAD, nonce and inner padding, 7.1-7.3
 * HKDF-Expand-Label and the traffic keys), and on the TLS 1.3 trace of RFC 8448 section 3 (its
 * server messages, server handshake traffic secret, key and IV), sealed here with node:crypto.
 * What the reader keeps is what Go's client decodes (handshake_messages.go serverHelloMsg,
 * certificateMsg / certificateMsgTLS13, certificateRequestMsg / certificateRequestMsgTLS13).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readServerFlight, recordHeader, serverHandshakeSecret, ServerFlight, TLS12, TLS13 } from '../../server/src/core/probe/tlsRecords';

// ---------------------------------------------------------------------------------------------
// Wire layouts

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
/** A vector with a length prefix of 1, 2 or 3 octets (RFC 8446 3.4). */
const vec = (bytes: 1 | 2 | 3, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([bytes === 1 ? u8(body.length) : bytes === 2 ? u16(body.length) : u24(body.length), body]);
};
/** TLSPlaintext / TLSCiphertext: type, legacy_record_version, length, fragment. */
const record = (type: number, fragment: Buffer, version = 0x0303) => Buffer.concat([u8(type), u16(version), u16(fragment.length), fragment]);
/** Handshake: msg_type, uint24 length, body. */
const handshake = (type: number, body: Buffer) => Buffer.concat([u8(type), u24(body.length), body]);
const extension = (type: number, data: Buffer) => Buffer.concat([u16(type), vec(2, data)]);

const CCS = 20;
const ALERT = 21;
const HANDSHAKE = 22;
const APPLICATION_DATA = 23;

const RANDOM = Buffer.alloc(32, 0x5a);
/** RFC 8446 4.1.3: SHA-256("HelloRetryRequest"). */
const HRR_RANDOM = crypto.createHash('sha256').update('HelloRetryRequest').digest();

function serverHello(o: { version?: number; random?: Buffer; session?: Buffer; suite: number; extensions?: Buffer[] }): Buffer {
  return handshake(2, Buffer.concat([u16(o.version ?? 0x0303), o.random ?? RANDOM, vec(1, o.session ?? Buffer.alloc(0)), u16(o.suite), u8(0), ...(o.extensions ? [vec(2, ...o.extensions)] : [])]));
}
/** supported_versions in a ServerHello: the selected version (RFC 8446 4.2.1). */
const selectedVersion = (v: number) => extension(43, u16(v));
/** A key_share entry (RFC 8446 4.2.8): x25519 and 32 bytes; the reader skips it. */
const keyShare = extension(51, Buffer.concat([u16(0x001d), vec(2, Buffer.alloc(32, 9))]));

const certificate12 = (certs: Buffer[]) => handshake(11, vec(3, ...certs.map((c) => vec(3, c))));
const certificate13 = (certs: Buffer[], extensions: Buffer[] = []) => handshake(11, Buffer.concat([vec(1), vec(3, ...certs.map((c, i) => Buffer.concat([vec(3, c), vec(2, extensions[i] ?? Buffer.alloc(0))])))]));
const certificateRequest12 = (types: number[], schemes: number[], cas: Buffer[]) => handshake(13, Buffer.concat([vec(1, Buffer.from(types)), vec(2, ...schemes.map(u16)), vec(2, ...cas.map((n) => vec(2, n)))]));
const certificateRequest13 = (extensions: Buffer[], context = Buffer.alloc(0)) => handshake(13, Buffer.concat([vec(1, context), vec(2, ...extensions)]));
const signatureAlgorithms = (schemes: number[]) => extension(13, vec(2, ...schemes.map(u16)));
const certificateAuthorities = (cas: Buffer[]) => extension(47, vec(2, ...cas.map((n) => vec(2, n))));
const serverKeyExchange = handshake(12, Buffer.concat([u8(3), u16(0x001d), vec(1, Buffer.alloc(32, 7)), u16(0x0403), vec(2, Buffer.alloc(70, 1))]));
const serverHelloDone = handshake(14, Buffer.alloc(0));
const encryptedExtensions = handshake(8, vec(2));
const finished = handshake(20, Buffer.alloc(32, 0xf1));

/** A DER Name with one CN (SEQUENCE { SET { SEQUENCE { 2.5.4.3, UTF8String } } }). */
function cnName(cn: string): Buffer {
  const value = Buffer.concat([u8(0x0c), u8(cn.length), Buffer.from(cn, 'latin1')]);
  const atv = Buffer.concat([u8(0x30), u8(5 + value.length), hex('0603550403'), value]);
  const rdn = Buffer.concat([u8(0x31), u8(atv.length), atv]);
  return Buffer.concat([u8(0x30), u8(rdn.length), rdn]);
}

// The record layer does not parse the certificates: any bytes stand for their DER.
const LEAF = Buffer.from('30820001 leaf certificate DER', 'latin1');
const INTERMEDIATE = Buffer.from('30820002 intermediate DER', 'latin1');

// ---------------------------------------------------------------------------------------------
// TLS 1.3 record protection, from RFC 8446 5.2-5.4 and 7.1-7.3

const SUITES: Record<number, { cipher: string; keyLength: number; hash: string }> = {
  0x1301: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

/** HKDF-Expand (RFC 5869 2.3) of HkdfLabel (RFC 8446 7.1), with an empty context. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([u16(length), u8(full.length), full, u8(0)]);
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(out).length < length; i++) {
    t = crypto.createHmac(hash, secret).update(Buffer.concat([t, info, u8(i)])).digest();
    out.push(t);
  }
  return Buffer.concat(out).subarray(0, length);
}

/** The server's sealing of its handshake records: one sequence number per record, from 0. */
function sealer(suiteId: number, secret: Buffer) {
  const suite = SUITES[suiteId];
  const key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
  const iv = expandLabel(suite.hash, secret, 'iv', 12);
  let seq = 0;
  return (content: Buffer, type = HANDSHAKE, padding = 0): Buffer => {
    const inner = Buffer.concat([content, u8(type), Buffer.alloc(padding)]);
    const nonce = Buffer.from(iv);
    const s = seq++;
    for (let i = 0; i < 8; i++) nonce[11 - i] ^= Number((BigInt(s) >> BigInt(8 * i)) & 0xffn);
    const header = Buffer.concat([u8(APPLICATION_DATA), u16(0x0303), u16(inner.length + 16)]);
    const c = crypto.createCipheriv(suite.cipher as crypto.CipherGCMTypes, key, nonce, { authTagLength: 16 });
    c.setAAD(header);
    const sealed = Buffer.concat([c.update(inner), c.final(), c.getAuthTag()]);
    return Buffer.concat([header, sealed]);
  };
}

const CLIENT_RANDOM = 'cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7';
const keylogFor = (secret: Buffer) => [
  `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} ${'11'.repeat(secret.length)}\n`,
  `SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} ${secret.toString('hex')}\n`,
];

// RFC 8448 section 3 (Simple 1-RTT Handshake): the server's messages, its handshake traffic
// secret, and the write key and IV it derives from it.
const RFC8448 = {
  serverHello: hex(
    '020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304',
  ),
  encryptedExtensions: hex('080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000'),
  certificate: hex(
    '0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000',
  ),
  certificateVerify: hex(
    '0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3',
  ),
  finished: hex('140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718'),
  serverHandshakeTrafficSecret: hex('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38'),
  key: hex('3fce516009c21727d0f2e4e86ee403bc'),
  iv: hex('5d313eb2671276ee13000b30'),
};
/** The server certificate of the trace: the cert_data of its one CertificateEntry (0x1b0 octets). */
const RFC8448_CERT = RFC8448.certificate.subarray(4 + 1 + 3 + 3, 4 + 1 + 3 + 3 + 0x1b0);

const flight = (f: Partial<ServerFlight>): ServerFlight => ({ complete: false, ...f });

describe('probe: the server flight read from the wire (TLS records, RFC 5246 / RFC 8446)', () => {
  describe('record headers', () => {
    it('reads type, version and length at an offset, and nothing from fewer than 5 bytes', () => {
      const b = Buffer.concat([hex('ff'), record(22, Buffer.alloc(0x0102), 0x0301)]);
      assert.deepStrictEqual(recordHeader(b, 1), { type: 22, version: 0x0301, length: 0x0102 });
      assert.deepStrictEqual(recordHeader(hex('1503030002')), { type: 21, version: 0x0303, length: 2 });
      assert.equal(recordHeader(hex('15030300')), undefined);
      assert.equal(recordHeader(hex('1503030002'), 1), undefined);
      assert.deepStrictEqual([TLS12, TLS13], [0x0303, 0x0304]);
    });
  });

  describe('the keylog', () => {
    it("takes the SERVER_HANDSHAKE_TRAFFIC_SECRET line's third field, as hex", () => {
      const secret = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
      assert.deepStrictEqual(serverHandshakeSecret(keylogFor(secret)), secret);
      // node's lines end with a newline; the first SERVER_HANDSHAKE line counts.
      assert.deepStrictEqual(serverHandshakeSecret([`  SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} abcd\n`, `SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} ef01`]), hex('abcd'));
    });

    it('gives nothing without that line or without its secret', () => {
      assert.equal(serverHandshakeSecret([]), undefined);
      assert.equal(serverHandshakeSecret([`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} abcd`, `SERVER_TRAFFIC_SECRET_0 ${CLIENT_RANDOM} abcd`]), undefined);
      assert.equal(serverHandshakeSecret([`SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM}`]), undefined);
      assert.deepStrictEqual(serverHandshakeSecret([`SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM}\n`, `SERVER_HANDSHAKE_TRAFFIC_SECRET ${CLIENT_RANDOM} 0a0b`]), hex('0a0b'));
    });
  });

  describe('TLS 1.3 (RFC 8448 section 3)', () => {
    it('derives the trace\'s key and IV from its secret (the check on this file\'s own sealing)', () => {
      assert.deepStrictEqual(expandLabel('sha256', RFC8448.serverHandshakeTrafficSecret, 'key', 16), RFC8448.key);
      assert.deepStrictEqual(expandLabel('sha256', RFC8448.serverHandshakeTrafficSecret, 'iv', 12), RFC8448.iv);
    });

    it('decrypts the server flight with the secret of the keylog: version, suite, the certificate as sent, complete', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const wire = Buffer.concat([
        record(HANDSHAKE, RFC8448.serverHello),
        seal(Buffer.concat([RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.certificateVerify, RFC8448.finished])),
      ]);
      // The trace's one record: 674 octets (0x02a2), as RFC 8448 shows it.
      assert.deepStrictEqual(recordHeader(wire, 5 + RFC8448.serverHello.length), { type: 23, version: 0x0303, length: 0x02a2 });
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificates: [RFC8448_CERT], complete: true }));
    });

    it('counts a sequence number per record, skips the middlebox ChangeCipherSpec and reads messages split over records', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const messages = Buffer.concat([RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.certificateVerify, RFC8448.finished]);
      const wire = Buffer.concat([
        record(HANDSHAKE, RFC8448.serverHello),
        record(CCS, u8(1)),
        seal(messages.subarray(0, 100)),
        seal(messages.subarray(100, 101), HANDSHAKE, 3),
        seal(messages.subarray(101)),
      ]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificates: [RFC8448_CERT], complete: true }));
    });

    it('refuses a record sealed with the wrong secret, or whose sequence number is not the next', () => {
      const wrong = sealer(0x1301, Buffer.alloc(32, 1));
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), wrong(RFC8448.encryptedExtensions)]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'a TLS 1.3 handshake record did not decrypt' }));
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      seal(Buffer.alloc(1));
      const skipped = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(RFC8448.encryptedExtensions)]);
      assert.deepStrictEqual(readServerFlight(skipped, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'a TLS 1.3 handshake record did not decrypt' }));
      // A tag changed in its last octet.
      const good = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret)(RFC8448.encryptedExtensions);
      good[good.length - 1] ^= 1;
      assert.deepStrictEqual(readServerFlight(Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), good]), keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'a TLS 1.3 handshake record did not decrypt' }));
    });

    it('says when node gave no secret, or the suite is not one of the three', () => {
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), sealer(0x1301, RFC8448.serverHandshakeTrafficSecret)(RFC8448.encryptedExtensions)]);
      assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'no handshake secret from node:tls' }));
      const ccm = Buffer.concat([record(HANDSHAKE, serverHello({ suite: 0x1304, extensions: [keyShare, selectedVersion(0x0304)] })), record(APPLICATION_DATA, Buffer.alloc(40))]);
      assert.deepStrictEqual(readServerFlight(ccm, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1304, problem: 'unknown TLS 1.3 cipher suite 0x1304' }));
      assert.deepStrictEqual(readServerFlight(ccm, []), flight({ version: 0x0304, cipherSuite: 0x1304, problem: 'unknown TLS 1.3 cipher suite 0x1304' }));
    });

    for (const suite of [0x1302, 0x1303]) {
      it(`reads a CertificateRequest from the encrypted flight (suite 0x${suite.toString(16)})`, () => {
        const secret = crypto.createHash(SUITES[suite].hash).update(`secret ${suite}`).digest();
        const seal = sealer(suite, secret);
        const wire = Buffer.concat([
          record(HANDSHAKE, serverHello({ suite, session: Buffer.alloc(32, 3), extensions: [selectedVersion(0x0304), keyShare] })),
          record(CCS, u8(1)),
          seal(encryptedExtensions),
          seal(
            Buffer.concat([
              // Extensions other than signature_algorithms and certificate_authorities, before and
              // after them, are skipped: status_request (5), signature_algorithms_cert (50).
              certificateRequest13([
                extension(5, Buffer.alloc(0)),
                certificateAuthorities([cnName('Probe Client CA'), cnName('Other CA')]),
                signatureAlgorithms([0x0804, 0x0403, 0x0807]),
                extension(50, vec(2, u16(0x0201))),
              ]),
              certificate13([LEAF, INTERMEDIATE], [extension(5, hex('0100')), Buffer.alloc(0)]),
            ]),
          ),
          seal(Buffer.concat([handshake(15, Buffer.alloc(10)), finished])),
        ]);
        assert.deepStrictEqual(
          readServerFlight(wire, keylogFor(secret)),
          flight({
            version: 0x0304,
            cipherSuite: suite,
            certificateRequest: { signatureSchemes: [0x0804, 0x0403, 0x0807], certificateAuthorities: [cnName('Probe Client CA'), cnName('Other CA')] },
            certificates: [LEAF, INTERMEDIATE],
            complete: true,
          }),
        );
      });
    }

    it('a TLS 1.3 CertificateRequest: unknown extensions skipped, repeated ones added up, status_request and SCT without data taken', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const request = certificateRequest13([extension(0xfe0d, u8(9)), extension(13, vec(2, u16(0x0804))), extension(5, Buffer.alloc(0)), extension(18, Buffer.alloc(0)), extension(50, vec(2, u16(0x0403))), extension(13, vec(2, u16(0x0403))), extension(47, vec(2, vec(2, u8(0x30))))]);
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.concat([encryptedExtensions, request, finished]))]);
      assert.deepStrictEqual(
        readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)),
        flight({ version: 0x0304, cipherSuite: 0x1301, certificateRequest: { signatureSchemes: [0x0804, 0x0403], certificateAuthorities: [Buffer.from([0x30])] }, complete: true }),
      );
    });

    it('a TLS 1.3 CertificateRequest without signature_algorithms or certificate_authorities has empty lists', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.concat([encryptedExtensions, certificateRequest13([]), finished]))]);
      assert.deepStrictEqual(
        readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)),
        flight({ version: 0x0304, cipherSuite: 0x1301, certificateRequest: { signatureSchemes: [], certificateAuthorities: [] }, complete: true }),
      );
    });

    it('refuses a TLS 1.3 CertificateRequest cut short', () => {
      const cases: [string, Buffer][] = [
        ['no context', handshake(13, Buffer.alloc(0))],
        ['no extensions', handshake(13, vec(1))],
        ['an extension type alone', handshake(13, Buffer.concat([vec(1), vec(2, u16(13))]))],
        ['an extension longer than the list', handshake(13, Buffer.concat([vec(1), vec(2, u16(13), u16(10), u16(2))]))],
        // certificateRequestMsgTLS13.unmarshal's own checks:
        ['a non-empty context', certificateRequest13([], Buffer.from([7]))],
        ['bytes after the extensions', handshake(13, Buffer.concat([vec(1), vec(2), u8(0)]))],
        ['an empty signature_algorithms list', certificateRequest13([extension(13, vec(2))])],
        ['an odd signature_algorithms list', certificateRequest13([extension(13, vec(2, hex('080405')))])],
        ['signature_algorithms with bytes after its list', certificateRequest13([extension(13, Buffer.concat([vec(2, u16(0x0804)), u8(0)]))])],
        ['an empty signature_algorithms_cert list', certificateRequest13([extension(50, vec(2))])],
        ['an empty certificate_authorities list', certificateRequest13([extension(47, vec(2))])],
        ['an empty CA name', certificateRequest13([extension(47, vec(2, vec(2)))])],
        ['status_request with data', certificateRequest13([extension(5, u8(1))])],
        ['signed_certificate_timestamp with data', certificateRequest13([extension(18, u8(1))])],
      ];
      for (const [name, message] of cases) {
        const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
        const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.concat([encryptedExtensions, message, finished]))]);
        assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificateRequest: undefined, problem: 'malformed CertificateRequest' }), name);
      }
    });

    it('refuses a TLS 1.3 Certificate message without its context or an entry without its extensions', () => {
      const cases: [string, Buffer][] = [
        ['no context', handshake(11, Buffer.alloc(0))],
        ['context, no list', handshake(11, vec(1))],
        ['an entry without extensions', handshake(11, Buffer.concat([vec(1), vec(3, vec(3, LEAF))]))],
        ['an entry longer than the list', handshake(11, Buffer.concat([vec(1), vec(3, u24(LEAF.length + 1), LEAF)]))],
      ];
      for (const [name, message] of cases) {
        const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
        const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.concat([encryptedExtensions, message, finished]))]);
        assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificates: undefined, problem: 'malformed Certificate message' }), name);
      }
    });

    it('takes an encrypted alert, skips inner content that is not handshake, and strips the zero padding', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.from('early app data'), APPLICATION_DATA, 5), seal(encryptedExtensions, HANDSHAKE, 17), seal(hex('0230'), ALERT, 2)]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, alert: 0x30 }));
    });

    it('inner content that is not handshake is not read as handshake messages', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.from('early app data'), APPLICATION_DATA), seal(Buffer.concat([RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.finished]))]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificates: [RFC8448_CERT], complete: true }));
    });

    it('refuses an inner plaintext of zeros only (RFC 8446 5.4: no content type)', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const wire = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(Buffer.alloc(0), 0, 4)]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'a TLS 1.3 handshake record did not decrypt' }));
    });

    it('keeps the version and suite of the ServerHello after a HelloRetryRequest, not of the HelloRetryRequest', () => {
      const hrr = serverHello({ random: HRR_RANDOM, suite: 0x1302, extensions: [selectedVersion(0x0304), extension(51, u16(0x0017))] });
      const wire = Buffer.concat([record(HANDSHAKE, hrr), record(CCS, u8(1)), record(HANDSHAKE, RFC8448.serverHello), sealer(0x1301, RFC8448.serverHandshakeTrafficSecret)(Buffer.concat([RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.finished]))]);
      assert.deepStrictEqual(readServerFlight(wire, keylogFor(RFC8448.serverHandshakeTrafficSecret)), flight({ version: 0x0304, cipherSuite: 0x1301, certificates: [RFC8448_CERT], complete: true }));
      // A HelloRetryRequest alone gives neither.
      assert.deepStrictEqual(readServerFlight(record(HANDSHAKE, hrr), []), flight({ problem: 'the server flight ended early' }));
    });

    it('after the keys are in use, a record in the clear is unexpected', () => {
      const seal = sealer(0x1301, RFC8448.serverHandshakeTrafficSecret);
      const start = Buffer.concat([record(HANDSHAKE, RFC8448.serverHello), seal(encryptedExtensions)]);
      const keylog = keylogFor(RFC8448.serverHandshakeTrafficSecret);
      assert.deepStrictEqual(readServerFlight(Buffer.concat([start, record(HANDSHAKE, finished)]), keylog), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'unexpected record type 22' }));
      assert.deepStrictEqual(readServerFlight(Buffer.concat([start, record(ALERT, hex('0228'))]), keylog), flight({ version: 0x0304, cipherSuite: 0x1301, problem: 'unexpected record type 21' }));
    });
  });

  describe('TLS 1.2', () => {
    it('reads the whole flight: version, suite, the certificates in the order sent, the CertificateRequest, to ServerHelloDone', () => {
      const cas = [cnName('Probe Client CA'), cnName('Second CA')];
      const wire = Buffer.concat([
        record(HANDSHAKE, Buffer.concat([serverHello({ suite: 0xc02b, session: Buffer.alloc(32, 1), extensions: [extension(0xff01, vec(1)), extension(11, vec(1, u8(0)))] }), certificate12([LEAF, INTERMEDIATE])])),
        record(HANDSHAKE, Buffer.concat([serverKeyExchange, certificateRequest12([1, 64], [0x0403, 0x0804, 0x0401], cas), serverHelloDone])),
      ]);
      assert.deepStrictEqual(
        readServerFlight(wire, []),
        flight({ version: 0x0303, cipherSuite: 0xc02b, certificates: [LEAF, INTERMEDIATE], certificateRequest: { certificateTypes: [1, 64], signatureSchemes: [0x0403, 0x0804, 0x0401], certificateAuthorities: cas }, complete: true }),
      );
    });

    it('reads a ServerHello without extensions, messages split over records and several in one, and stops at ServerHelloDone', () => {
      const messages = Buffer.concat([serverHello({ suite: 0x009c }), certificate12([LEAF]), serverHelloDone]);
      const wire = Buffer.concat([record(HANDSHAKE, messages.subarray(0, 3)), record(HANDSHAKE, messages.subarray(3, 60)), record(HANDSHAKE, messages.subarray(60)), hex('17030300')]);
      assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0x009c, certificates: [LEAF], complete: true }));
    });

    it('a CertificateRequest with no CA names', () => {
      const wire = record(HANDSHAKE, Buffer.concat([serverHello({ suite: 0xc02f }), certificate12([]), certificateRequest12([1], [0x0401], []), serverHelloDone]));
      assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0xc02f, certificates: [], certificateRequest: { certificateTypes: [1], signatureSchemes: [0x0401], certificateAuthorities: [] }, complete: true }));
    });

    it('refuses a TLS 1.2 CertificateRequest cut short or with an odd scheme list', () => {
      const cases: [string, Buffer][] = [
        ['no types', handshake(13, Buffer.alloc(0))],
        ['no schemes', handshake(13, vec(1, u8(1)))],
        ['no CA list', handshake(13, Buffer.concat([vec(1, u8(1)), vec(2, u16(0x0401))]))],
        ['an odd scheme list', handshake(13, Buffer.concat([vec(1, u8(1)), vec(2, hex('040105')), vec(2)]))],
        ['a CA name longer than the list', handshake(13, Buffer.concat([vec(1, u8(1)), vec(2, u16(0x0401)), vec(2, u16(5), hex('3000'))]))],
        // certificateRequestMsg.unmarshal's own checks:
        ['no certificate type', certificateRequest12([], [0x0401], [])],
        ['an empty scheme list', certificateRequest12([1], [], [])],
        ['bytes after the CA names', handshake(13, Buffer.concat([vec(1, u8(1)), vec(2, u16(0x0401)), vec(2), u8(0)]))],
      ];
      for (const [name, message] of cases) {
        const wire = record(HANDSHAKE, Buffer.concat([serverHello({ suite: 0xc02f }), message, serverHelloDone]));
        assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0xc02f, certificateRequest: undefined, problem: 'malformed CertificateRequest' }), name);
      }
    });

    it('refuses a TLS 1.2 Certificate message whose lengths do not add up', () => {
      const cases: [string, Buffer][] = [
        ['no list', handshake(11, Buffer.alloc(2))],
        ['a certificate longer than the list', handshake(11, vec(3, u24(LEAF.length + 1), LEAF))],
        ['a length cut short', handshake(11, vec(3, hex('0000')))],
      ];
      for (const [name, message] of cases) {
        const wire = record(HANDSHAKE, Buffer.concat([serverHello({ suite: 0xc02f }), message, serverHelloDone]));
        assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0xc02f, certificates: undefined, problem: 'malformed Certificate message' }), name);
      }
    });

    it('refuses a ServerHello cut short or with an extension cut short', () => {
      const full = serverHello({ suite: 0xc02f }).subarray(4);
      for (const cut of [1, 2, 33, 34, 35, 36, 37]) {
        const wire = record(HANDSHAKE, handshake(2, full.subarray(0, cut)));
        assert.deepStrictEqual(readServerFlight(wire, []), flight({ problem: 'malformed ServerHello' }), `${cut} octets`);
      }
      const badExtensions = [Buffer.concat([vec(2, u8(0))]), vec(2, u16(43)), vec(2, u16(43), u16(4), u16(0x0304))];
      for (const ext of badExtensions) {
        const wire = record(HANDSHAKE, handshake(2, Buffer.concat([full, ext])));
        assert.deepStrictEqual(readServerFlight(wire, []), flight({ problem: 'malformed ServerHello' }), ext.toString('hex'));
      }
    });

    it('a supported_versions extension of TLS 1.2 in a ServerHello keeps TLS 1.2, and an empty one keeps the legacy version', () => {
      const wire = record(HANDSHAKE, Buffer.concat([serverHello({ suite: 0xc02f, extensions: [selectedVersion(0x0303)] }), serverHelloDone]));
      assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0xc02f, complete: true }));
      const empty = record(HANDSHAKE, Buffer.concat([serverHello({ version: 0x0302, suite: 0xc013, extensions: [extension(43, Buffer.alloc(0))] }), serverHelloDone]));
      assert.deepStrictEqual(readServerFlight(empty, []), flight({ version: 0x0302, cipherSuite: 0xc013, complete: true }));
    });
  });

  describe('alerts, ends and strange records', () => {
    it('takes the description of an alert in the clear, before or after the ServerHello', () => {
      assert.deepStrictEqual(readServerFlight(record(ALERT, hex('0228')), []), flight({ alert: 40 }));
      const wire = Buffer.concat([record(HANDSHAKE, serverHello({ suite: 0xc02f })), record(ALERT, hex('0274')), record(HANDSHAKE, serverHelloDone)]);
      assert.deepStrictEqual(readServerFlight(wire, []), flight({ version: 0x0303, cipherSuite: 0xc02f, alert: 116 }));
    });

    it('says the flight ended early when no record, a part of a header or a part of a record arrived', () => {
      const early = flight({ problem: 'the server flight ended early' });
      assert.deepStrictEqual(readServerFlight(Buffer.alloc(0), []), early);
      assert.deepStrictEqual(readServerFlight(hex('16030300'), []), early);
      const hello = record(HANDSHAKE, serverHello({ suite: 0xc02f }));
      assert.deepStrictEqual(readServerFlight(hello.subarray(0, hello.length - 1), []), early);
      assert.deepStrictEqual(readServerFlight(hello, []), flight({ version: 0x0303, cipherSuite: 0xc02f, problem: 'the server flight ended early' }));
    });

    it('an application_data record before TLS 1.3 is known, or a record type of no meaning here, is unexpected', () => {
      const hello = record(HANDSHAKE, serverHello({ suite: 0xc02f }));
      assert.deepStrictEqual(readServerFlight(Buffer.concat([hello, record(APPLICATION_DATA, Buffer.alloc(20))]), []), flight({ version: 0x0303, cipherSuite: 0xc02f, problem: 'unexpected record type 23' }));
      assert.deepStrictEqual(readServerFlight(record(APPLICATION_DATA, Buffer.alloc(20)), []), flight({ problem: 'unexpected record type 23' }));
      assert.deepStrictEqual(readServerFlight(record(24, Buffer.alloc(3)), []), flight({ problem: 'unexpected record type 24' }));
    });
  });
});
