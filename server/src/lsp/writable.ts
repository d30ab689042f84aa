/** Can the user write into a folder? (Not into root's /etc/docker/certs.d.) */
import * as fs from 'node:fs';

export function canWrite(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
