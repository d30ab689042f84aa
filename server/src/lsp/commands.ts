/**
 * The server side of the generate commands: the client has asked the user (middleware); here the
 * arguments are checked, keys and certificates made in-process, and files written without ever
 * overwriting, the key with mode 0600.
 */
import * as path from 'node:path';
import { describeUnread, FileSystemView, isFsError } from '../core/fsview';
import type * as Generate from '../core/generate/generate';
import { hostFolderProblem, writeNewFiles } from '../core/generate/writeFiles';
import { GenerateCertificateForKeyParams, GenerateClientPairParams, GenerateResult } from '../protocol';
import { t } from '../core/l10n';

class BadArguments extends Error {}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new BadArguments(message);
}

// The generator loads @peculiar/x509 (~80 ms): not at start-up, only when a command first runs.
function generator(): typeof Generate {
  return require('../core/generate/generate') as typeof Generate;
}

async function run(work: (g: typeof Generate) => Promise<GenerateResult>): Promise<GenerateResult> {
  const g = generator();
  try {
    return await work(g);
  } catch (e) {
    if (e instanceof BadArguments || e instanceof g.GenerateError) return { ok: false, message: e.message };
    throw e;
  }
}

/** `roots`: the certs.d folders being checked; files are written only into one of their host folders. */
export function generateClientPairCommand(params: GenerateClientPairParams, now: Date, roots: readonly string[]): Promise<GenerateResult> {
  return run(async ({ generateClientPair }) => {
    check(params && typeof params.hostPath === 'string', 'hostPath must be an absolute path');
    const problem = hostFolderProblem(params.hostPath, roots);
    check(!problem, problem ?? "");
    check(typeof params.baseName === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(params.baseName), 'the file name may use letters, digits, ".", "_" and "-"');
    // The algorithm, common name, validity and mode are checked by the core (GenerateError), for every caller.
    const out = await generateClientPair({ algorithm: params.algorithm, commonName: String(params.commonName ?? '').trim(), validityDays: params.validityDays, now, mode: params.mode });
    const base = path.join(params.hostPath, params.baseName);
    const files = [{ path: `${base}.key`, content: out.keyPem, mode: 0o600 }];
    if (out.certPem) files.push({ path: `${base}.cert`, content: out.certPem, mode: 0o644 });
    if (out.csrPem) files.push({ path: `${base}.csr`, content: out.csrPem, mode: 0o644 });
    return writeNewFiles(files, undefined, { within: params.hostPath });
  });
}

/** `disk`: the file system port the key is read through (the disk, not the editor's unsaved text: a certificate is made for the key on disk). */
export function generateCertificateForKeyCommand(params: GenerateCertificateForKeyParams, now: Date, roots: readonly string[], disk: FileSystemView): Promise<GenerateResult> {
  return run(async ({ certificateForKey }) => {
    check(params && typeof params.keyPath === 'string' && path.isAbsolute(params.keyPath) && params.keyPath.endsWith('.key'), 'keyPath must be the absolute path of a .key file');
    const problem = hostFolderProblem(path.dirname(params.keyPath), roots);
    check(!problem, problem ?? "");
    let keyPem: string;
    try {
      // A regular file of at most 1 MiB, read without blocking: never a pipe or /dev/zero.
      keyPem = Buffer.from(disk.readFile(params.keyPath)).toString('utf8');
    } catch (e) {
      return { ok: false, message: t('Cannot read {0}: {1}', params.keyPath, isFsError(e) ? describeUnread(e) : 'error') };
    }
    const out = await certificateForKey(keyPem, { commonName: String(params.commonName ?? '').trim(), validityDays: params.validityDays, now, mode: params.mode });
    const base = params.keyPath.slice(0, -'.key'.length);
    const files = [];
    if (out.certPem) files.push({ path: `${base}.cert`, content: out.certPem, mode: 0o644 });
    if (out.csrPem) files.push({ path: `${base}.csr`, content: out.csrPem, mode: 0o644 });
    return writeNewFiles(files, undefined, { within: path.dirname(params.keyPath) });
  });
}
