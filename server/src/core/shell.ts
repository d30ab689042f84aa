/**
 * Shell commands for what the editor cannot do in a folder that belongs to root
 * (/etc/docker/certs.d): the user copies them and runs them with sudo. Each is a fixed POSIX sh
 * script that takes the paths as arguments (so no path is ever parsed as shell code) and refuses
 * to overwrite anything.
 */

/** A word the shell reads back as exactly `s`. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function sudoScript(lines: string[], args: string[]): string {
  return ['sudo', 'sh', '-c', shellQuote(lines.join('\n')), 'sh', ...args.map(shellQuote)].join(' ');
}

const REFUSE_IF_EXISTS = (n: number, what: string) =>
  `if [ -e "$${n}" ] || [ -h "$${n}" ]; then echo "$${n} already exists: ${what}" >&2; exit 1; fi`;

/**
 * Rename a file or folder. `mv -n` alone is not enough: it skips silently with status 0 when the
 * target exists, and `-T` is GNU-only. So: refuse if the target exists, then check the move happened.
 */
export function sudoMove(from: string, to: string): string {
  return sudoScript(
    [
      REFUSE_IF_EXISTS(2, 'nothing moved'),
      'mv -n "$1" "$2"',
      'if [ -e "$1" ] || [ -h "$1" ]; then echo "$2 appeared meanwhile: nothing moved" >&2; exit 1; fi',
    ],
    [from, to],
  );
}

/**
 * Write a (public) certificate's PEM text to `to` without overwriting; when `keep` is given, first
 * rename `from` to `keep` (a DER file converted in place). Undone if the write fails.
 */
export function sudoWriteNew(text: string, to: string, from?: string, keep?: string): string {
  return sudoScript(
    [
      'if [ -n "$3" ]; then',
      REFUSE_IF_EXISTS(3, 'nothing changed'),
      'mv -n "$2" "$3"',
      'if [ -e "$2" ] || [ -h "$2" ]; then echo "$3 appeared meanwhile: nothing changed" >&2; exit 1; fi',
      'fi',
      // noclobber: the redirection fails if $1 exists.
      'set -C',
      'if ! printf "%s" "$4" > "$1"; then [ -n "$3" ] && mv -n "$3" "$2"; echo "could not create $1: nothing changed" >&2; exit 1; fi',
    ],
    [to, from ?? '', keep ?? '', text],
  );
}
