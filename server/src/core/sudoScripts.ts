/**
 * Every shell script for what the editor cannot do in a folder that belongs to root
 * (/etc/docker/certs.d): the user copies the command and runs it with sudo. Each is fixed POSIX sh
 * text that takes the paths as arguments (so no path is ever parsed as shell code) and refuses to
 * overwrite anything. Each runs the same under dash (Debian's and Ubuntu's sh) and bash; the tests
 * run each under both with a failure injected at every step (test/unit/hostileShell.test.ts).
 *
 * What dash taught: `: > f || undo` never runs the undo there, because `:` is a special built-in
 * and a redirection error on a special built-in exits a POSIX shell at once. `true > f` (a regular
 * built-in) fails like any command. A function's positional parameters hide the script's, so the
 * scripts name their arguments first.
 */

/** A word the shell reads back as exactly `s`. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function sudoScript(lines: string[], args: string[]): string {
  return ['sudo', 'sh', '-c', shellQuote(lines.join('\n')), 'sh', ...args.map(shellQuote)].join(' ');
}

const SAY = (text: string, ...vars: string[]) => `printf 'certsd: ${text}\\n' ${vars.map((v) => `"${v}"`).join(' ')} >&2`;

/**
 * Rename a file or folder. `mv -n` alone is not enough: it skips silently with status 0 when the
 * target exists (GNU coreutils before 9.3), and `-T` is GNU-only. So: refuse if the target exists,
 * move, then check that the move happened.
 */
export function sudoMove(from: string, to: string): string {
  return sudoScript(
    [
      'from=$1 to=$2',
      `if [ -e "$to" ] || [ -h "$to" ]; then ${SAY('%s already exists: nothing moved', '$to')}; exit 1; fi`,
      `mv -n "$from" "$to" || { ${SAY('could not move %s: nothing moved', '$from')}; exit 1; }`,
      `if [ -e "$from" ] || [ -h "$from" ]; then ${SAY('%s appeared meanwhile: nothing moved', '$to')}; exit 1; fi`,
    ],
    [from, to],
  );
}

/**
 * Delete a file the user confirmed, only if it is still what was checked: a regular file (not a
 * link: deleting the link would leave what it points to, and the user saw that) whose SHA-256 is
 * `sha256`. A file changed since is not deleted. `sha256sum` reads it from stdin, so no file name
 * is ever parsed by it.
 */
export function sudoDelete(file: string, sha256: string): string {
  return sudoScript(
    [
      'file=$1 sum=$2',
      `if [ -h "$file" ] || [ ! -f "$file" ]; then ${SAY('%s is not a regular file: nothing deleted', '$file')}; exit 1; fi`,
      `now=$(sha256sum < "$file") || { ${SAY('could not read %s: nothing deleted', '$file')}; exit 1; }`,
      `if [ "\${now%% *}" != "$sum" ]; then ${SAY('%s changed since it was checked: nothing deleted', '$file')}; exit 1; fi`,
      `rm -f "$file" || { ${SAY('could not delete %s', '$file')}; exit 1; }`,
    ],
    [file, sha256],
  );
}

/**
 * Append a (public) CA certificate's PEM to an existing CA file (core/probe/addCa.ts): refuses a
 * symbolic link or anything but a regular file (appending through a link would change the file it
 * points to, maybe a system bundle), and starts on a new line when the file's last byte is not a
 * newline. The separator and the certificate go out in one printf to one `>>`: every failure
 * before it leaves the file as it was.
 */
export function sudoAppend(file: string, pem: string): string {
  return sudoScript(
    [
      'file=$1 pem=$2',
      `if [ -h "$file" ] || [ ! -f "$file" ]; then ${SAY('%s is not a regular file: nothing appended', '$file')}; exit 1; fi`,
      // $(...) drops a final newline: `last` is empty when the file ends in one, or is empty.
      `last=$(tail -c 1 "$file") || { ${SAY('could not read %s: nothing appended', '$file')}; exit 1; }`,
      `sep=''; if [ -n "$last" ]; then sep='\\n'; fi`,
      `printf "$sep%s" "$pem" >> "$file" || { ${SAY('could not append to %s', '$file')}; exit 1; }`,
    ],
    [file, pem],
  );
}

/**
 * Write a (public) certificate's PEM text to `to` without overwriting; when `keep` is given, first
 * rename `from` to `keep` (a DER file converted in place). The rename is a hard link then an unlink:
 * `ln` fails if `keep` exists, atomically, where `mv -n` skips with status 0 (coreutils 9.1) and the
 * script could not tell a skip from a move. All or nothing: a failure after the rename moves the
 * original back, and if even that cannot be done (the name was taken meanwhile) says where it is.
 */
