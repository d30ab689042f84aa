/**
 * One documentation page per code: docs/rules/<id>.md for every rule of rules/index.ts and every
 * code outside them (ruleDocs.ts), no page without its code, every README row linking its page,
 * and the base URL of the links the repository package.json names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/rules';
import { CODE_PREFIX, CODES_OUTSIDE_RULES, REPOSITORY_URL, RULE_DOCS_BASE, ruleDocUrl, shortCode } from '../../server/src/core/ruleDocs';
import { INTERNAL_ERROR } from '../../server/src/core/rules/guard';
import { FOLDER_REFUSED } from '../../server/src/lsp/diagnostics';
import { REPO } from '../helpers/l10nKeys';

const DOCS = path.join(REPO, 'docs', 'rules');
const codes = [...RULES.map((r) => r.code), ...CODES_OUTSIDE_RULES];

describe('rule documentation pages (docs/rules)', () => {
  it('has a page for every rule and for the codes outside the rules, and no page without its code', () => {
    const pages = fs.readdirSync(DOCS).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -'.md'.length)).sort();
    assert.deepEqual(pages, codes.map(shortCode).sort());
    assert.ok(RULES.length >= 35, `${RULES.length} rules`);
    // The codes outside the rules are the ones the sources really use.
    assert.deepEqual([...CODES_OUTSIDE_RULES].sort(), [INTERNAL_ERROR, FOLDER_REFUSED].sort());
  });

  it('says on each page what the rule finds, what each engine does, and how to fix it, under its own code', () => {
    for (const code of codes) {
      const text = fs.readFileSync(path.join(DOCS, `${shortCode(code)}.md`), 'utf8');
      assert.match(text, new RegExp(`^# ${shortCode(code)}: `), code);
      assert.ok(text.includes(`\`${code}\``), `${code}: the page names the full code`);
      for (const heading of ['## What it finds', '## What each engine does', '## How to fix it']) assert.ok(text.includes(heading), `${code}: ${heading}`);
      // The engines' table has at least one row naming an engine.
      assert.match(text, /\n\| (Docker|Podman|containerd)[^|]*\| .+ \|\n/, code);
    }
  });

  it('links every rule from a row of the README table, to the page of the code the row names', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => l.startsWith('| [`certsd/'));
    for (const code of codes) {
      const link = `[\`${code}\`](docs/rules/${shortCode(code)}.md)`;
      assert.ok(rows.some((r) => r.includes(link)), `no README row links ${code}`);
    }
    // And no row links a page that does not exist, or another code's page.
    for (const r of rows) {
      for (const m of r.matchAll(/\[`certsd\/([a-z0-9-]+)`\]\(docs\/rules\/([a-z0-9-]+)\.md\)/g)) {
        assert.equal(m[1], m[2], r);
        assert.ok(fs.existsSync(path.join(DOCS, `${m[2]}.md`)), r);
      }
    }
  });

  it('builds the links from package.json: repository and homepage', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string };
    assert.equal(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''), REPOSITORY_URL);
    assert.equal(pkg.homepage.replace(/#readme$/, ''), REPOSITORY_URL);
    assert.equal(RULE_DOCS_BASE, `${REPOSITORY_URL}/blob/main/docs/rules/`);
    assert.equal(ruleDocUrl('certsd/missing-key'), 'https://github.com/certsd/certsd/blob/main/docs/rules/missing-key.md');
    assert.equal(shortCode('certsd/missing-key'), 'missing-key');
    assert.equal(shortCode('missing-key'), 'missing-key');
    assert.equal(CODE_PREFIX, 'certsd/');
  });
});
