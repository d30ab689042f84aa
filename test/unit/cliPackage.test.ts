/**
 * The npm package (`npm pack`, `npm install -g .`): what the `certsd` command needs is in it, and
 * nothing of the tests, fixtures, sources or the editor client. Reads the list `npm pack --dry-run`
 * gives (the `files` of package.json applied), over the compiled server/out of `npm run build`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

interface PackResult {
  files: { path: string; size: number }[];
  size: number;
}

describe('the npm package of the certsd command', function () {
  this.timeout(120_000);
  let packed: PackResult;
  let files: Set<string>;
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    repository?: { url: string };
    bugs?: { url: string };
    homepage?: string;
    dependencies: Record<string, string>;
  };

  before(function () {
    if (!fs.existsSync(path.join(REPO, 'server', 'out', 'cli', 'main.js'))) assert.fail('server/out is not built: run npm run build first (npm test does)');
    // --ignore-scripts: no build from here (prepare), only the list of what would be packed.
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    packed = (JSON.parse(r.stdout) as PackResult[])[0];
    files = new Set(packed.files.map((f) => f.path));
  });

  it('holds the command and everything it requires, from main.js down', () => {
    const bin = manifest.bin.certsd;
    assert.ok(files.has(bin), `${bin} packed`);
    assert.ok(files.has('package.json') && files.has('README.md') && files.has('LICENSE'));
    // Follow the relative requires of the compiled code: each must be in the package.
    const seen = new Set<string>();
    const missing: string[] = [];
    const packages = new Set<string>();
    const visit = (rel: string) => {
      if (seen.has(rel)) return;
      seen.add(rel);
      if (!files.has(rel)) missing.push(rel);
      if (!fs.existsSync(path.join(REPO, rel))) return;
      const source = fs.readFileSync(path.join(REPO, rel), 'utf8');
      for (const [, spec] of source.matchAll(/require\("([^"]+)"\)/g)) {
        if (spec.startsWith('.')) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
          // As node resolves it: the file, the file with .js, or the folder's index.js.
          const candidates = [target, `${target}.js`, `${target}/index.js`];
          visit(candidates.find((c) => fs.existsSync(path.join(REPO, c)) && fs.statSync(path.join(REPO, c)).isFile()) ?? `${target}.js`);
        } else if (!spec.startsWith('node:')) {
          packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        }
      }
    };
    visit(bin);
    assert.deepEqual(missing, []);
    assert.ok(seen.size > 20, `followed ${seen.size} modules`);
    // The packages it requires are dependencies, installed with it.
    for (const p of packages) assert.ok(manifest.dependencies[p], `${p} is a dependency`);
  });

  it("holds the CLI's translations (LANG=zh_CN.UTF-8 or --lang zh-cn)", () => {
    assert.ok(files.has('l10n/bundle.l10n.zh-cn.json'), [...files].filter((f) => f.startsWith('l10n')).join(', ') || 'no l10n/ file packed');
  });

  it('leaves out the tests, fixtures, examples, sources, source maps and the editor client', () => {
    const unwanted = [...files].filter(
      (f) => /^(test|examples|docs|scripts|client|syntaxes)\//.test(f) || /^server\/src\//.test(f) || /\.(map|ts|tsbuildinfo|pem|crt|cert|key|tgz|vsix)$/.test(f),
    );
    assert.deepEqual(unwanted, []);
  });

  it('names where the project lives and where to report problems', () => {
    assert.match(manifest.repository?.url ?? '', /^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    assert.match(manifest.bugs?.url ?? '', /^https:\/\/github\.com\/[^/]+\/[^/]+\/issues$/);
    assert.match(manifest.homepage ?? '', /^https:\/\/github\.com\//);
  });

  it('stays small: under 400 kB packed', () => {
    assert.ok(packed.size < 400_000, `${packed.size} bytes`);
  });
});
