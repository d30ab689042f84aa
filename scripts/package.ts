/**
 * `npm run package`: the .vsix, bundled with esbuild (tsc -b stays the development build).
 *
 *  1. `npm run build` (type errors stop packaging; the client imports the server's compiled
 *     protocol module from server/out), then a fresh staging folder .package/ with only what the
 *     extension needs: a package.json derived from the root one, README.md, LICENSE, syntaxes/,
 *     and dist/extension.js + dist/server.js bundled by esbuild.
 *  2. Starts dist/server.js --stdio and talks LSP to it: `initialize`, then a generated client pair
 *     and a hover on its certificate (these load @peculiar/x509, its decorators and reflect-metadata),
 *     and two of the requests the extension asks instead of importing the core.
 *  3. `vsce package --no-dependencies` inside the staging folder, to certsd-<version>.vsix here.
 *  4. Reads the .vsix (a zip) and fails if it holds tests, examples, certificate or key files,
 *     source maps, node_modules, or a full PEM block in any file: the Marketplace's malware scanner
 *     flagged an extension for PEM armor and key fixtures inside its package.
 *
 * Why a staging folder rather than vsce run at the root with a .vscodeignore: the package's content
 * is listed here (an allowlist) instead of being everything minus a list that must grow with each
 * new fixture folder. vsce reads .vscodeignore only from the folder it packages, so the root
 * .vscodeignore never applies to this script: it only keeps test fixtures out of a package made by
 * mistake with `vsce package` at the root.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  MarkupContent,
  RegistrationRequest,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { Commands, DockerCertsDirResult, GenerateClientPairParams, GenerateResult, MovePlan, PEM_LANGUAGE_ID, Requests } from '../server/src/protocol';

const REPO = path.resolve(__dirname, '..');
const STAGE = path.join(REPO, '.package');
const rootManifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
const VSIX = path.join(REPO, `${rootManifest.name}-${rootManifest.version}.vsix`);

/** Manifest fields the packaged extension keeps; everything else (scripts, dependencies, bin, private) stays behind. */
const MANIFEST_FIELDS = ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'homepage', 'repository', 'bugs', 'engines', 'capabilities', 'extensionKind', 'categories', 'activationEvents', 'contributes', 'l10n'];

class PackageError extends Error {}

