/**
 * The one translation helper of the server, the core and the CLI: `t('Generate certificate for
 * {0}', name)`. It wraps @vscode/l10n, the library VS Code's own language servers use, so the
 * bundle format is the one `vscode.l10n.t` reads in the client: `l10n/bundle.l10n.<locale>.json`,
 * keyed by the English message. One bundle serves client, server and CLI (see README, "Languages").
 *
 * Rules for callers: the first argument is a string literal (test/unit/l10nBundles.test.ts reads
 * every t() call to check that each bundle has it); `{0}`, `{1}` are filled with the arguments.
 * What an engine or Go says (`x509: certificate signed by unknown authority`) goes in an argument,
 * never through t(): those quotes stay verbatim English.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

export type Replacement = string | number | boolean;

/** The locales with a bundle; English is the source text and needs none. */
export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

let current: Locale = 'en';
/** The bundle in force (empty for English). */
let bundle: Record<string, string> = {};

/** Full-width punctuation that ends an argument: Chinese puts no space after it. */
const FULL_WIDTH_END = /[\uff09\uff0c\u3002\uff1a\uff1b\uff01\uff1f\u3001\u300d\u300f\u3011\u300b]$/u;

export function t(message: string, ...args: Replacement[]): string {
  const template = bundle[message];
  if (template === undefined || !args.length) return l10n.t(message, ...args);
  // The bundle spaces a placeholder off Han characters ("{0} 拒绝了"), as Chinese does with Latin
  // words; an argument that is itself translated text ending in full-width punctuation
  // ("Docker（拉取和推送）") takes no space after it. The arguments themselves are left as they are.
  return template.replace(/\{(\d+)\}( ?)/g, (whole, i: string, space: string) => {
    const arg = args[Number(i)];
    if (arg === undefined) return whole;
    const text = String(arg);
    return text + (space && FULL_WIDTH_END.test(text) ? '' : space);
  });
}

/**
 * `text` with every `marker` replaced by `value`, for a value known only after the text was
 * translated (check.ts names who acts once Docker's two passes are merged); like t(), no space is
 * kept after a value that ends in full-width punctuation.
 */
export function fillMarker(text: string, marker: string, value: string): string {
  const pieces = text.split(marker);
  if (!FULL_WIDTH_END.test(value)) return pieces.join(value);
  return pieces.map((p, i) => (i > 0 && p.startsWith(' ') ? p.slice(1) : p)).join(value);
}

/** The locale in force (after setLocale). */
export function currentLocale(): Locale {
  return current;
}

/**
 * A locale as VS Code (`zh-cn`), a browser (`zh-CN`, `zh-Hans`) or POSIX (`zh_CN.UTF-8`) writes it,
 * as one of LOCALES; undefined for one without a bundle (the caller falls back to English).
 * Traditional Chinese (zh-tw, zh-hk, zh-hant) is not Simplified: it gets English, not zh-cn.
 */
export function normalizeLocale(raw: string | undefined): Locale | undefined {
  if (!raw) return undefined;
  const s = raw.trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
  if (s === 'c' || s === 'posix' || s === 'en' || s.startsWith('en-')) return 'en';
  if (s === 'zh' || s === 'zh-cn' || s === 'zh-sg' || s === 'zh-hans' || s.startsWith('zh-hans-')) return 'zh-cn';
  return undefined;
}

/** POSIX order: LC_ALL, then LC_MESSAGES, then LANG (the first one set and not empty decides). */
export function localeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return v;
  }
  return undefined;
}

/**
 * Where the bundles are: `l10n/` at the repository root (server/out/core/ or server/src/core/ in
 * development, the npm package), or beside dist/ in the .vsix (the server is bundled into
 * dist/server.js there).
 */
export function defaultL10nDir(): string | undefined {
  const candidates = [path.join(__dirname, '..', '..', '..', 'l10n'), path.join(__dirname, '..', 'l10n')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'bundle.l10n.zh-cn.json')));
}

/**
 * Switches every later t() to `raw`'s bundle, or to English when it has none, the folder has no
 * bundle for it or the bundle does not parse (a broken translation must not stop the checks).
 * Returns the locale in force. Messages missing from the bundle stay English.
 */
export function setLocale(raw: string | undefined, l10nDir: string | undefined = defaultL10nDir()): Locale {
  const locale = normalizeLocale(raw) ?? 'en';
  let contents: Record<string, string> = {};
  if (locale !== 'en' && l10nDir) {
    try {
      contents = JSON.parse(fs.readFileSync(path.join(l10nDir, `bundle.l10n.${locale}.json`), 'utf8')) as Record<string, string>;
    } catch {
      contents = {};
    }
  }
  current = Object.keys(contents).length ? locale : 'en';
  bundle = current === 'en' ? {} : contents;
  l10n.config({ contents });
  return current;
}
