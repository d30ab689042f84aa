/** Shell commands a user can run with sudo when a folder belongs to root. */
import * as fs from 'node:fs';
import { shellQuote } from '../core/writeFiles';

export { shellQuote };

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
