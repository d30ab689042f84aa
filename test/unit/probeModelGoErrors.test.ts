/**
 * The texts Go's net, crypto/tls and net/http give when a connection fails, as
 * server/src/core/probe/goErrors.ts works them out from the bytes seen. Expected values from Go's
 * sources: crypto/tls alert.go (alertText, and "alert(N)" for a number it has no text for),
 * conn.go readRecordOrCCS (the first record's checks, maxCiphertext = 2^14 + 2048, io.EOF against
 * io.ErrUnexpectedEOF), net/http transport.go (a first record reading "HTTP/" is ErrSchemeMismatch),
 * net.OpError's "dial tcp ADDR: connect: ..." with IPv6 in brackets.
 */
import * as assert from 'node:assert/strict';
import { alertInOpenSslMessage, dialError, eofError, firstRecordError, goHostPort, remoteAlert } from '../../server/src/core/probe/goErrors';

const record = (type: number, version: number, body: Buffer | number) => {
  const b = typeof body === 'number' ? Buffer.alloc(body) : body;
  const h = Buffer.alloc(5);
  h[0] = type;
  h.writeUInt16BE(version, 1);
  h.writeUInt16BE(b.length, 3);
  return Buffer.concat([h, b]);
};

describe("probe: Go's words for a failed connection", () => {
  it('remote alerts: the texts of alert.go, and alert(N) for the rest', () => {
    assert.equal(remoteAlert(42), 'remote error: tls: bad certificate');
    assert.equal(remoteAlert(48), 'remote error: tls: unknown certificate authority');
    assert.equal(remoteAlert(116), 'remote error: tls: certificate required');
    assert.equal(remoteAlert(0), 'remote error: tls: close notify');
    assert.equal(remoteAlert(121), 'remote error: tls: encrypted client hello required');
    assert.equal(remoteAlert(41), 'remote error: tls: alert(41)');
    assert.equal(remoteAlert(255), 'remote error: tls: alert(255)');
  });

  it("the alert number in OpenSSL's message", () => {
    assert.equal(alertInOpenSslMessage('error:0A000412:SSL routines::sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1605:SSL alert number 42'), 42);
    assert.equal(alertInOpenSslMessage('SSL alert number 116'), 116);
    assert.equal(alertInOpenSslMessage('SSL alert number '), undefined);
    assert.equal(alertInOpenSslMessage('wrong version number'), undefined);
  });

  it("the first record: a TLS handshake or alert passes, HTTP is the scheme mismatch, anything else isn't TLS", () => {
    assert.equal(firstRecordError(record(22, 0x0303, 10)), undefined);
    assert.equal(firstRecordError(record(21, 0x0301, 2)), undefined);
    assert.equal(firstRecordError(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')), 'http: server gave HTTP response to HTTPS client');
    // "HTTP" without the slash is not the scheme mismatch.
    assert.equal(firstRecordError(Buffer.from('HTTPS 1.1 400\r\n')), 'tls: first record does not look like a TLS handshake');
    assert.equal(firstRecordError(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), 'tls: first record does not look like a TLS handshake');
    assert.equal(firstRecordError(record(23, 0x0303, 10)), 'tls: first record does not look like a TLS handshake');
    assert.equal(firstRecordError(record(20, 0x0303, 1)), 'tls: first record does not look like a TLS handshake');
    // A version of 0x1000 or more is refused; 0x0fff still passes this check.
    assert.equal(firstRecordError(record(22, 0x1000, 10)), 'tls: first record does not look like a TLS handshake');
    assert.equal(firstRecordError(record(22, 0x0fff, 10)), undefined);
    // Fewer than 5 bytes: nothing to say yet.
    assert.equal(firstRecordError(Buffer.from([22, 3, 3, 0])), undefined);
    assert.equal(firstRecordError(Buffer.from('HTTP')), undefined);
  });

  it('an oversized first record: over 2^14 + 2048 bytes', () => {
    const header = (len: number) => Buffer.from([22, 3, 3, len >> 8, len & 0xff]);
    assert.equal(firstRecordError(header(18432)), undefined);
    assert.equal(firstRecordError(header(18433)), 'tls: oversized record received with length 18433');
    assert.equal(firstRecordError(header(65535)), 'tls: oversized record received with length 65535');
  });

  it('EOF between records, unexpected EOF inside one', () => {
    assert.equal(eofError(Buffer.alloc(0)), 'EOF');
    assert.equal(eofError(record(22, 0x0303, 4)), 'EOF');
    assert.equal(eofError(Buffer.concat([record(22, 0x0303, 4), record(21, 0x0303, 2)])), 'EOF');
    assert.equal(eofError(record(22, 0x0303, 4).subarray(0, 8)), 'unexpected EOF');
    assert.equal(eofError(Buffer.concat([record(22, 0x0303, 4), Buffer.from([22, 3])])), 'unexpected EOF');
    assert.equal(eofError(Buffer.from([22, 3, 3, 0, 0])), 'EOF');
    assert.equal(eofError(Buffer.from([22, 3, 3, 0, 1])), 'unexpected EOF');
  });

  it('addresses as Go prints them', () => {
    assert.equal(goHostPort('192.0.2.7', 443), '192.0.2.7:443');
    assert.equal(goHostPort('2001:db8::7', 5000), '[2001:db8::7]:5000');
    assert.equal(goHostPort('reg.example.com', '443'), 'reg.example.com:443');
  });

  it("connect(2) failures in net.Dialer's words, with the address the socket gave", () => {
    const err = (code: string | undefined, extra: { address?: string; port?: number; message?: string } = {}) => Object.assign(new Error(extra.message ?? 'x'), { code, ...extra }) as NodeJS.ErrnoException & { address?: string; port?: number };
    assert.deepEqual(dialError(err('ECONNREFUSED', { address: '192.0.2.7', port: 443 }), 'reg.example.com', 443), { error: 'dial tcp 192.0.2.7:443: connect: connection refused' });
    assert.deepEqual(dialError(err('EHOSTUNREACH', { address: '2001:db8::7', port: 5000 }), 'reg.example.com', 5000), { error: 'dial tcp [2001:db8::7]:5000: connect: no route to host' });
    assert.deepEqual(dialError(err('ENETUNREACH'), '192.0.2.9', 443), { error: 'dial tcp 192.0.2.9:443: connect: network is unreachable' });
    assert.deepEqual(dialError(err('ETIMEDOUT'), '192.0.2.9', 8443), { error: 'dial tcp 192.0.2.9:8443: connect: connection timed out' });
    assert.deepEqual(dialError(err('EADDRNOTAVAIL'), '192.0.2.9', 443), { error: 'dial tcp 192.0.2.9:443: connect: cannot assign requested address' });
    assert.deepEqual(dialError(err('ENOTFOUND'), 'nope.example.com', 443), { error: 'dial tcp: lookup nope.example.com: no such host', approximate: true });
    assert.deepEqual(dialError(err('EAI_AGAIN'), 'slow.example.com', 443), { error: 'dial tcp: lookup slow.example.com: server misbehaving', approximate: true });
    assert.deepEqual(dialError(err('ECONNRESET'), '192.0.2.9', 443), { error: 'dial tcp 192.0.2.9:443: ECONNRESET', approximate: true });
    assert.deepEqual(dialError(err(undefined, { message: 'socket hang up' }), '192.0.2.9', 443), { error: 'dial tcp 192.0.2.9:443: socket hang up', approximate: true });
  });
});
