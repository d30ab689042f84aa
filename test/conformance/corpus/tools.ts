/**
 * The two command-line tools the pool uses when they are installed: `openssl` (text dumps,
 * Docker's documented `openssl req -new -x509 -text` recipe, PKCS#7 bundles, traditional DSA
 * keys) and `ssh-keygen` (OpenSSH private keys). Each helper returns undefined when its tool is
 * missing or fails, and the pool then leaves that kind out (and says so in `pool.missing`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pemBlock } from './keys';

export function haveTool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error;
}

/** Runs a tool, feeding `input` on stdin; stdout on exit code 0, else undefined. */
export function run(cmd: string, args: string[], input?: Buffer | string, cwd?: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out) : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/**
 * `openssl x509 -text` for many certificates: the human-readable dump followed by the PEM block.
 * One openssl start costs ~75 ms, so the certificates go through one PKCS#7 bundle
 * (`crl2pkcs7 | pkcs7 -print_certs -text` prints exactly what `x509 -text` prints); a bundle
 * openssl refuses (an odd certificate in it) is halved until the culprit is alone.
 */
export async function opensslText(ders: Buffer[]): Promise<(string | undefined)[]> {
  if (ders.length === 0) return [];
  const pem = ders.map((d) => pemBlock('CERTIFICATE', d)).join('');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-'));
  let text: string | undefined;
  try {
    fs.writeFileSync(path.join(dir, 'in.pem'), pem);
    const p7 = await run('openssl', ['crl2pkcs7', '-nocrl', '-certfile', 'in.pem'], undefined, dir);
    text = p7 && (await run('openssl', ['pkcs7', '-print_certs', '-text'], p7))?.toString('utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const END = '-----END CERTIFICATE-----\n';
  const chunks = text ? text.split(END).slice(0, -1).map((c) => c.replace(/^\n+/, '') + END) : [];
  const byDer = new Map(chunks.map((c) => [pemBody(c), c]));
  const out = ders.map((d) => byDer.get(d.toString('base64')));
  if (out.every((o) => o !== undefined) || ders.length === 1) return out;
  const half = Math.ceil(ders.length / 2);
  return [...(await opensslText(ders.slice(0, half))), ...(await opensslText(ders.slice(half)))];
}

function pemBody(chunk: string): string {
  const m = /-----BEGIN CERTIFICATE-----\n([\s\S]*?)-----END/.exec(chunk);
  return m ? m[1].replace(/\s+/g, '') : '';
}

/**
 * Docker's documented client certificate: `openssl req -new -x509 -text -key client.key -out
 * client.cert`. With the stock openssl.cnf this is self-signed with basicConstraints CA:TRUE.
 */
export async function opensslReqX509(keyPem: string, cn: string, days: number): Promise<string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-'));
  try {
    fs.writeFileSync(path.join(dir, 'client.key'), keyPem, { mode: 0o600 });
    const ok = await run('openssl', ['req', '-new', '-x509', '-text', '-key', 'client.key', '-out', 'client.cert', '-subj', `/CN=${cn}`, '-days', String(days)], undefined, dir);
    return ok === undefined ? undefined : fs.readFileSync(path.join(dir, 'client.cert'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl genrsa <bits>`: OpenSSL 3 writes PKCS#8 `PRIVATE KEY`, 1.x writes `RSA PRIVATE KEY`. */
export async function opensslGenrsa(bits: number): Promise<string | undefined> {
  return (await run('openssl', ['genrsa', String(bits)]))?.toString('utf8');
}

/** `openssl pkey -traditional`: e.g. `DSA PRIVATE KEY`. */
export async function opensslTraditional(pkcs8Pem: string): Promise<Buffer | undefined> {
  return run('openssl', ['pkey', '-traditional'], pkcs8Pem);
}

/** `openssl crl2pkcs7 -nocrl`: a `PKCS7` PEM bundle as Windows and some portals export. */
export async function opensslPkcs7(certsPem: string): Promise<Buffer | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pem'), certsPem);
    return await run('openssl', ['crl2pkcs7', '-nocrl', '-certfile', 'in.pem'], undefined, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A PEM key rewritten by `ssh-keygen -p` in the OpenSSH format (works for RSA and ECDSA). */
export async function toOpenssh(pkcs8Pem: string): Promise<Buffer | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-'));
  try {
    const file = path.join(dir, 'id');
    fs.writeFileSync(file, pkcs8Pem, { mode: 0o600 });
    const ok = await run('ssh-keygen', ['-p', '-P', '', '-N', '', '-q', '-f', file]);
    const out = ok === undefined ? undefined : fs.readFileSync(file);
    return out && out.toString('latin1').startsWith('-----BEGIN OPENSSH PRIVATE KEY-----') ? out : undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fresh Ed25519 key from `ssh-keygen -t ed25519` (ssh-keygen cannot import a PKCS#8 Ed25519
 * key): the OpenSSH private key file, and the SPKI built from the `.pub` line so that a
 * certificate can be issued for it.
 */
export async function sshKeygenEd25519(): Promise<{ openssh: Buffer; spki: Buffer } | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-corpus-'));
  try {
    const file = path.join(dir, 'id');
    const ok = await run('ssh-keygen', ['-t', 'ed25519', '-N', '', '-C', '', '-q', '-f', file]);
    if (ok === undefined) return undefined;
    const blob = Buffer.from(fs.readFileSync(file + '.pub', 'utf8').split(' ')[1], 'base64');
    // The blob is string "ssh-ed25519", string key(32).
    const typeLen = blob.readUInt32BE(0);
    const key = blob.subarray(8 + typeLen, 8 + typeLen + 32);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]);
    crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }); // throws if the parse above was wrong
    return { openssh: fs.readFileSync(file), spki };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

