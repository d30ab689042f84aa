/**
 * Names shared by the extension (client/) and the language server: commands, settings, custom
 * messages. A string typed twice is a bug waiting, so both sides import them from here.
 */

/**
 * Commands. The generate commands are executed by the server (workspace/executeCommand); the
 * client's middleware first asks the user for whatever the arguments leave out.
 */
export const Commands = {
  generateClientPair: 'certsd.generateClientPair',
  generateCertificateForKey: 'certsd.generateCertificateForKey',
  /** Client only. */
  openDockerCertsDir: 'certsd.openDockerCertsDir',
  /** Client only: copies a shell command (e.g. `sudo mv ...`) to the clipboard, with a message. */
  copyShellCommand: 'certsd.copyShellCommand',
  /** Client only: asks which host folder, then applies the move as a WorkspaceEdit. */
  moveToHostFolder: 'certsd.moveToHostFolder',
  /** Client only: asks the server to check everything again. */
  recheck: 'certsd.recheck',
  /** Client only (explorer menu): converts a DER certificate to PEM; VS Code opens no DER file as text. */
  convertDerToPem: 'certsd.convertDerToPem',
  /**
   * Client only: "Test connection" (a code lens on a host folder's files, the palette). Asks for
   * the host folder and an optional connect-to address when the arguments (TestConnectionArgs)
   * leave them out; returns the TestConnectionResult. Never offered in Restricted Mode.
   */
  testConnection: 'certsd.testConnection',
  /**
   * Client only: deletes a file the findings call unneeded (a registry's key copied in, a DER
   * original), after a modal confirmation (DeleteFileArgs); the server plans it (certsd/planDelete).
   */
  deleteFile: 'certsd.deleteFile',
  /** Client only: moves such a file out of certs.d, to a place the user picks (MoveOutArgs). */
  moveOutOfCertsd: 'certsd.moveOutOfCertsd',
  /** Client only: asks the registry's HOST[:PORT] and creates its host folder once the user confirms. */
  newHostFolder: 'certsd.newHostFolder',
  /** Client only: copies a CA certificate file the user picks into a host folder as a new .crt (never over one). */
  addCaFile: 'certsd.addCaFile',
  /** Client only (Registries view): shows a host folder in the Explorer. */
  revealHostFolder: 'certsd.revealHostFolder',
  /** Client only (Registries view): refresh. */
  refreshRegistries: 'certsd.refreshRegistries',
  /** Client only (Registries view actions): the commands above for the host folder of the row. */
  testConnectionFromView: 'certsd.registries.testConnection',
  generateClientPairFromView: 'certsd.registries.generateClientPair',
} as const;

/** The Registries view in the Explorer (package.json contributes.views). */
export const REGISTRIES_VIEW = 'certsd.registries';

export const SERVER_COMMANDS: readonly string[] = [Commands.generateClientPair, Commands.generateCertificateForKey];

/** Custom requests and notifications. */
export const Requests = {
  /** -> HostFolder[]: every host folder the server knows, for the client's pickers. */
  listHostFolders: 'certsd/listHostFolders',
  /** Check every root again (after settings or on request). */
  recheck: 'certsd/recheck',
  /** { path } -> DerToPemPlan: what converting a DER certificate to PEM takes (the client applies it). */
  derToPem: 'certsd/derToPem',
  /** ProbeRequestParams -> ProbeResponse: connects to the registry as the engine would (only when the user asks). */
  probe: 'certsd/probe',
  /** -> DockerCertsDirResult: Docker's standard certs.d folders on this machine, and the first that exists. */
  dockerCertsDir: 'certsd/dockerCertsDir',
  /**
   * MoveParams -> MovePlan: can the editor rename `from` to `to` (a file into a host folder, a
   * folder to the name the engine reads)? The client applies the rename as a WorkspaceEdit, or
   * offers the plan's sudo command where root owns the folder. Nothing is written by the server.
   */
  planMove: 'certsd/planMove',
  /**
   * AddCaCertificateParams -> AddCaResult: appends a CA certificate a connection test offered
   * (add-ca advice) to its CA file. Sent only after the user saw the subject and fingerprint and
   * confirmed (`confirmed: true`); the server writes only a certificate its own probe offered for
   * that file.
   */
  addCaCertificate: 'certsd/addCaCertificate',
  /**
   * DeleteParams -> DeletePlan: may the editor delete `path` now? Only a file the current findings
   * offer to delete; where root owns the folder, a sudo command that refuses a file changed since.
   */
  planDelete: 'certsd/planDelete',
  /** -> RegistriesResult: every certs.d folder checked and each host folder's verdict (the Registries view, the generator's picker). */
  registries: 'certsd/registries',
  /** PlanHostFolderParams -> HostFolderPlan: the folder "New host folder..." would create, or why not. Nothing is created. */
  planHostFolder: 'certsd/planHostFolder',
} as const;

