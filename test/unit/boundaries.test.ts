/**
 * The module boundaries, read from the sources: the extension (client/src) takes from the server
 * only its protocol module (names and types shared by both sides); everything that knows about
 * certificates, roots or shell scripts is reached through a request. The language server's layer
 * (server/src/lsp) reads the disk only through the file system port the server is given. And
 * one table of elliptic curves (core/go/curves.ts) that the rest looks curves up in.
 */
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const REPO = path.join(__dirname, '..', '..');

/** Every module a TypeScript source names: import / export ... from, side-effect imports, import(), require(). */
export function importsOf(source: string): string[] {
  // Comments dropped and every string literal set aside as a numbered placeholder, so that neither a
  // commented-out import nor the text of one inside a string counts; specifiers are read back from the list.
  const strings: string[] = [];
  const code = source.replace(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`(?:[^`\\]|\\.)*`|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m, dq?: string, sq?: string) => {
    if (m.startsWith('/')) return ' ';
    strings.push(dq ?? sq ?? '');
    return `"${strings.length - 1}"`;
  });
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?"(\d+)"/g,
    /\bimport\s*\(\s*"(\d+)"\s*\)/g,
    /\brequire\s*\(\s*"(\d+)"\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(strings[Number(m[1])]);
  return out;
}

const NODE_BUILTINS = new Set(builtinModules);
const CLIENT_PACKAGES = new Set(['vscode', 'vscode-languageclient', 'vscode-languageclient/node']);

/** Why a client file may not import `spec`, or undefined when it may. */
export function clientImportProblem(file: string, spec: string): string | undefined {
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec) || CLIENT_PACKAGES.has(spec)) return undefined;
  if (!spec.startsWith('.')) return `${spec}: the extension uses vscode, vscode-languageclient and node's built-ins only`;
  const target = path.resolve(path.dirname(file), spec);
  const clientSrc = path.join(REPO, 'client', 'src');
  if (target.startsWith(clientSrc + path.sep)) return undefined;
  if (target === path.join(REPO, 'server', 'out', 'protocol')) return undefined;
  return `${spec}: from the server the extension imports protocol.ts only (server/out/protocol); ask the server with a request instead`;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => path.join(d.parentPath, d.name));
}

describe('module boundaries', () => {
  describe('the import scan', () => {
    it('finds every form of import, and none in a comment or a string', () => {
      const sample = [
        "import * as a from 'a';",
        "import { b1, b2 } from \"b\";",
        "import type { C } from '../c';",
        "import 'd';",
        "export { e } from './e';",
        "export * from './f';",
        "const g = require('g');",
        "const h = await import('h');",
        "import {\n  i1,\n  i2,\n} from '../../server/out/i';",
        "// import x from 'commented';",
        "/* require('block') */",
        "const s = \"import y from 'quoted'\";",
      ].join('\n');
      assert.deepEqual(importsOf(sample).sort(), ['../../server/out/i', '../c', './e', './f', 'a', 'b', 'd', 'g', 'h'].sort());
    });

    it('refuses the core, and allows protocol, the client, vscode and node', () => {
      const file = path.join(REPO, 'client', 'src', 'x.ts');
      for (const ok of ['../../server/out/protocol', './prompts', 'vscode', 'vscode-languageclient/node', 'node:fs', 'path']) assert.equal(clientImportProblem(file, ok), undefined, ok);
      for (const bad of ['../../server/out/core/roots', '../../server/out/core/sudoScripts', '../../server/src/protocol', '../../server/out/protocol/x', '@peculiar/x509', 'vscode-languageserver']) {
        assert.ok(clientImportProblem(file, bad), bad);
      }
    });
  });

  it('the extension (client/src) imports from the server only its protocol module', () => {
    const files = sources(path.join(REPO, 'client', 'src'));
    assert.ok(files.length >= 5, `found only ${files.length} client sources`);
    const problems = files.flatMap((f) => importsOf(fs.readFileSync(f, 'utf8')).map((spec) => clientImportProblem(f, spec)).filter((p) => p !== undefined).map((p) => `${path.relative(REPO, f)}: ${p}`));
    assert.deepEqual(problems, []);
  });

  it('the language server layer (server/src/lsp) reads no file but through the port it is given', () => {
    const files = sources(path.join(REPO, 'server', 'src', 'lsp'));
    const problems: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const spec of importsOf(text)) if (spec === 'fs' || spec === 'node:fs' || spec === 'fs/promises' || spec === 'node:fs/promises') problems.push(`${path.relative(REPO, f)} imports ${spec}`);
      // The disk's port is chosen once, by server.ts (ServerOptions.fs), and passed down.
      if (/\bnodeFileSystem\b/.test(text)) problems.push(`${path.relative(REPO, f)} names nodeFileSystem`);
    }
    assert.deepEqual(problems, []);
  });

  it('one curve table: no source but core/go/curves.ts names a curve by its OID or node name', () => {
    const table = path.join(REPO, 'server', 'src', 'core', 'go', 'curves.ts');
    const names = /\b(?:prime256v1|secp224r1|secp384r1|secp521r1|1\.2\.840\.10045\.3\.1\.7|1\.3\.132\.0\.3[345])\b/;
    const problems = [...sources(path.join(REPO, 'server', 'src')), ...sources(path.join(REPO, 'client', 'src'))]
      .filter((f) => f !== table && names.test(fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')))
      .map((f) => path.relative(REPO, f));
    assert.deepEqual(problems, []);
    assert.match(fs.readFileSync(table, 'utf8'), names);
  });

  it('the bundled extension carries no module of the core but the import-free ones protocol.ts re-exports', async function () {
    this.timeout(30_000);
    // As scripts/package.ts bundles it: the client takes protocol from the compiled server (server/out).
    assert.ok(fs.existsSync(path.join(REPO, 'server', 'out', 'protocol.js')), 'build first (npm run build)');
    const r = await esbuild.build({
      absWorkingDir: REPO,
      entryPoints: ['client/src/extension.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      write: false,
      metafile: true,
      external: ['vscode'],
      logLevel: 'silent',
    });
    const fromServer = Object.keys(r.metafile.inputs).filter((i) => i.startsWith('server/')).sort();
    assert.deepEqual(fromServer, ['server/out/core/duration.js', 'server/out/core/generate/keyOptions.js', 'server/out/core/rules/rule.js', 'server/out/protocol.js']);
    const size = r.outputFiles[0].contents.length;
    // vscode-languageclient is ~420 kB of it; the core pulled in through the old imports added ~30 kB.
    // 460 -> 470 KiB: the language status item and creating Docker's certs.d folder (client code, ~4 kB).
    assert.ok(size < 470 * 1024, `the extension bundle is ${size} bytes`);
  });
});
