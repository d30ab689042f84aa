/**
 * The real language server in-process: a server connection and a client connection joined by two
 * streams, with a real `initialize`. No VS Code needed.
 */
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  Diagnostic,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { startServer, ServerOptions } from '../../server/src/server';
import { toPath, toUri } from '../../server/src/lsp/paths';
import { CertsdSettings, CheckedParams, CheckingParams, DEFAULT_SETTINGS, ExplorerFilesParams, InitializationOptions, Notifications, Settings } from '../../server/src/protocol';

/**
 * The suites were written for moby's own loader (Docker with graph drivers); the containerd image
 * store, which Docker 29 assumes when nothing on the machine says otherwise, has its own tests.
 */
const TEST_DEFAULTS: Partial<CertsdSettings> = { dockerStore: 'graphdriver' };

export interface TestClient {
  connection: ProtocolConnection;
  /** Latest diagnostics by file path. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Resolves at the next diagnostics for a path that satisfy `until`. */
  waitForDiagnostics(path: string, until: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Resolves at the next `certsd/checked` notification. */
  nextChecked(timeoutMs?: number): Promise<CheckedParams>;
  /** Every `window/showMessage` the server sent, in order. */
  shownMessages: { type: number; message: string }[];
  /** Every `window/logMessage` line, in order. */
  logLines: string[];
  /** Every `certsd/explorerFiles` notification, in order (the first comes with the first check). */
  explorerFiles: ExplorerFilesParams[];
  /** Every `certsd/checked` and `certsd/checking` notification, in order. */
  checkedLog: CheckedParams[];
  checkingLog: CheckingParams[];
  /** Every `client/registerCapability` registration's method, in order. */
  registeredMethods: string[];
  /** Changes what `workspace/configuration` answers for the `certsd` section (send didChangeConfiguration yourself). */
  setSettings(settings: Partial<CertsdSettings>): void;
  dispose(): void;
}

export interface StartOptions extends ServerOptions {
  /** Overrides of DEFAULT_SETTINGS, answered for the `certsd` section. */
  settings?: Partial<CertsdSettings>;
  /**
   * Sent at `initialize` (the VS Code client sends the workspace's trust). Default: a trusted
   * workspace; Restricted Mode tests pass `{}` or `{ workspaceTrusted: false }`.
   */
  initializationOptions?: InitializationOptions;
  /** Announce `workspace.codeLens.refreshSupport`. */
  codeLensRefresh?: boolean;
  /** initialize's `locale`, as VS Code sends its display language (`zh-cn`). */
  locale?: string;
}

export async function startTestServer(workspaceFolder: string, options: StartOptions = {}): Promise<{ client: TestClient; firstCheck: CheckedParams }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // Readers and writers rather than raw streams: the server would call process.exit when a raw stream ends.
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), options);
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const diagnostics = new Map<string, Diagnostic[]>();
  const diagnosticWaiters: { path: string; until: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const checkedWaiters: ((p: CheckedParams) => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const path = toPath(p.uri);
    diagnostics.set(path, p.diagnostics);
    for (const w of [...diagnosticWaiters]) {
      if (w.path === path && w.until(p.diagnostics)) {
        diagnosticWaiters.splice(diagnosticWaiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.onNotification(Notifications.checked, (p: CheckedParams) => {
    checkedLog.push(p);
    checkedWaiters.splice(0).forEach((w) => w(p));
  });
  const explorerFiles: ExplorerFilesParams[] = [];
  connection.onNotification(Notifications.explorerFiles, (p: ExplorerFilesParams) => void explorerFiles.push(p));
  let settings: Partial<CertsdSettings> = { ...options.settings };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((i) => (i.section === Settings.section ? { ...DEFAULT_SETTINGS, ...TEST_DEFAULTS, ...settings } : null)),
  );
  const registeredMethods: string[] = [];
  connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
    registeredMethods.push(...p.registrations.map((r) => r.method));
    return null;
  });
  const checkedLog: CheckedParams[] = [];
  const checkingLog: CheckingParams[] = [];
  connection.onNotification(Notifications.checking, (p: CheckingParams) => void checkingLog.push(p));
  const shownMessages: { type: number; message: string }[] = [];
  const logLines: string[] = [];
  connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
    shownMessages.push(m);
  });
  connection.onNotification('window/logMessage', (m: { message: string }) => {
    logLines.push(m.message);
    if (process.env.CERTSD_TEST_LOG) console.error(m.message);
  });
  connection.listen();

  /** `p`, or a rejection after `ms`; the timer is cleared as soon as either settles, so none outlives its test. */
  const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  };
  const client: TestClient = {
    connection,
    diagnostics,
    shownMessages,
    logLines,
    explorerFiles,
    checkedLog,
    checkingLog,
    registeredMethods,
    setSettings(next) {
      settings = { ...next };
    },
    waitForDiagnostics(path, until, timeoutMs = 2000) {
      const current = diagnostics.get(path);
      if (current && until(current)) return Promise.resolve(current);
      return withTimeout(new Promise((resolve) => diagnosticWaiters.push({ path, until, resolve })), timeoutMs, `diagnostics of ${path}`);
    },
    nextChecked(timeoutMs = 10000) {
      return withTimeout(new Promise((resolve) => checkedWaiters.push(resolve)), timeoutMs, 'certsd/checked');
    },
    dispose() {
      connection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
  const checked = client.nextChecked();
  await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: toUri(workspaceFolder),
    workspaceFolders: [{ uri: toUri(workspaceFolder), name: 'test' }],
    initializationOptions: options.initializationOptions ?? { workspaceTrusted: true },
    locale: options.locale,
    capabilities: {
      workspace: {
        configuration: true,
        ...(options.codeLensRefresh ? { codeLens: { refreshSupport: true } } : {}),
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      },
      textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return { client, firstCheck: await checked };
}

/**
 * The whole text of a diagnostic (the engine's error quoted, the fix): its related information,
 * one entry a line. The message itself is the one-sentence summary.
 */
export function relatedText(d: { relatedInformation?: { message: string }[] }): string {
  return (d.relatedInformation ?? []).map((r) => r.message).join('\n');
}