export const Notifications = {
  /** Sent after each full check, once every diagnostic of it has been published. */
  checked: 'certsd/checked',
  /** Server -> client, CheckingParams: a full check starts (start-up, settings, "Check again"); `checked` follows. */
  checking: 'certsd/checking',
  /** Client -> server, WorkspaceTrustParams: the user trusted the workspace (VS Code never revokes trust without a reload). */
  workspaceTrust: 'certsd/workspaceTrust',
  /** Server -> client, ExplorerFilesParams: the files the Explorer's commands apply to, whenever the list changes. */
  explorerFiles: 'certsd/explorerFiles',
} as const;

/** The context keys the client sets from ExplorerFilesParams (package.json `when`: `resourcePath in certsd.derCertificates`). */
export const ContextKeys = {
  derCertificates: 'certsd.derCertificates',
  deletableFiles: 'certsd.deletableFiles',
} as const;

export interface ExplorerFilesParams {
  /** Absolute paths of the DER certificates "Convert DER certificate to PEM" applies to. */
  derCertificates: string[];
  /** Absolute paths of the files the findings offer to delete. */
  deletableFiles: string[];
}

/**
 * certsd.deleteFile's arguments (from a lens or a quick fix). The client asks first, in a modal
 * dialog; there is no argument that skips it.
 */
export interface DeleteFileArgs {
  path: string;
  /** Why it can go, shown in the confirmation. */
  why: string;
}

export interface DeleteParams {
  path: string;
}

export type DeletePlan =
  /** The editor may delete `path` (a WorkspaceEdit, so Undo restores it). */
  | { ok: true; path: string }
  | { ok: false; message: string; shellCommand?: string };

/** certsd.moveOutOfCertsd's arguments. */
export interface MoveOutArgs {
  path: string;
}

/** What the client tells the server at `initialize`. */
export interface InitializationOptions {
  /**
   * The workspace is trusted (VS Code's Restricted Mode is off). Only `true` counts: without it the
   * server offers nothing that opens a network connection ("Test connection").
   */
  workspaceTrusted?: boolean;
  /**
   * The extension's `l10n/` folder, where the server reads `bundle.l10n.<locale>.json` for
   * `initialize`'s `locale` (as yaml-language-server takes its l10nPath). Without it the server
   * looks beside its own files (server/out in development, dist/ in the .vsix).
   */
  l10nPath?: string;
}

export interface WorkspaceTrustParams {
  trusted: boolean;
}

export interface HostFolder {
  path: string;
  name: string;
  root: string;
  /**
   * The registry reference the folder stands for (`host:port`; containerd's `host_port_` too), or
   * null where "Test connection" cannot run (containerd's `_default`, a name that is no HOST[:PORT]).
   */
  reference: string | null;
}

/** A host folder with the engine's verdict (core/hostSummary.ts). */
export interface HostFolderVerdict extends HostFolder, HostSummary {}

export interface RegistryRoot {
  path: string;
  /** Whose certs.d folder it is: "Docker", "Podman", "containerd". */
  engine: string;
}

export interface RegistriesResult {
  roots: RegistryRoot[];
  /** Sorted by root, then by folder name. */
  hosts: HostFolderVerdict[];
}

export interface PlanHostFolderParams {
  /** A certs.d folder being checked. */
  root: string;
  /** What the user typed: HOST or HOST:PORT. */
  host: string;
}

export interface ProbeRequestParams {
  /** A host folder (`.../certs.d/reg.example.com:5000`): its root and the reference it stands for. */
  hostPath?: string;
  /** Or a reference and, optionally, the root to read. */
  host?: string;
  root?: string;
  /** ADDR:PORT to connect to instead (tunnels, split DNS); the name checked and sent stays the host's. */
  connectTo?: string;
  timeoutSeconds?: number;
}

