/**
 * Writes a sample certs.d folder: a few good host folders and one folder for each mistake users
 * trip over (spec: engine-rules.md, "What users actually trip over"). The certificates are made
 * now, so the sample never goes stale; it is never committed (.gitignore has examples/certs.d/).
 * examples/README.md says what each folder shows.
 *
 *   node --import tsx scripts/make-sample.ts [dir] [--force]
 *
 * `dir` defaults to examples/certs.d in this repository. An existing folder is left as it is;
 * with --force the sample is written into it, but only when no file in it would be overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  certDer,
  clientCert,
  ecKey,
  opensslTextDump,
  pkcs1Pem,
  pkcs8Pem,
  rsaKey,
  selfSigned,
  selfSignedCa,
  TestCert,
} from '../test/helpers/pki';

const DAY = 86_400_000;

export const DEFAULT_SAMPLE_DIR = path.resolve(__dirname, '..', 'examples', 'certs.d');

export interface SampleFile {
  content: string | Buffer;
  /** Private keys are written 0600, as they should be. */
  mode?: number;
}

/** Thrown by makeSample, before anything is written, when a file of the sample already exists. */
export class SampleExistsError extends Error {
  constructor(
    readonly dir: string,
    readonly existing: string[],
  ) {
    super(`${dir} already holds ${existing.length === 1 ? 'a file' : 'files'} of the sample (${someOf(dir, existing)}): nothing was written.`);
  }
}

/** A few paths, relative to `dir`, for a one-line message. */
function someOf(dir: string, paths: string[]): string {
  const shown = paths.slice(0, 3).map((p) => path.relative(dir, p));
  return paths.length > 3 ? `${shown.join(', ')} and ${paths.length - 3} more` : shown.join(', ');
}

function key(content: string): SampleFile {
  return { content, mode: 0o600 };
}

function days(now: Date, n: number): Date {
  return new Date(now.getTime() + n * DAY);
}

/**
 * The sample, as paths relative to the certs.d folder. `now` sets every validity period, so
 * `expired` and `expiring` mean what they say at `now`.
 */
export async function sampleFiles(now: Date = new Date()): Promise<Map<string, SampleFile>> {
  const valid = { notBefore: days(now, -1), notAfter: days(now, 5 * 365) };
  const validLeaf = { notBefore: days(now, -1), notAfter: days(now, 2 * 365) };

  const ca = await selfSignedCa({ commonName: 'Example Registry CA', key: rsaKey(2048, 0), ...valid });
  const client = await clientCert(ca, { commonName: 'example-client', key: rsaKey(2048, 1), ...validLeaf });
  const mirrorCa = await selfSignedCa({ commonName: 'Example Mirror CA', key: ecKey('P-256', 0), ...valid });
  const expiredCa = await selfSignedCa({ commonName: 'Expired Example CA', key: ecKey('P-256', 1), notBefore: days(now, -400), notAfter: days(now, -30) });
  // Half a day over ten, so that the checker says "expires in 10 days" right after generation.
  const expiringCa = await selfSignedCa({ commonName: 'Expiring Example CA', key: ecKey('P-256', 2), notBefore: days(now, -355), notAfter: days(now, 10.5) });
  // A registry's self-signed server certificate made without subjectAltName (CN only).
  const cnOnly = await selfSigned({ commonName: 'cn-only.example.com', extKeyUsage: ['serverAuth'], key: ecKey('P-256', 3), ...validLeaf });
  const otherClient = await clientCert(ca, { commonName: 'other-client', key: rsaKey(2048, 2), ...validLeaf });
  const docsClient = await docsStyleClient(valid);

  return new Map<string, SampleFile>([
    // Good: a private registry with a client certificate.
    ['registry.example.com:5000/ca.crt', { content: ca.pem }],
    ['registry.example.com:5000/client.cert', { content: client.pem }],
    ['registry.example.com:5000/client.key', key(pkcs8Pem(client.key))],
    // Good: a mirror that only needs its CA.
    ['mirror.example.com/ca.crt', { content: mirrorCa.pem }],
    // Good: a client pair as Docker's documentation makes it (openssl req -x509 -text).
    ['docs-style.example.com/ca.crt', { content: ca.pem }],
    ['docs-style.example.com/client.cert', { content: opensslTextDump(docsClient) + docsClient.pem }],
    ['docs-style.example.com/client.key', key(pkcs1Pem(docsClient.key))],
    // Good for Docker and Podman; containerd reads only what hosts.toml names, so not ca.crt.
    ['hosts-toml.example.com/ca.crt', { content: ca.pem }],
    ['hosts-toml.example.com/hosts.toml', { content: HOSTS_TOML }],
    // containerd style: mirrors in hosts.toml, a misspelled key, a loose file hosts.toml does not name.
    ['mirrors.example.com/hosts.toml', { content: MIRRORS_TOML }],
    ['mirrors.example.com/mirror-ca.crt', { content: mirrorCa.pem }],
    ['mirrors.example.com/extra.crt', { content: ca.pem }],
    // Docker style, for the "Convert this folder to hosts.toml" action (containerd, Docker's containerd image store).
    ['to-hosts-toml.example.com/ca.crt', { content: ca.pem }],
    ['to-hosts-toml.example.com/client.cert', { content: client.pem }],
    ['to-hosts-toml.example.com/client.key', key(pkcs8Pem(client.key))],

    // Mistakes.
    ['ca.crt', { content: ca.pem }],
    ['registry.example.com:443/ca.crt', { content: ca.pem }],
    ['ca-as-cert.example.com/ca.cert', { content: ca.pem }],
    ['server-key.example.com/ca.crt', { content: ca.pem }],
    ['server-key.example.com/ca.key', key(pkcs8Pem(ca.key))],
    ['der.example.com/ca.crt', { content: certDer(ca) }],
    ['bom.example.com/ca.crt', { content: Buffer.from('\uFEFF' + ca.pem, 'utf8') }],
    ['ext.example.com/ca.pem', { content: ca.pem }],
    ['ext.example.com/CA.CRT', { content: mirrorCa.pem }],
    ['expired.example.com/ca.crt', { content: expiredCa.pem }],
    ['expiring.example.com/ca.crt', { content: expiringCa.pem }],
    ['cn-only.example.com/registry.crt', { content: cnOnly.pem }],
    ['mismatch.example.com/client.cert', { content: otherClient.pem }],
    ['mismatch.example.com/client.key', key(pkcs8Pem(client.key))],
    ['missing-key.example.com/client.cert', { content: client.pem }],
    ['subfolder.example.com/sub/ca.crt', { content: ca.pem }],
  ]);
}

