/**
 * What the editor offers on a file of a host folder, decided once from the check's findings: the
 * code lenses, the quick fixes that are commands and the Explorer's context keys all ask here, so
 * that no action contradicts the diagnosis (no "Generate client key and certificate" in a folder
 * whose fix is a rename, a deletion or a new CA).
 */
import * as path from 'node:path';
import type { HostCheck } from './check';
import { Finding } from './findings';
import { isDirLike } from './tree';
import { t } from './l10n';

/** What a finding asks the user to do, which decides whether generating a client pair fits. */
export type Remedy =
  /** A new client pair or certificate is (part of) the answer. */
  | 'generate'
  /** Rename or move a file or folder (or convert it): generating beside it does not fix it. */
  | 'rename'
  /** Delete (or move away) a file nobody needs. */
  | 'delete'
  /** The CA is unusable, expired or not yet valid: no client pair helps before a new CA. */
  | 'replace-ca'
  /** The file must be repaired (its text, its key, its reading). */
  | 'repair'
  /** The folder is not the one the engine uses: nothing written into it matters. */
  | 'folder'
  /** Advice that does not stand in the way of anything else. */
  | 'aside';

/**
 * Every rule's remedy. A rule missing here fails test/unit/actions.test.ts: a new rule decides what
 * it means for the actions. `expired` and `not-yet-valid` depend on the file (see remedyOf).
 */
export const REMEDIES: Readonly<Record<string, Remedy>> = {
  'certsd/misnamed-root': 'folder',
  'certsd/file-in-root': 'rename',
  'certsd/port-443': 'rename',
  'certsd/host-not-read': 'folder',
  'certsd/host-folder-shadowed': 'folder',
  'certsd/host-name-not-folder': 'folder',
  'certsd/root-shadowed': 'folder',
  'certsd/read-error': 'repair',
  'certsd/missing-key': 'generate',
  'certsd/ca-as-cert': 'rename',
  'certsd/missing-client-cert': 'generate',
  'certsd/server-key': 'delete',
  'certsd/invalid-key-pair': 'repair',
  'certsd/ca-unusable': 'replace-ca',
  'certsd/bom': 'repair',
  'certsd/ignored-extension': 'rename',
  'certsd/der-original': 'delete',
  'certsd/file-in-subfolder': 'rename',
  'certsd/hosts-toml-ignored': 'aside',
  'certsd/hosts-toml-shadows': 'aside',
  'certsd/hosts-toml-unknown-key': 'aside',
  'certsd/hosts-toml-file': 'aside',
  'certsd/hosts-toml-host-dropped': 'aside',
  'certsd/hosts-toml-url': 'aside',
  'certsd/hosts-toml-v2-path': 'aside',
  'certsd/expired': 'replace-ca',
  'certsd/not-yet-valid': 'replace-ca',
  'certsd/expiring': 'aside',
  'certsd/weak-key': 'aside',
  'certsd/weak-signature': 'aside',
  'certsd/cn-without-san': 'aside',
  'certsd/san-mismatch': 'aside',
  'certsd/client-eku': 'generate',
  'certsd/non-ca-root': 'aside',
  'certsd/key-permissions': 'aside',
  'certsd/internal-error': 'repair',
};

/** Is the file one the engine takes CA certificates from (a loose .crt, or a hosts.toml `ca`)? */
export function isCaFile(host: HostCheck, file: string): boolean {
  const loads = [host.report.load, host.report.login].filter((l) => l !== undefined);
  return loads.some((l) => l.caFiles.some((c) => c.entry.path === file) || (l.tomlHosts ?? []).some((t) => t.host.caCerts?.includes(file))) || file.endsWith('.crt');
}