export function sudoWriteNew(text: string, to: string, from?: string, keep?: string): string {
  return sudoScript(
    [
      'to=$1 from=$2 keep=$3 text=$4',
      'set -C',
      // Puts the original back under its name (when it was renamed) and stops.
      `undo() { if [ -n "$keep" ]; then { ln "$keep" "$from" && rm -f "$keep"; } || ${SAY('could not move %s back to %s: do it by hand', '$keep', '$from')}; fi; exit 1; }`,
      'if [ -n "$keep" ]; then',
      `  ln "$from" "$keep" || { ${SAY('could not rename %s to %s (does it exist?): nothing changed', '$from', '$keep')}; exit 1; }`,
      `  rm -f "$from" || { rm -f "$keep"; ${SAY('could not rename %s: nothing changed', '$from')}; exit 1; }`,
      'fi',
      `if [ -e "$to" ] || [ -h "$to" ]; then ${SAY('could not create %s: it already exists; nothing changed', '$to')}; undo; fi`,
      // noclobber: the redirection is an O_EXCL create; a file that appeared meanwhile is not ours.
      `true > "$to" || { ${SAY('could not create %s: nothing changed', '$to')}; undo; }`,
      `printf '%s' "$text" >> "$to" || { rm -f "$to"; ${SAY('could not write %s: nothing changed', '$to')}; undo; }`,
    ],
    [to, from ?? '', keep ?? '', text],
  );
}

/**
 * `sudo sh -c '<script>' sh <tempDir> <source1> <target1> <source2> <target2> ...`: copies files
 * staged in a private temp folder into a root-owned host folder (writeFiles.ts).
 *
 * The script refers to the paths only as positional parameters, so no path, whatever its
 * characters, is parsed as shell code; each is quoted once, as an argument. POSIX sh only (no GNU
 * `install -T`):
 * - every target is checked first (`-e`, and `-h` for a dangling symlink): if any exists, exit
 *   before writing anything;
 * - `set -C` (noclobber) makes `true > target` an O_EXCL create, so a file that appears after the
 *   check is not overwritten either; under `umask 077` it is created 0600, before any content;
 * - the content is then appended with `cat` and the mode set with `chmod`. Creating and filling
 *   are two steps so that a failure can be told apart: if the create fails the file is not ours
 *   and stays; if the fill fails it is ours and goes, with every target created before it;
 * - on success the staged copies (one may be a private key) and their folder are removed; if that
 *   fails the files are in place and the user is told to remove the copies.
 * Paths are absolute, so none can be taken for an option.
 */
export function sudoInstall(tempDir: string, files: { source: string; target: string; mode: number }[]): string {
  const arg = (i: number) => `"\${${i}}"`; // "${n}": braces, as POSIX needs them from $10 on
  const src = (i: number) => arg(2 + 2 * i);
  const dst = (i: number) => arg(3 + 2 * i);
  const lines = [
    'set -C',
    'umask 077',
    `undo() { for u in "$@"; do rm -f "$u" || ${SAY('could not remove %s: remove it by hand', '$u')}; done; ${SAY('nothing written')}; exit 1; }`,
    `for t in ${files.map((_, i) => dst(i)).join(' ')}; do if [ -e "$t" ] || [ -h "$t" ]; then ${SAY('%s already exists; nothing written', '$t')}; exit 1; fi; done`,
  ];
  files.forEach((f, i) => {
    const mode = f.mode.toString(8).padStart(3, '0');
    const made = files.slice(0, i).map((_, k) => dst(k)).join(' ');
    lines.push(`true > ${dst(i)} || { ${SAY('could not create %s', dst(i).slice(1, -1))}; undo ${made}; }`);
    lines.push(`{ cat ${src(i)} >> ${dst(i)} && chmod ${mode} ${dst(i)}; } || { ${SAY('could not write %s', dst(i).slice(1, -1))}; undo ${made} ${dst(i)}; }`);
  });
  lines.push(`{ rm -f ${files.map((_, i) => src(i)).join(' ')} && rmdir ${arg(1)}; } || ${SAY('the files are in place, but the staged copies in %s could not be removed: remove that folder', '${1}')}`);
  const words = ['sudo', 'sh', '-c', shellQuote(lines.join('\n')), 'sh', shellQuote(tempDir)];
  for (const f of files) words.push(shellQuote(f.source), shellQuote(f.target));
  return words.join(' ');
}

/**
 * Create a folder and the parents it lacks (Docker's /etc/docker/certs.d), given outermost first,
 * each missing when the editor looked. Refuses if any is there now; `mkdir -m 755` each in turn (a
 * sudo umask does not decide who can read the CA certificates), and on a failure removes the ones
 * it made, deepest first, so that nothing is left half made.
 */
export function sudoMkdir(missing: readonly string[]): string {
  return sudoScript(
    [
      `for d do if [ -e "$d" ] || [ -h "$d" ]; then ${SAY('%s already exists: nothing created', '$d')}; exit 1; fi; done`,
      // $k is a number this script counts: the eval only reads the k-th argument.
      'undo() { k=$1; shift; while [ "$k" -gt 0 ]; do eval "d=\\${$k}"; rmdir "$d"; k=$((k - 1)); done; }',
      'n=0',
      `for d do mkdir -m 755 "$d" || { ${SAY('could not create %s: nothing created', '$d')}; undo "$n" "$@"; exit 1; }; n=$((n + 1)); done`,
    ],
    [...missing],
  );
}