const HOSTS_TOML = `server = "https://hosts-toml.example.com"

[host."https://hosts-toml.example.com"]
  capabilities = ["pull", "resolve"]
`;

/**
 * Mirrors tried before the registry itself, in this order. `skip-verify` is not a key containerd
 * knows (it wants skip_verify): it is dropped without a word and TLS is verified anyway.
 */
const MIRRORS_TOML = `# Read by containerd (and Docker's pulls with the containerd image store), not by Podman
# or Docker with graph drivers. Hover a path, a capability or a [host] header to see what it does.
server = "https://mirrors.example.com"

[host."https://mirror-a.example.com:5000"]
  capabilities = ["pull", "resolve"]
  ca = "mirror-ca.crt"

[host."http://mirror-b.example.com"]
  capabilities = ["pull"]
  ca = "mirror-ca.crt"
  skip-verify = true
`;

/**
 * What `openssl genrsa -out client.key 4096` + `openssl req -new -x509 -text -key client.key
 * -out client.cert` make: a self-signed certificate with CA:TRUE (OpenSSL's v3_ca section) and
 * an RSA 4096 key.
 */
function docsStyleClient(validity: { notBefore: Date; notAfter: Date }): Promise<TestCert> {
  return selfSigned({ commonName: 'docs-style-client', ca: true, key: rsaKey(4096, 0), ...validity });
}

/**
 * Writes the sample into `dir` (made if missing). Never overwrites: when any of its files
 * exists, throws SampleExistsError before writing anything.
 */
export async function makeSample(dir: string): Promise<void> {
  const files = await sampleFiles();
  const existing = [...files.keys()].map((rel) => path.join(dir, rel)).filter((p) => fs.existsSync(p));
  if (existing.length > 0) throw new SampleExistsError(dir, existing);
  for (const [rel, file] of files) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    // 'wx': fail rather than overwrite a file that appeared since the check above.
    fs.writeFileSync(p, file.content, { flag: 'wx', mode: file.mode });
  }
}

const USAGE = 'usage: node --import tsx scripts/make-sample.ts [dir] [--force]';

export async function main(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const args = argv.filter((a) => a !== '--force');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    console.error(USAGE);
    return 2;
  }
  const dir = args[0] ? path.resolve(args[0]) : DEFAULT_SAMPLE_DIR;
  const relative = path.relative(process.cwd(), dir);
  const shown = relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
  if (fs.existsSync(dir) && !force) {
    console.log(`${shown} exists: left as it is. Delete it to make a fresh sample (--force writes into it only when none of the sample's files are there).`);
    return 0;
  }
  try {
    await makeSample(dir);
  } catch (e) {
    if (!(e instanceof SampleExistsError)) throw e;
    console.log(`${shown} exists and holds files of the sample (${someOf(dir, e.existing)}): left as it is. Delete it to make a fresh sample.`);
    return 0;
  }
  console.log(`Wrote a sample certs.d folder to ${shown} (see examples/README.md). Check it with: npx certsd check ${shown}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 2;
    },
  );
}
