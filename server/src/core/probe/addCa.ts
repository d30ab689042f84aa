/**
 * Adding a CA certificate the probe found (a missing intermediate) to the folder's CA file, only
 * once the user has seen its subject and SHA-256 fingerprint and said yes. A new file is created
 * 0644 through writeNewFiles (never over anything); an existing file is only appended to (O_APPEND,
 * no O_CREAT, after a newline if its last line lacks one), so what was there stays byte for byte.
 * A symlink is refused (appending would change its target, which may be a system bundle). When the
 * folder belongs to root, nothing is written and the user gets a sudo command that does the same.
 */
import * as fs from 'node:fs';
import { decodeAll } from '../go/pem';
import { sudoAppend } from '../sudoScripts';
import { sha256Of } from '../go/certPool';
import { nodeWriteFileSystem, WriteFileSystem, writeNewFiles } from '../generate/writeFiles';

export interface AddCaRequest {
  /** The CA file: `ca.crt` in the host folder, or the file hosts.toml names in `ca`. */
  path: string;
  /** One PEM CERTIFICATE block. */
  pem: string;
  /** The fingerprint the user was shown; the PEM must be that certificate. */
  sha256: string;
  /** The user said yes after seeing subject and fingerprint. */
  confirmed: boolean;
}

export type AddCaResult =
  | { ok: true; path: string; created: boolean; alreadyThere: boolean }
  | { ok: false; message: string; shellCommand?: string };

/** The operations the append needs; injected so that tests can simulate what root cannot. */
export interface AppendFileSystem {
  /** lstat: 'missing', or what is at the path. */
  kind(p: string): 'missing' | 'file' | 'symlink' | 'other';
  read(p: string): Buffer;
  /** open(2) O_WRONLY | O_APPEND (no O_CREAT), write, close. */
  append(p: string, data: string): void;
}

export const nodeAppendFileSystem: AppendFileSystem = {
  kind(p) {
    try {
      const s = fs.lstatSync(p);
      return s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : 'other';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw e;
    }
  },
  read: (p) => fs.readFileSync(p),
  append(p, data) {
    const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_APPEND);
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
  },
};

const NEW_CA_MODE = 0o644;

function certificatesIn(data: Buffer): string[] {
  return decodeAll(data)
    .filter((b) => b.type === 'CERTIFICATE')
    .map((b) => sha256Of(b.bytes));
}

export function addCertificateToCaFile(req: AddCaRequest, afs: AppendFileSystem = nodeAppendFileSystem, wfs: WriteFileSystem = nodeWriteFileSystem): AddCaResult {
  if (!req.confirmed) return { ok: false, message: `Nothing was written: adding a certificate to ${req.path} needs your confirmation.` };
  // Exactly one block, a CERTIFICATE: anything else in it (a key) would be appended to the CA file too.
  const blocks = decodeAll(Buffer.from(req.pem, 'utf8'));
  if (blocks.length !== 1 || blocks[0].type !== 'CERTIFICATE' || sha256Of(blocks[0].bytes) !== req.sha256.toLowerCase()) {
    return { ok: false, message: `Nothing was written: the certificate is not the one whose fingerprint (${req.sha256}) was shown.` };
  }
  const pem = req.pem.endsWith('\n') ? req.pem : req.pem + '\n';
  const kind = afs.kind(req.path);
  if (kind === 'missing') {
    const r = writeNewFiles([{ path: req.path, content: pem, mode: NEW_CA_MODE }], wfs);
    return r.ok ? { ok: true, path: req.path, created: true, alreadyThere: false } : r;
  }
  if (kind !== 'file') {
    return { ok: false, message: `Nothing was written: ${req.path} is ${kind === 'symlink' ? 'a symbolic link (appending would change the file it points to)' : 'not a regular file'}. Add the certificate to a new .crt file in the folder instead.` };
  }
  let existing: Buffer;
  try {
    existing = afs.read(req.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return needsRoot(req.path, pem);
    return { ok: false, message: `Could not read ${req.path} (${code ?? 'error'}). Nothing was written.` };
  }
  if (certificatesIn(existing).includes(req.sha256.toLowerCase())) return { ok: true, path: req.path, created: false, alreadyThere: true };
  const prefix = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
  try {
    afs.append(req.path, prefix + pem);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return needsRoot(req.path, pem);
    if (code === 'ENOENT') return { ok: false, message: `${req.path} disappeared meanwhile. Nothing was written.` };
    return { ok: false, message: `Could not append to ${req.path} (${code ?? 'error'}).` };
  }
  return { ok: true, path: req.path, created: false, alreadyThere: false };
}

function needsRoot(file: string, pem: string): AddCaResult {
  return {
    ok: false,
    message: `Permission denied writing ${file}: the folder needs root. Nothing was written. Run the command below in a terminal: it appends the certificate with sudo and leaves the file's content as it was otherwise.`,
    shellCommand: sudoAppend(file, pem),
  };
}
