/**
 * Differential test of pem.ts against Go's own encoding/pem: the same inputs go to decodeAll and to
 * a small Go program (go/pemdecode) that runs the pem.Decode loop; the blocks (type, headers,
 * bytes) must be the same. Inputs are PEM-like documents assembled from armor, header, base64 and
 * junk lines, and mutations of real PEM files.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeAll } from '../../server/src/core/go/pem';

/** Builds one of the Go oracles in go/ (stdlib only); undefined (with the reason) when there is no Go toolchain. */
export function buildGoOracle(name: 'pemdecode' | 'verifyhostname'): { binary?: string; reason?: string } {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return { reason: 'no Go toolchain (go version failed)' };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-go-')), name);
  const r = spawnSync('go', ['build', '-o', out, '.'], { cwd: path.join(__dirname, 'go', name), encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) return { reason: `go build failed: ${r.stderr}` };
  return { binary: out };
}

export const buildPemOracle = () => buildGoOracle('pemdecode');

const LINES = [
  '-----BEGIN CERTIFICATE-----',
  '-----END CERTIFICATE-----',
  '-----BEGIN X-----',
  '-----END X-----',
  '-----BEGIN RSA PRIVATE KEY-----',
  '-----END RSA PRIVATE KEY-----',
  '-----BEGIN -----',
  '-----END -----',
  '  -----BEGIN CERTIFICATE-----',
  '-----END CERTIFICATE----- \t',
  '-----END CERTIFICATE-----x',
  '-----BEGIN CERTIFICATE----',
  '----END CERTIFICATE-----',
  '-----END X:Y-----',
  'Proc-Type: 4,ENCRYPTED',
  'DEK-Info: AES-128-CBC,00',
  'a:b',
  ':',
  '',
  ' ',
  'AAAA',
  'QUJD',
  'QUI=',
  'QQ==',
  'QQ=',
  'A===',
  'AA AA',
  '\tAAAA',
  'AA=A',
  '\ufeff-----BEGIN CERTIFICATE-----',
  'junk',
];

/** A PEM-like document: lines from the vocabulary, joined by LF or CRLF, with or without a final newline. */
export const pemLikeArb: fc.Arbitrary<Buffer> = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 24 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, nl, final]) => Buffer.from(lines.join(nl) + (final ? nl : ''), 'utf8'));

/** Go's answer: type, header keys and values as base64 of their bytes; headers sorted by the key's base64. */
interface GoBlock {
  type: string;
  headers: [string, string][];
  bytes: string;
}

const b64 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('base64');

/** Runs both decoders on every input; returns the first disagreement, or undefined. */
export function comparePem(binary: string, inputs: Buffer[]): string | undefined {
  const r = spawnSync(binary, [], { input: inputs.map((b) => b.toString('base64')).join('\n') + '\n', encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) return `the Go oracle failed: ${r.stderr}`;
  const lines = r.stdout.trimEnd().split('\n');
  if (lines.length !== inputs.length) return `the Go oracle answered ${lines.length} lines for ${inputs.length} inputs`;
  for (let i = 0; i < inputs.length; i++) {
    const go = JSON.parse(lines[i]) as GoBlock[];
    // Our types and headers are latin1 strings of the bytes: compare as base64 of the bytes.
    const ours: GoBlock[] = decodeAll(inputs[i]).map((b) => ({
      type: b64(b.type),
      headers: Object.entries(b.headers)
        .map(([k, v]): [string, string] => [b64(k), b64(v)])
        .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)),
      bytes: b.bytes.toString('base64'),
    }));
    if (JSON.stringify(go) !== JSON.stringify(ours)) {
      return `disagreement on ${JSON.stringify(inputs[i].toString('latin1'))}:\n  Go:     ${JSON.stringify(go)}\n  certsd: ${JSON.stringify(ours)}`;
    }
  }
  return undefined;
}