export type ProbeResponse =
  /** `actor`: who connects ("containerd"); `verdict`: one line for a notification; `text`: the full report, as `certsd probe` prints it. */
  | { ok: true; report: ProbeReport; actor: string; verdict: string; text: string }
  | { ok: false; message: string; cancelled?: boolean };

/** Why "Test connection" is refused in an untrusted workspace (client and server say the same). */
export const RESTRICTED_MODE_PROBE_MESSAGE =
  'Test connection is not available in Restricted Mode: it opens a network connection to the registry. Trust this workspace to use it.';

/** Why generating and the fixes that change files wait in an untrusted workspace (client and server say the same). */
export const RESTRICTED_MODE_WRITE_MESSAGE =
  'This is not available in Restricted Mode: it changes files in the workspace. Trust this workspace to use it.';

/** VS Code's own command behind "Manage Workspace Trust": what the Restricted Mode lens and quick fix run. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** certsd.testConnection's arguments: with `hostPath` or `host`, nothing is asked. */
export type TestConnectionArgs = ProbeRequestParams;

/** What certsd.testConnection returns: undefined when the user dismissed a question. */
export type TestConnectionResult = ProbeResponse | undefined;

export interface CheckedParams {
  /** A full check (start, settings, new roots) or an update of what changed. */
  full: boolean;
  roots: number;
  /** Host folders checked in this pass. */
  hosts: number;
  /** Files whose diagnostics were sent. */
  files: number;
  millis: number;
  /** The whole workspace as it stands after this pass (the language status item). */
  summary: CheckSummary;
}

export interface CheckingParams {
  /** Why: `start`, `settings`, `recheck` (the user asked), `folders`. */
  reason: 'start' | 'settings' | 'recheck' | 'folders';
}

/** Everything the server checks, counted: "certs.d: 3 folders, 2 errors". */
export interface CheckSummary {
  /** certs.d folders (roots). */
  roots: number;
  /** Host folders in them. */
  hostFolders: number;
  /** Diagnostics published, by severity, over every file. */
  errors: number;
  warnings: number;
  /** Who reads the roots checked, with the release modelled: `Docker 29`, `containerd 2`; sorted, each once. */
  engines: string[];
  /** Docker's image store the checks assume, when a Docker root is checked. */
  dockerStore?: { store: 'containerd' | 'graphdriver'; assumed: boolean; from?: string };
}

export type DerToPemPlan =
  /** Rename `from` to `keep` (when the PEM takes its name), then create `to` holding `pem`. */
  | { ok: true; from: string; keep?: string; to: string; pem: string }
  /** `alreadyConverted`: the PEM copy is there already (converting twice); nothing to do. */
  | { ok: false; message: string; shellCommand?: string; alreadyConverted?: boolean };

export interface CopyShellCommandArgs {
  message: string;
  command: string;
}

export interface DockerCertsDirResult {
  /** The first of `candidates` that is a folder, or null. */
  found: string | null;
  /** Docker's standard certs.d folders on this platform, in the order Docker's setups use them. */
  candidates: string[];
  /**
   * When none is there: how to create the first candidate. `missing`: the folders to make,
   * outermost first; `shellCommand`: root owns the place, run this (sudo) instead; `blocked`: a
   * file is in the way, nothing can be created.
   */
  create?: { path: string; missing: string[]; shellCommand?: string; blocked?: string };
}

export interface MoveParams {
  from: string;
  to: string;
}

export type MovePlan =
  /** The editor may rename `from` to `to` (nothing is there, the folders are writable). */
  | { ok: true; from: string; to: string }
  /** Why not; `shellCommand`: the folder belongs to root, the user can run the move with sudo. */
  | { ok: false; message: string; shellCommand?: string };

export interface MoveToHostFolderArgs {
  from: string;
  folders: string[];
  /**
   * The certs.d folder belongs to root: the picker says a sudo command will follow. (Once a folder
   * is picked, the client asks certsd/planMove, which decides again: edit or sudo command.)
   */
  needsRoot: boolean;
}

