/**
 * Where each rule is documented: one page per code in docs/rules/<id>.md of the repository, linked
 * from the Problems panel (Diagnostic.codeDescription.href) and from SARIF (helpUri). The base is
 * package.json's `repository` (test/unit/ruleDocs.test.ts holds the two together); the id is the
 * code without the product prefix, as the Problems panel shows it.
 */

/** package.json `repository.url` without `git+` and `.git` (also its `homepage` without `#readme`). */
export const REPOSITORY_URL = 'https://github.com/certsd/certsd';

/** The folder of rule pages, on the default branch. */
export const RULE_DOCS_BASE = `${REPOSITORY_URL}/blob/main/docs/rules/`;

/** Full codes carry the product's name (`certsd/missing-key`): JSON, SARIF, the core. */
export const CODE_PREFIX = 'certsd/';

/**
 * Codes a diagnostic can carry that are no rule of rules/index.ts: certsd's own failure on a file
 * (rules/guard.ts) and the note on every other file of a folder the engine refuses (lsp/diagnostics.ts).
 * They have pages too.
 */
export const CODES_OUTSIDE_RULES = ['certsd/internal-error', 'certsd/folder-refused'] as const;

/** `certsd/missing-key` -> `missing-key`: the diagnostic's `code` (its `source` already says certs.d). */
export function shortCode(code: string): string {
  return code.startsWith(CODE_PREFIX) ? code.slice(CODE_PREFIX.length) : code;
}

/** The page of a code. */
export function ruleDocUrl(code: string): string {
  return `${RULE_DOCS_BASE}${shortCode(code)}.md`;
}
