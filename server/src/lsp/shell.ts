/** Shell commands a user can run with sudo when a folder belongs to root. */
import * as fs from 'node:fs';

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_\/.:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `sudo mv -n` never overwrites; `-T` treats the target as a name, not a folder to move into. */
export function sudoMove(from: string, to: string): string {
  return `sudo mv -n -T ${shellQuote(from)} ${shellQuote(to)}`;
}

export function canWrite(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