// The core's choices and limits, so that what is offered and what is generated cannot drift apart.
import { GenerateMode, KEY_ALGORITHMS, KeyAlgorithm, MAX_COMMON_NAME, MAX_VALIDITY_DAYS } from './core/generate/keyOptions';
import { DEFAULT_EXPIRY_DAYS } from './core/rules/rule';
import type { WriteResult } from './core/generate/writeFiles';
import type { AdviceFix, ProbeReport } from './core/probe/report';
import type { AddCaRequest, AddCaResult } from './core/probe/addCa';
import type { DockerStoreChoice } from './core/engines/releases';
import type { RootsSetting } from './core/roots';
import type { HostSummary, SoonestExpiry } from './core/hostSummary';
import type { HostFolderPlan } from './core/newHostFolder';
export type { HostFolderPlan, HostSummary, SoonestExpiry };
export { KEY_ALGORITHMS, MAX_COMMON_NAME, MAX_VALIDITY_DAYS };
/** The words for a time span (no imports: the client's Registries view uses it too). */
export { humanDuration, translatedUnits } from './core/duration';
export type { GenerateMode, KeyAlgorithm };
/** A fix a connection test's advice carries (add a CA certificate, run a command, rename a folder). */
export type { AdviceFix };
/** certsd/addCaCertificate: the CA file, the certificate's PEM and the fingerprint the user was shown, and their yes. */
export type AddCaCertificateParams = AddCaRequest;
export type { AddCaResult };

export interface GenerateClientPairParams {
  /** Absolute path of the host folder to write into. */
  hostPath: string;
  /** Base name of the files: `client` gives client.key + client.cert (or client.csr). */
  baseName: string;
  algorithm: KeyAlgorithm;
  commonName: string;
  validityDays: number;
  mode: GenerateMode;
}

export interface GenerateCertificateForKeyParams {
  /** Absolute path of the existing .key; the certificate is written beside it as .cert (or .csr). */
  keyPath: string;
  commonName: string;
  validityDays: number;
  mode: GenerateMode;
}

/** What was written, or why nothing was (`shellCommand`: the folder needs root, the user can run it). */
export type GenerateResult = WriteResult;

/** Settings, under the `certsd.` section. */
export const Settings = {
  section: 'certsd',
  engine: 'engine',
  expiryWarningDays: 'expiryWarningDays',
  defaultKeyAlgorithm: 'defaultKeyAlgorithm',
  extraRoots: 'extraRoots',
  dockerStore: 'dockerStore',
  dockerRelease: 'dockerRelease',
  containerdRelease: 'containerdRelease',
  roots: 'roots',
  /** Client only: the timeout of "Test connection" in seconds (the connection, the TLS handshake, the answer). */
  probeTimeoutSeconds: 'probeTimeoutSeconds',
} as const;

export const DEFAULT_PROBE_TIMEOUT_SECONDS = 10;
export const MAX_PROBE_TIMEOUT_SECONDS = 600;

export type EngineSetting = 'auto' | 'docker' | 'podman' | 'containerd';

export interface CertsdSettings {
  engine: EngineSetting;
  expiryWarningDays: number;
  defaultKeyAlgorithm: KeyAlgorithm;
  extraRoots: string[];
  /** Docker's storage: whose code reads certs.d for pulls (core/engines/dockerStore.ts). */
  dockerStore: DockerStoreChoice;
  /** Releases modelled (core/engines/releases.ts); `latest` is the newest row. */
  dockerRelease: string;
  containerdRelease: string;
  /**
   * Per engine, the roots in lookup order where the standard places do not apply: containerd's CRI
   * config_path, Podman's search order (core/roots.ts RootsSetting). Absolute paths.
   */
  roots: RootsSetting;
}

export const DEFAULT_SETTINGS: CertsdSettings = {
  engine: 'auto',
  expiryWarningDays: DEFAULT_EXPIRY_DAYS,
  defaultKeyAlgorithm: 'rsa-4096',
  extraRoots: [],
  dockerStore: 'auto',
  dockerRelease: 'latest',
  containerdRelease: 'latest',
  roots: {},
};

/** The language id of PEM files (.crt, .cert, .key, .pem, .csr). */
export const PEM_LANGUAGE_ID = 'pem';

/** The diagnostic `source` shown in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'certs.d';
