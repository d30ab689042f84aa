/**
 * The guided generator behind "Generate client key and certificate...": which host folder (sorted,
 * the ones with a working pair marked, "New host folder..." first), a question before adding a
 * second pair (nothing is ever replaced), the key algorithm, self-signed or CSR, the common name and
 * the validity. Each title says the step and names the target folder. The UI is injected (stepUi.ts).
 */
import type { GenerateClientPairParams, GenerateMode, HostFolderVerdict, KeyAlgorithm } from '../../server/out/protocol';
import { KEY_ALGORITHMS, MAX_COMMON_NAME, MAX_VALIDITY_DAYS } from '../../server/out/protocol';
import { PickItem, StepUi, stepTitle } from './stepUi';
import { l10n } from './l10nPort';

/** Read when a picker is shown: the translator is plugged in on activation. */
export const algorithmLabel = (a: KeyAlgorithm): string => (a === 'rsa-4096' ? l10n.t("RSA 4096 (as in Docker's documentation)") : ALGORITHM_LABELS[a]);

export const ALGORITHM_LABELS: Record<KeyAlgorithm, string> = {
  'rsa-4096': "RSA 4096 (as in Docker's documentation)",
  'rsa-2048': 'RSA 2048',
  'ecdsa-p256': 'ECDSA P-256',
  ed25519: 'Ed25519',
};

export const newHostFolderLabel = (): string => `$(new-folder) ${l10n.t('New host folder...')}`;

export interface GeneratorDeps {
  ui: StepUi;
  /** The host folders with their verdicts (certsd/registries). */
  hosts(): Promise<HostFolderVerdict[]>;
  /** "New host folder...": the created folder, or undefined. */
  newHostFolder(): Promise<string | undefined>;
  /** Is anything at this path (a file, a folder, a dangling link)? */
  taken(p: string): boolean;
  /** The path separator joining folder and file names. */
  join(folder: string, name: string): string;
  preferredAlgorithm: KeyAlgorithm;
  defaultCommonName: string;
  /** The file open in the editor: its host folder is taken without asking. */
  activeFile?: string;
}

/** `client`, else `client-2`, `client-3`...: the first base name none of whose files exist. */
export function freeBaseName(hostPath: string, deps: Pick<GeneratorDeps, 'taken' | 'join'>): string {
  for (let i = 1; ; i++) {
    const base = i === 1 ? 'client' : `client-${i}`;
    if (!['.key', '.cert', '.csr'].some((ext) => deps.taken(deps.join(hostPath, base + ext)))) return base;
  }
}

const compareNames = (a: HostFolderVerdict, b: HostFolderVerdict) => a.name.localeCompare(b.name, 'en') || a.root.localeCompare(b.root, 'en');

/** The host picker's rows: "New host folder..." first, then the folders by name; a working pair is marked. */
export function hostPickItems(hosts: HostFolderVerdict[]): PickItem<HostFolderVerdict | 'new'>[] {
  const sorted = [...hosts].sort(compareNames);
  const twice = new Set(sorted.filter((h, i) => sorted.findIndex((o) => o.name === h.name) !== i).map((h) => h.name));
  return [
    { label: newHostFolderLabel(), detail: l10n.t("Create a registry's folder (HOST:PORT) and generate into it"), value: 'new' },
    ...sorted.map((h) => ({
      label: h.clientPairs > 0 ? `$(key) ${h.name}` : h.name,
      description: [h.clientPairs > 0 ? (h.clientPairs === 1 ? l10n.t('has a client certificate') : l10n.t('has {0} client certificates', h.clientPairs)) : '', twice.has(h.name) ? h.root : ''].filter(Boolean).join(' - '),
      detail: h.verdict,
      value: h,
    })),
  ];
}

function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i > 0 ? p.slice(0, i) : p;
}

