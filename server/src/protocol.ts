/**
 * Names shared by the extension (client/) and the language server: commands, settings, custom
 * messages. A string typed twice is a bug waiting, so both sides import them from here.
 */

/** Commands the user runs (palette, code lenses, quick fixes). Implemented in the client. */
export const ClientCommands = {
  generateClientPair: 'certsd.generateClientPair',
  generateCertificateForKey: 'certsd.generateCertificateForKey',
  openDockerCertsDir: 'certsd.openDockerCertsDir',
  copyShellCommand: 'certsd.copyShellCommand',
  moveToHostFolder: 'certsd.moveToHostFolder',
  recheck: 'certsd.recheck',
} as const;

/** Commands the server executes (workspace/executeCommand), after the client has asked the user. */
export const ServerCommands = {
  generateClientPair: 'certsd.server.generateClientPair',
  generateCertificateForKey: 'certsd.server.generateCertificateForKey',
} as const;

export type KeyAlgorithm = 'rsa-4096' | 'rsa-2048' | 'ecdsa-p256' | 'ed25519';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa-4096', 'rsa-2048', 'ecdsa-p256', 'ed25519'];

/** Self-signed (as Docker's documentation does it) or a CSR for the registry's administrator. */
export type GenerateMode = 'self-signed' | 'csr';

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
  /** Absolute path of the existing .key; the certificate is written beside it as .cert. */
  keyPath: string;
  commonName: string;
  validityDays: number;
  mode: GenerateMode;
}

export type GenerateResult =
  | { ok: true; written: string[] }
  /** Nothing was written. `shellCommand` is set when the folder needs root: the user can run it. */
  | { ok: false; message: string; shellCommand?: string };

/** Settings, under the `certsd.` section. */
export const Settings = {
  section: 'certsd',
  engine: 'engine',
  expiryWarningDays: 'expiryWarningDays',
  defaultKeyAlgorithm: 'defaultKeyAlgorithm',
  extraRoots: 'extraRoots',
} as const;

export type EngineSetting = 'auto' | 'docker' | 'podman' | 'containerd';

export interface CertsdSettings {
  engine: EngineSetting;
  expiryWarningDays: number;
  defaultKeyAlgorithm: KeyAlgorithm;
  extraRoots: string[];
}

export const DEFAULT_SETTINGS: CertsdSettings = {
  engine: 'auto',
  expiryWarningDays: 30,
  defaultKeyAlgorithm: 'rsa-4096',
  extraRoots: [],
};

/** The language id of PEM files (.crt, .cert, .key, .pem, .csr). */
export const PEM_LANGUAGE_ID = 'pem';

/** The diagnostic `source` shown in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'certs.d';
