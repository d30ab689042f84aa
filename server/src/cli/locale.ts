/**
 * The CLI's language: `--lang en|zh-cn`, else the POSIX locale (LC_ALL > LC_MESSAGES > LANG, as
 * gettext reads them: `zh_CN.UTF-8` -> zh-cn), else English. Read before the options are parsed,
 * so that even a usage error is in the language asked for. Engine and Go quotes stay English.
 */
import { Locale, LOCALES, localeFromEnv, normalizeLocale, setLocale, t } from '../core/l10n';

/** The value of the last `--lang X` / `--lang=X` before `--`; null when `--lang` has no value. */
function langArgument(argv: readonly string[]): string | null | undefined {
  let value: string | null | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--lang') value = i + 1 < argv.length && !argv[i + 1].startsWith('-') ? argv[++i] : null;
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
  }
  return value;
}

/**
 * Sets the locale for this run (every run: the in-process tests call main() again and again) and
 * returns a usage error's message when `--lang` names no language we have.
 */
export function applyCliLocale(argv: readonly string[], env: NodeJS.ProcessEnv): { locale: Locale; error?: string } {
  const fromEnv = setLocale(localeFromEnv(env));
  const lang = langArgument(argv);
  if (lang === undefined) return { locale: fromEnv };
  // Exact names only on the command line: `--lang zh` is a typo to report, not a guess to make.
  const wanted = lang === null ? undefined : normalizeLocale(lang);
  if (lang === null || !wanted || !(LOCALES as readonly string[]).includes(lang.toLowerCase())) {
    return { locale: fromEnv, error: lang === null ? t('--lang needs a value ({0})', LOCALES.join(', ')) : t('--lang must be one of {0}, not "{1}"', LOCALES.join(', '), lang) };
  }
  return { locale: setLocale(wanted) };
}
