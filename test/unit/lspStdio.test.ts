/**
 * `--stdio` (server.ts stdioConnection) on injected streams, exit and console: a framing error or a
 * failed write ends the process with exit code 1 and one line on stderr that quotes nothing of the
 * message's body; the end of stdin exits 0 after a shutdown request and 1 without; what libraries
 * print goes to stderr, never into the protocol on stdout. (test/protocol/hostileFraming.test.ts
 * runs the real process.)
 */
import * as assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { Connection } from 'vscode-languageserver/node';
import { StdioPorts, stdioConnection } from '../../server/src/server';

const SUFFIX = '; exiting so that the client can restart the server\n';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

interface Fake {
  io: StdioPorts;
  stdin: PassThrough;
  stdout: string[];
  stderr: string[];
  exits: number[];
  console: StdioPorts['console'];
  /** Resolves at the first exit call. */
  exited: Promise<number>;
  /** Resolves once stdout holds `text`. */
  written(text: string): Promise<void>;
}

/** Ports whose stdout collects what is written, or fails every write when `failWrites` is given. */
function ports(failWrites?: Error): Fake {
  const stdin = new PassThrough();
  const out: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (failWrites) return done(failWrites);
      out.push(chunk.toString());
      for (const w of [...waiters]) if (out.join('').includes(w.text)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
      done();
    },
  });
  stdout.on('error', () => undefined);
  const stderr: string[] = [];
  const exits: number[] = [];
  let exited!: (code: number) => void;
  const fakeConsole = { log: () => 'log', info: () => 'info', debug: () => 'debug', warn: () => 'warn', error: () => 'error' };
  const io: StdioPorts = {
    stdin,
    stdout,
    stderr: { write: (text: string) => stderr.push(text) },
    exit: (code: number) => {
      exits.push(code);
      exited(code);
    },
    console: fakeConsole,
  };
  return {
    io,
    stdin,
    stdout: out,
    stderr,
    exits,
    console: fakeConsole,
    exited: new Promise<number>((resolve) => (exited = resolve)),
    written: (text) => (out.join('').includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }))),
  };
}

describe('the stdio connection (--stdio)', () => {
  const connections: Connection[] = [];
  const connect = (f: Fake) => {
    const c = stdioConnection(f.io);
    connections.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of connections.splice(0)) c.dispose();
  });

  const readError = async (bad: string) => {
    const f = ports();
    connect(f).listen();
    f.stdin.write(bad);
    assert.equal(await f.exited, 1);
    return f.stderr;
  };

  it('exits 1 on a bad header, naming it on one line of stderr', async () => {
    assert.deepEqual(await readError('Content-Length: abc\r\n\r\n{}'), [
      `certsd-language-server: cannot read a JSON-RPC message from stdin (Content-Length value must be a number. Got abc)${SUFFIX}`,
    ]);
    // A quoted header value is dropped too, to the end when its quote is not closed.
    assert.deepEqual(await readError('Content-Length: "12" bytes\r\n\r\n{}'), [
      `certsd-language-server: cannot read a JSON-RPC message from stdin (Content-Length value must be a number. Got "..." bytes)${SUFFIX}`,
    ]);
    assert.deepEqual(await readError('Content-Length: "secret\r\n\r\n{}'), [
      `certsd-language-server: cannot read a JSON-RPC message from stdin (Content-Length value must be a number. Got "...")${SUFFIX}`,
    ]);
    // The library's message has the bad line on a second line: only the first is kept.
    assert.deepEqual(await readError('garbage\r\n\r\n'), [
      `certsd-language-server: cannot read a JSON-RPC message from stdin (Message header must separate key and value using ':')${SUFFIX}`,
    ]);
  });

  it('exits 1 on a body that is not JSON, without quoting the body', async () => {
    const key = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC';
    const reason = async (body: string) => {
      const [line] = await readError(frame(body));
      const prefix = 'certsd-language-server: cannot read a JSON-RPC message from stdin (';
      assert.ok(line.startsWith(prefix) && line.endsWith(`)${SUFFIX}`), line);
      return line.slice(prefix.length, -`)${SUFFIX}`.length);
    };
    // JSON.parse quotes the start of the body, or the part around the error, with "..." marks.
    assert.equal(await reason(key), `Unexpected token 'M', "..."... is not valid JSON`);
    assert.equal(await reason('{"a": MIIE}'), `Unexpected token 'M', "..." is not valid JSON`);
    // Quotes of the body inside the quoted part: nothing between them is shown either.
    assert.equal(await reason('x"secret'), `Unexpected token 'x', "..." is not valid JSON`);
    assert.equal(await reason('{"a": 1, "b": MIIE"secret"}'), `Unexpected token 'M', ..."..."... is not valid JSON`);
  });

  it('keeps at most 160 characters of the reason', async () => {
    const value = 'abc'.repeat(100);
    const [line] = await readError(`Content-Length: ${value}\r\n\r\n{}`);
    assert.equal(line, `certsd-language-server: cannot read a JSON-RPC message from stdin (${`Content-Length value must be a number. Got ${value}`.slice(0, 160)})${SUFFIX}`);
  });

  it('exits 1 when stdout cannot be written, saying why', async () => {
    const f = ports(new Error('EPIPE: broken pipe'));
    const c = connect(f);
    c.onRequest('certsd/ping', () => 'pong');
    c.listen();
    f.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'certsd/ping' })));
    assert.equal(await f.exited, 1);
    assert.deepEqual(f.stderr[0], `certsd-language-server: cannot write to stdout (EPIPE: broken pipe)${SUFFIX}`);
  });

  it('exits 0 at the end of stdin after a shutdown request, and 1 without one', async () => {
    const clean = ports();
    connect(clean).listen();
    clean.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown' })));
    await clean.written('"id":1');
    clean.stdin.emit('end');
    clean.stdin.emit('close');
    assert.deepEqual(clean.exits, [0, 0]);
    for (const event of ['end', 'close']) {
      const f = ports();
      connect(f).listen();
      f.stdin.emit(event);
      assert.deepEqual(f.exits, [1], event);
    }
  });

  it('sends what libraries print to stderr (console.error), never to stdout', () => {
    const f = ports();
    const error = f.console.error;
    connect(f);
    assert.deepEqual([f.console.log, f.console.info, f.console.debug, f.console.warn, f.console.error], [error, error, error, error, error]);
  });

  it('answers on stdout', async () => {
    const f = ports();
    const c = connect(f);
    c.onRequest('certsd/ping', () => 'pong');
    c.listen();
    f.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'certsd/ping' })));
    await f.written('"result":"pong"');
    assert.equal(f.stdout.join(''), frame(JSON.stringify({ jsonrpc: '2.0', id: 7, result: 'pong' })));
    assert.deepEqual(f.exits, []);
  });
});
