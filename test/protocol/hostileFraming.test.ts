/**
 * JSON-RPC framing errors on stdio: the real server (`node server/out/server.js --stdio`, built by
 * `npm test`) gets a bad frame, then a valid `initialize`. It must answer it or exit non-zero (so
 * that the client starts a new one) within a few seconds, never sit there answering nothing.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const SERVER = path.join(__dirname, '..', '..', 'server', 'out', 'server.js');

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const INITIALIZE = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));

type Outcome = { answered: true } | { answered: false; exitCode: number | null; stderr: string } | { hung: true };

function send(bad: string, ms = 5000): Promise<Outcome> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => (p.kill(), resolve({ hung: true })), ms);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/"id":1,"result":\{"capabilities"/.test(out)) (clearTimeout(timer), p.kill(), resolve({ answered: true }));
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => (clearTimeout(timer), resolve({ answered: false, exitCode: code, stderr: err })));
    p.stdin.on('error', () => undefined);
    p.stdin.write(bad);
    setTimeout(() => p.stdin.write(INITIALIZE), 200);
  });
}

describe('hostile input: JSON-RPC framing errors on stdio end in an answer or an exit, never a silent hang', () => {
  it('answers a valid initialize (the control case)', async () => {
    assert.deepEqual(await send(''), { answered: true });
  });

  const cases: [string, string][] = [
    ['no Content-Length header', 'Content-Type: application/json\r\n\r\n{}'],
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}'],
    ['a Content-Length shorter than the body', `Content-Length: 2\r\n\r\n{"jsonrpc":"2.0"}`],
    ['a Content-Length longer than the body', 'Content-Length: 5\r\n\r\n{}'],
    ['a header line without a colon', 'garbage\r\n\r\n'],
    ['a body that is not JSON', frame('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC')],
  ];
  for (const [what, bad] of cases) {
    it(`exits non-zero or answers after ${what}`, async () => {
      const r = await send(bad);
      assert.ok(!('hung' in r), `the server neither answered nor exited within 5 s after ${what}`);
      if (!r.answered) {
        assert.notEqual(r.exitCode, 0, 'a framing error is not a clean shutdown');
        assert.match(r.stderr, /exiting so that the client can restart/);
        // The body is not echoed: it could be a document's text.
        assert.doesNotMatch(r.stderr, /MIIEvQIBADAN/);
      }
    });
  }
});