/** The remedy of one finding of the folder: an expired client certificate is replaced by a new pair, an expired CA is not. */
export function remedyOf(host: HostCheck, f: Finding): Remedy {
  const remedy = REMEDIES[f.code] ?? 'repair';
  if ((f.code === 'certsd/expired' || f.code === 'certsd/not-yet-valid') && !isCaFile(host, f.path)) return 'generate';
  // A rename or conversion the finding offers is its fix, whatever the rule (ignored-extension that only advises stays 'rename').
  if (f.fixes?.some((x) => x.kind === 'rename' || x.kind === 'der-to-pem' || x.kind === 'move') && remedy === 'aside') return 'rename';
  return remedy;
}

const STANDS_IN_THE_WAY: ReadonlySet<Remedy> = new Set(['rename', 'delete', 'replace-ca', 'repair', 'folder']);

export type OfferedAction =
  /** "Generate client key and certificate" into the folder. */
  | { kind: 'generate-client-pair'; hostPath: string }
  /** "Generate certificate for this key". */
  | { kind: 'generate-certificate-for-key'; keyPath: string }
  /** "Delete <file>", after a modal confirmation; `why`: one sentence for it. */
  | { kind: 'delete'; path: string; title: string; why: string }
  /** "Move <file> out of certs.d": the user picks where. */
  | { kind: 'move-out'; path: string; title: string }
  /** "Convert DER certificate to PEM" (the Explorer's command: VS Code opens no DER file as text). */
  | { kind: 'convert-der-to-pem'; path: string };

/** The findings on a file (or, for `host.dir.path`, on the folder itself). */
const findingsOn = (host: HostCheck, file: string) => host.findings.filter((f) => f.path === file);

/**
 * Does a finding stand in the way of generating a client pair here? A warning or error anywhere in
 * the folder whose fix is something else, or any finding of that kind on this very file.
 */
export function generateBlocked(host: HostCheck, file: string): Finding | undefined {
  return host.findings.find((f) => STANDS_IN_THE_WAY.has(remedyOf(host, f)) && (f.severity === 'error' || f.severity === 'warning' || f.path === file));
}

/**
 * The actions offered on `file`, a file of the host folder `host` (or the folder itself), in the
 * order the lenses show them. Only what the findings call for.
 */
export function offeredActions(host: HostCheck, file: string): OfferedAction[] {
  const actions: OfferedAction[] = [];
  const name = path.basename(file);
  for (const f of findingsOn(host, file)) {
    const remedy = remedyOf(host, f);
    if (remedy !== 'delete') continue;
    const why = f.code === 'certsd/der-original' ? f.message : t("{0} is a private key the clients never need (a copy of the registry's own key): it should not be on this machine.", name);
    if (!actions.some((a) => a.kind === 'delete')) actions.push({ kind: 'delete', path: file, title: t('Delete {0}', name), why });
    // A private key may be wanted elsewhere (the registry's own configuration): moving it is offered too.
    if (f.code === 'certsd/server-key' && !actions.some((a) => a.kind === 'move-out')) actions.push({ kind: 'move-out', path: file, title: t('Move {0} out of certs.d', name) });
  }
  for (const f of findingsOn(host, file)) {
    if (f.fixes?.some((x) => x.kind === 'der-to-pem') && !actions.some((a) => a.kind === 'convert-der-to-pem')) actions.push({ kind: 'convert-der-to-pem', path: file });
  }
  if (host.report.load.hostsToml || generateBlocked(host, file)) return actions;
  const entries = host.dir.entries.filter((e) => !isDirLike(e));
  const names = new Set(entries.map((e) => e.name));
  const certs = entries.filter((e) => e.name.endsWith('.cert'));
  const lacksPair = certs.length === 0 || certs.some((e) => !names.has(e.name.slice(0, -'.cert'.length) + '.key'));
  if (lacksPair) actions.push({ kind: 'generate-client-pair', hostPath: host.dir.path });
  if (path.dirname(file) === host.dir.path && name.endsWith('.key') && !names.has(name.slice(0, -'.key'.length) + '.cert')) {
    actions.push({ kind: 'generate-certificate-for-key', keyPath: file });
  }
  return actions;
}