function say(message: string): void {
  process.stdout.write(`[package] ${message}\n`);
}

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new PackageError(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${cwd}`);
}

async function stage(): Promise<void> {
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE);
  const manifest: Record<string, unknown> = {};
  for (const field of MANIFEST_FIELDS) if (rootManifest[field] !== undefined) manifest[field] = rootManifest[field];
  manifest.main = './dist/extension.js';
  // vsce's own allowlist as well (it adds package.json and README.md itself): a stray file left in .package/ stays out.
  manifest.files = ['LICENSE', 'dist/extension.js', 'dist/server.js', 'syntaxes/*.json', 'images/icon.png', 'CHANGELOG.md', 'docs/walkthrough/*.md', 'package.nls*.json', 'l10n/*.json'];
  fs.writeFileSync(path.join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(REPO, 'LICENSE'), path.join(STAGE, 'LICENSE'));
  fs.copyFileSync(path.join(REPO, 'CHANGELOG.md'), path.join(STAGE, 'CHANGELOG.md'));
  // The screenshots and rule pages live in the repository (docs/), not in the package: vsce points
  // the README's relative links and images at the manifest's repository.
  fs.copyFileSync(path.join(REPO, 'README.md'), path.join(STAGE, 'README.md'));
  fs.cpSync(path.join(REPO, 'syntaxes'), path.join(STAGE, 'syntaxes'), { recursive: true });
  fs.mkdirSync(path.join(STAGE, 'images'));
  fs.copyFileSync(path.join(REPO, 'images', 'icon.png'), path.join(STAGE, 'images', 'icon.png'));
  // The walkthrough's pages (contributes.walkthroughs media).
  fs.cpSync(path.join(REPO, 'docs', 'walkthrough'), path.join(STAGE, 'docs', 'walkthrough'), { recursive: true });
  // The translations: package.nls*.json for the manifest's %keys%, l10n/ for vscode.l10n.t in the
  // client and core/l10n.ts in the server (which finds it beside dist/).
  for (const f of fs.readdirSync(REPO).filter((n) => /^package\.nls(\.[a-z-]+)?\.json$/.test(n))) fs.copyFileSync(path.join(REPO, f), path.join(STAGE, f));
  fs.cpSync(path.join(REPO, 'l10n'), path.join(STAGE, 'l10n'), { recursive: true });
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: { extension: 'client/src/extension.ts', server: 'server/src/server.ts' },
    outdir: path.join(STAGE, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    external: ['vscode'],
    logLevel: 'warning',
  });
}

/** Runs the bundled server as VS Code would (a separate node process) and checks that it answers. */
async function checkServerBundle(): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-package-'));
  const hostPath = path.join(tmp, 'certs.d', 'reg.example.com');
  fs.mkdirSync(hostPath, { recursive: true });
  const proc = spawn(process.execPath, [path.join(STAGE, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  const stderr: string[] = [];
  proc.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  // Rejects when the server exits: a request still waiting then fails with the server's stderr.
  const exited = new Promise<never>((_, reject) => {
    proc.on('exit', (code, signal) => reject(new PackageError(`the server exited (${code ?? signal}) before answering. stderr:\n${stderr.join('')}`)));
  });
  exited.catch(() => undefined); // observed by the requests; the kill in `finally` must not count as unhandled
  const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  // The server asks nothing of a client without capabilities; should it register a capability or
  // ask for settings anyway, it gets the empty answers (any other request: MethodNotFound).
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
  connection.listen();

  /** The answer to a request sent as `method`; fails with the server's stderr on an error, an exit or no answer within `timeoutMs`. */
  const answer = async <R>(method: string, sent: Promise<R>, timeoutMs = 15000): Promise<R> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PackageError(`no answer to ${method} within ${timeoutMs} ms. stderr:\n${stderr.join('')}`)), timeoutMs);
    });
    try {
      return await Promise.race([sent, exited, timeout]);
    } catch (e) {
      if (e instanceof ResponseError) throw new PackageError(`the server answered ${method} with an error: ${e.message}`);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };

  try {
    const started = Date.now();
    const init = await answer(InitializeRequest.method, connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(tmp).href,
      workspaceFolders: [{ uri: pathToFileURL(tmp).href, name: 'tmp' }],
      capabilities: {},
      // A trusted workspace, as VS Code says at initialize: generating waits for trust (Restricted Mode).
      initializationOptions: { workspaceTrusted: true },
    }));
    if (!init?.capabilities) throw new PackageError(`initialize gave no capabilities: ${JSON.stringify(init)}`);
    const initMillis = Date.now() - started;
    await connection.sendNotification(InitializedNotification.type, {});
    const generateArgs: GenerateClientPairParams = { hostPath, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'package check', validityDays: 1, mode: 'self-signed' };
    const generated = (await answer(
      ExecuteCommandRequest.method,
      connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.generateClientPair, arguments: [generateArgs] }),
    )) as GenerateResult | null;
    if (!generated?.ok) throw new PackageError(`${Commands.generateClientPair} failed in the bundled server: ${JSON.stringify(generated)}`);
    const certPath = path.join(hostPath, 'client.cert');
    const uri = pathToFileURL(certPath).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: PEM_LANGUAGE_ID, version: 1, text: fs.readFileSync(certPath, 'utf8') } });
    const hover = await answer(HoverRequest.method, connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } }));
    const hoverText = hover && MarkupContent.is(hover.contents) ? hover.contents.value : undefined;
    if (!hoverText?.includes('CN=package check')) throw new PackageError(`the hover on a generated certificate does not name it: ${JSON.stringify(hover)}`);
    // The extension takes nothing from the core: what it needs, it asks the server (these requests among others).
    const dockerDir = await answer(Requests.dockerCertsDir, connection.sendRequest<DockerCertsDirResult>(Requests.dockerCertsDir));
    if (!Array.isArray(dockerDir?.candidates) || dockerDir.candidates.length === 0) throw new PackageError(`${Requests.dockerCertsDir} gave no folders: ${JSON.stringify(dockerDir)}`);
    const move = await answer(Requests.planMove, connection.sendRequest<MovePlan>(Requests.planMove, { from: path.join(hostPath, 'client.key'), to: certPath }));
    if (move?.ok !== false || !/already exists/.test(move.message)) throw new PackageError(`${Requests.planMove} planned a move onto an existing file: ${JSON.stringify(move)}`);
    return `initialize answered in ${initMillis} ms with ${Object.keys(init.capabilities).length} capabilities (${Object.keys(init.capabilities).join(', ')}); ${Commands.generateClientPair} wrote client.key + client.cert; the hover names CN=package check; ${Requests.dockerCertsDir} and ${Requests.planMove} answered`;
  } finally {
    connection.dispose();
    proc.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  data: Buffer;
}

/** Reads a zip's central directory (no zip64: a .vsix of a few hundred kB never needs it). */
function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new PackageError(`${file} is not a zip file (no end of central directory record)`);
  const count = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new PackageError(`${file}: bad central directory entry at byte ${pos}`);
    const method = zip.readUInt16LE(pos + 10);
    const compressedSize = zip.readUInt32LE(pos + 20);
    const size = zip.readUInt32LE(pos + 24);
    const nameLength = zip.readUInt16LE(pos + 28);
    const extraLength = zip.readUInt16LE(pos + 30);
    const commentLength = zip.readUInt16LE(pos + 32);
    const local = zip.readUInt32LE(pos + 42);
    const name = zip.subarray(pos + 46, pos + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new PackageError(`${file}: ${name} uses compression method ${method}, which this check cannot read`);
    entries.push({ name, compressedSize, size, data: method === 8 ? zlib.inflateRawSync(raw) : raw });
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const FORBIDDEN_DIRS = new Set(['test', 'tests', 'examples', 'node_modules', 'test-artifacts']);
const FORBIDDEN_EXTENSIONS = /\.(crt|cert|cer|key|pem|csr|der|p12|pfx|map)$/i;
// A BEGIN line followed by a base64 line of 40+ characters, with real newlines or "\n" escapes inside a JS string.
const FULL_PEM_BLOCK = /-----BEGIN [^\r\n-]*-----(?:\r?\n|(?:\\r)?\\n)[A-Za-z0-9+/=]{40,}/;

/** What the extension cannot work (or be published) without; vsce renames README.md and LICENSE. */
const REQUIRED = ['extension/package.json', 'extension/package.nls.json', 'extension/package.nls.zh-cn.json', 'extension/l10n/bundle.l10n.zh-cn.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/syntaxes/pem.tmLanguage.json', 'extension/syntaxes/language-configuration.json', 'extension/images/icon.png', 'extension/docs/walkthrough/host-folder.md'];

function verify(entries: ZipEntry[]): void {
  const problems: string[] = [];
  for (const name of REQUIRED) if (!entries.some((e) => e.name === name)) problems.push(`${name}: missing`);
  for (const e of entries) {
    const dirs = e.name.split('/').slice(0, -1);
    const badDir = dirs.find((d) => FORBIDDEN_DIRS.has(d));
    if (badDir) problems.push(`${e.name}: nothing under ${badDir}/ belongs in the package`);
    if (FORBIDDEN_EXTENSIONS.test(e.name)) problems.push(`${e.name}: certificate, key and source map files do not belong in the package`);
    const text = e.data.toString('latin1');
    const pem = FULL_PEM_BLOCK.exec(text);
    if (pem) problems.push(`${e.name}: holds a full PEM block at byte ${pem.index} (${JSON.stringify(pem[0].slice(0, 48))}...): certificates and keys belong in tests, generated at test time`);
    if (/\.js$/.test(e.name) && /[#@] sourceMappingURL=/.test(text)) problems.push(`${e.name}: carries a sourceMappingURL comment`);
  }
  if (problems.length > 0) throw new PackageError(`${path.basename(VSIX)} is not fit to ship:\n  ${problems.join('\n  ')}`);
}

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  say('npm run build');
  run('npm', ['run', 'build'], REPO);
  const t1 = Date.now();
  say(`staging ${path.relative(REPO, STAGE)}/ and bundling with esbuild`);
  await stage();
  const t2 = Date.now();
  say(`bundled server: ${await checkServerBundle()}`);
  const t3 = Date.now();
  fs.rmSync(VSIX, { force: true });
  run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', VSIX], STAGE);
  const t4 = Date.now();
  const entries = readZip(VSIX);
  verify(entries);
  say(`${path.relative(REPO, VSIX)}: ${kB(fs.statSync(VSIX).size)}, ${entries.length} files, none of them tests, examples, certificates, keys, source maps or PEM blocks`);
  for (const e of entries) say(`  ${kB(e.size).padStart(10)}  (${kB(e.compressedSize).padStart(9)} zipped)  ${e.name}`);
  const s = (a: number, b: number) => `${((b - a) / 1000).toFixed(1)} s`;
  say(`took ${s(t0, Date.now())}: build ${s(t0, t1)}, bundle ${s(t1, t2)}, server check ${s(t2, t3)}, vsce ${s(t3, t4)}, verify ${s(t4, Date.now())}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[package] FAILED: ${e instanceof PackageError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