function baseOf(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** The questions asked in all, as far as known: the validity only for a self-signed certificate (`mode`: chosen so far). */
function stepCount(o: { host: boolean; algorithm: boolean; askMode: boolean; mode: GenerateMode | undefined; commonName: boolean; validity: boolean }): number {
  return (o.host ? 1 : 0) + (o.algorithm ? 1 : 0) + (o.askMode ? 1 : 0) + (o.commonName ? 1 : 0) + (o.validity && o.mode !== 'csr' ? 1 : 0);
}

export async function askClientPairSteps(deps: GeneratorDeps, given: Partial<GenerateClientPairParams> = {}): Promise<GenerateClientPairParams | undefined> {
  const { ui } = deps;
  // Asked even for a given folder: whether it already has a working pair.
  const hosts = await deps.hosts();
  const fromEditor = !given.hostPath && deps.activeFile && hosts.find((h) => dirOf(deps.activeFile!) === h.path);
  const askHost = !given.hostPath && !fromEditor;
  const ask = { algorithm: !given.algorithm, askMode: !given.mode, commonName: given.commonName === undefined, validity: given.validityDays === undefined };
  let mode = given.mode;
  const total = () => stepCount({ host: askHost, ...ask, mode });
  let step = 0;
  const next = (what: string) => stepTitle(what, ++step, total());

  let hostPath = given.hostPath ?? (fromEditor ? fromEditor.path : undefined);
  let host = hosts.find((h) => h.path === hostPath);
  if (askHost) {
    const picked = await ui.pick({ title: next(l10n.t('Generate client key and certificate')), placeholder: l10n.t('Which registry is the client certificate for?'), items: hostPickItems(hosts) });
    if (!picked) return undefined;
    if (picked === 'new') {
      hostPath = await deps.newHostFolder();
      host = undefined;
    } else {
      hostPath = picked.path;
      host = picked;
    }
  }
  if (!hostPath) return undefined;
  const folder = baseOf(hostPath);
  const what = l10n.t('Client certificate for {0}', folder);
  const baseName = given.baseName ?? freeBaseName(hostPath, deps);

  // A folder that already has a working pair: add another one under a new name, or stop. Never replace.
  if (!given.baseName && host && host.clientPairs > 0) {
    const another = await ui.pick({
      title: l10n.t('{0} already has a working client certificate', folder),
      placeholder: l10n.t('The engine keeps using the pair it has; a second pair is offered to the registry too.'),
      items: [
        { label: l10n.t('Add another pair: {0}.key and {0}.cert (or .csr)', baseName), detail: l10n.t('Nothing in the folder is replaced.'), value: true },
        { label: l10n.t('Cancel'), value: false },
      ],
    });
    if (!another) return undefined;
  }

  let algorithm = given.algorithm;
  if (!algorithm) {
    const order = [deps.preferredAlgorithm, ...KEY_ALGORITHMS.filter((a) => a !== deps.preferredAlgorithm)];
    algorithm = await ui.pick({ title: next(what), placeholder: l10n.t('Key algorithm'), items: order.map((a) => ({ label: algorithmLabel(a), value: a })) });
    if (!algorithm) return undefined;
  }
  if (!mode) {
    mode = await ui.pick<GenerateMode>({
      title: next(what),
      placeholder: l10n.t('What to create with the key'),
      items: [
        { label: l10n.t('Self-signed certificate'), detail: l10n.t("As in Docker's documentation: the registry must trust this certificate itself."), value: 'self-signed' },
        { label: l10n.t('Certificate signing request (CSR)'), detail: l10n.t("Writes a .csr to send to the registry's administrator; put the certificate you get back here as .cert."), value: 'csr' },
      ],
    });
    if (!mode) return undefined;
  }
  const commonName =
    given.commonName ??
    (await ui.input({
      title: next(what),
      prompt: l10n.t('Common name (CN) of the client certificate'),
      value: deps.defaultCommonName,
      validate: (v) => (v.trim() === '' ? l10n.t('A common name is required') : [...v].length > MAX_COMMON_NAME ? l10n.t('At most {0} characters', MAX_COMMON_NAME) : undefined),
    }));
  if (commonName === undefined) return undefined;
  let validityDays = given.validityDays ?? (mode === 'csr' ? 365 : undefined);
  if (validityDays === undefined) {
    const v = await ui.input({
      title: next(what),
      prompt: l10n.t('Validity in days'),
      value: '365',
      validate: (s) => (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_VALIDITY_DAYS ? undefined : l10n.t('A whole number of days from 1 to {0}', MAX_VALIDITY_DAYS)),
    });
    if (v === undefined) return undefined;
    validityDays = Number(v);
  }
  return { hostPath, baseName, algorithm, commonName, validityDays, mode };
}
