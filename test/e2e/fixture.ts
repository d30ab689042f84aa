/**
 * What the e2e workspace holds, shared by the launchers (which write it) and the suite (which runs
 * inside VS Code and checks it). No imports: the suite loads this in the extension host.
 */

/** Host folders under `certs.d/`, each with one mistake or none. */
export const Hosts = {
  /** A complete, correct folder: ca.crt, client.cert, client.key. */
  good: 'good.example.com',
  /** A CA saved as `ca.cert`: Docker takes it for a client certificate. */
  caAsCert: 'reg.example.com:5000',
  /** `:443` in a folder name: Docker looks up `registry.example.com`, never this folder. */
  port443: 'registry.example.com:443',
  /** What the `:443` fix renames the folder to. */
  port443Fixed: 'registry.example.com',
  /** A CA written in DER: Go's PEM reader finds nothing in it. */
  der: 'der.example.com',
  /** A CA only; the generate command adds a client pair. */
  noClientPair: 'new.example.com',
  /** ca.crt + the registry's own ca.key copied beside it: the fix is to delete the key. */
  serverKey: 'server-key.example.com',
  /** A DER ca.crt the file-actions test converts (Hosts.der stays unconverted for the other tests). */
  derConvert: 'der-convert.example.com',
  /** A CA saved as `ca.cert`, renamed by its quick fix and then undone (undo.test.ts). */
  undoFile: 'undo-file.example.com',
  /** A `:443` folder, renamed by its quick fix and then undone (undo.test.ts). */
  undoFolder: 'undo-folder.example.com:443',
  /** What the `:443` fix renames undoFolder to. */
  undoFolderFixed: 'undo-folder.example.com',
} as const;

/**
 * A containerd root beside `certs.d/`: `containerd/certs.d/<host>/`, read with hosts.toml.
 * The hosts.toml names `mirror.crt` (never the text "ca.crt"), misspells `skip_verify`, and leaves
 * the loose `ca.crt` beside it unreferenced.
 */
export const ContainerdHosts = {
  /** hosts.toml + mirror.crt (named in it) + ca.crt (not named: containerd ignores it). */
  toml: 'mirror.example.com',
} as const;

/** The hosts.toml of ContainerdHosts.toml, and where its parts are (0-based lines). */
export const HOSTS_TOML = {
  text: [
    'server = "https://mirror.example.com"',
    '',
    '[host."https://mirror-a.example.com:5000"]',
    '  capabilities = ["pull", "resolve"]',
    '  ca = "mirror.crt"',
    '  skip-verify = false',
    '',
  ].join('\n'),
  /** Line and character inside the string "mirror.crt". */
  caPath: { line: 4, character: 10 },
  /** The misspelled key. */
  misspelled: 'skip-verify',
} as const;

/** Subject common names, so that a hover can be checked against what was written. */
export const CommonNames = {
  goodCa: 'E2E Good Root CA',
  goodClient: 'e2e-good-client',
  caAsCert: 'E2E Port 5000 Root CA',
  port443: 'E2E Port 443 Root CA',
  der: 'E2E DER Root CA',
  noClientPair: 'E2E New Root CA',
  serverKey: 'E2E Server Key Root CA',
  derConvert: 'E2E DER Convert Root CA',
  undoFile: 'E2E Undo File Root CA',
  undoFolder: 'E2E Undo Folder Root CA',
  tomlMirror: 'E2E hosts.toml Mirror CA',
  tomlLoose: 'E2E Loose Root CA',
} as const;

/** Diagnostic codes the suite waits for (the server's rule codes). */
export const Codes = {
  caAsCert: 'ca-as-cert',
  caUnusable: 'ca-unusable',
  serverKey: 'server-key',
  derOriginal: 'der-original',
  port443: 'port-443',
  hostsTomlUnknownKey: 'hosts-toml-unknown-key',
  hostsTomlShadows: 'hosts-toml-shadows',
} as const;

/** The file the launchers write next to the workspace folder: `<workspace>/../e2e.json`. */
export const CONFIG_FILE_NAME = 'e2e.json';

/** Environment variable with the path of that file, set on VS Code's process by the launchers. */
export const CONFIG_ENV = 'CERTSD_E2E_CONFIG';

/** How a launcher tells the suite where to report. */
export interface E2eConfig {
  /** The suite writes an E2eResults JSON here, first with state 'running', then 'done'. */
  resultsFile: string;
  /** Folder of screenshots and screenshot requests (test-artifacts/e2e). */
  artifactsDir: string;
  /** True when a launcher watches for screenshot requests (code-server + Chromium); false under test-electron. */
  screenshots: boolean;
  /** Only run tests whose full title matches this regular expression (mocha --grep). */
  grep?: string;
  /** Run the tests whose title does NOT match `grep` instead (mocha --invert). */
  invert?: boolean;
  /**
   * Which launcher session: `development` (this repository as extensionDevelopmentPath),
   * `restricted` (the same, the folder untrusted: only "Restricted Mode" tests), `installed` (the
   * .vsix installed with --install-extension into `extensionsDir`). Absent: development.
   */
  session?: E2eSession;
  /** installed: the extensions folder the .vsix went into (the extension must run from there). */
  extensionsDir?: string;
}

export type E2eSession = 'development' | 'restricted' | 'installed';

/**
 * In the title of tests that need the extension's test hooks (registered in ExtensionMode.Test
 * only, so not in the installed package): the installed session leaves them out.
 */
export const TEST_HOOKS_TITLE = '(test hooks)';

/** The title words of the tests the restricted session runs (and the others leave out). */
export const RESTRICTED_MODE_TITLE = 'Restricted Mode';

export interface E2eTestResult {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface E2eResults {
  state: 'running' | 'done';
  /** Set when the suite itself could not run (mocha threw before or while loading tests). */
  crash?: string;
  passed: number;
  failed: number;
  pending: number;
  tests: E2eTestResult[];
  /** Mocha's spec reporter output, as it printed it. */
  output: string;
  /** process.env[CONFIG_ENV] as the extension host saw it: shows whether the variable got through. */
  configFromEnv: boolean;
  vscodeVersion: string;
}

/** A screenshot request: `<artifactsDir>/<name>.request` holds this; the launcher answers with `<name>.done`. */
export interface ScreenshotRequest {
  name: string;
  /** A CSS selector to wait for (visible) before taking the picture, e.g. '.monaco-hover'. */
  waitFor?: string;
  /** A CSS selector the launcher clicks first (the language status item's `{}` in the status bar). */
  click?: string;
}
