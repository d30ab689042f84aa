/** Where things are, whether this runs compiled (test/e2e/out/...) or from source through tsx. */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'certsd') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no certsd package.json above ${from}`);
  }
}

/** The repository root: the extension under development. */
export const REPO = findRepoRoot(__dirname);

/** The compiled suite that VS Code loads as extensionTestsPath. */
export const SUITE_INDEX = path.join(REPO, 'test', 'e2e', 'out', 'test', 'e2e', 'suite', 'index.js');

/** Screenshots, logs and screenshot requests of the last run (gitignored). */
export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
