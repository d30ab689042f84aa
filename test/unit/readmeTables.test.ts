/**
 * The README's command and setting tables against package.json: every contributed command and
 * setting has its row, and no row names one that is not contributed (a renamed command would
 * leave the table stale without this).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default?: unknown }> } };
};

/** The first-column or second-column ids in backquotes of the table under `heading`. */
function tableIds(heading: string, column: number): string[] {
  const at = readme.indexOf(`\n### ${heading}\n`);
  assert.ok(at >= 0, `README has no "### ${heading}" section`);
  const rows = readme.slice(at).split('\n').slice(2);
  const table = rows.slice(rows.findIndex((l) => l.startsWith('|')));
  const lines = table.slice(0, table.findIndex((l) => !l.startsWith('|'))).slice(2);
  return lines.map((l) => l.split('|')[column + 1].trim().replace(/^`|`$/g, ''));
}

describe('README tables', () => {
  it('lists every contributed command once, and nothing else', () => {
    const ids = tableIds('Commands', 1);
    assert.deepEqual([...ids].sort(), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('lists every setting once with its default, and nothing else', () => {
    const props = manifest.contributes.configuration.properties;
    const ids = tableIds('Settings', 0);
    assert.deepEqual([...ids].sort(), Object.keys(props).sort());
    const at = readme.indexOf('\n### Settings\n');
    for (const [k, v] of Object.entries(props)) {
      const row = readme.slice(at).split('\n').find((l) => l.startsWith(`| \`${k}\` |`))!;
      const shown = row.split('|')[2].trim().replace(/^`|`$/g, '');
      assert.equal(shown, typeof v.default === 'string' ? v.default : JSON.stringify(v.default), k);
    }
  });
});
