/**
 * The certs.d language server: wires LSP handlers to the providers in lsp/, and nothing else.
 * `node server/out/server.js --stdio` starts it; tests call startServer() on in-memory streams.
 */
import {
  CancellationToken,
  CodeActionKind,
  CodeLensRefreshRequest,
  Connection,
  createConnection,
  InitializeResult,
  Position,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorFileSystemView, nodeFileSystem } from './core/fsview';
import { addCaCertificate, OfferedCaCertificates } from './lsp/addCa';
import { codeActions } from './lsp/codeActions';
import { alreadyConvertedPlan, derToPemFixFor, planDerToPem } from './lsp/derToPem';
import { ExplorerFilesNotifier } from './lsp/explorerFiles';
import { planDelete } from './lsp/planDelete';
import { dockerCertsDir } from './lsp/dockerDir';
import { planMove } from './lsp/planMove';
import { planHostFolderRequest, registries } from './lsp/registries';
import { codeLenses } from './lsp/codeLens';
import { hostsTomlCompletions } from './lsp/completion';
import { generateCertificateForKeyCommand, generateClientPairCommand } from './lsp/commands';
import { DiagnosticsProvider, setRelatedInformationSupport } from './lsp/diagnostics';
import { hover, warmUpHover } from './lsp/hover';
import { OverlayFileSystem } from './lsp/overlayFs';
import { isUnder, toPath } from './lsp/paths';
import { Scheduler } from './lsp/scheduler';
import { indexedDocuments } from './lsp/textDocument';
import { readSettings } from './lsp/settings';
import { checkSummary } from './lsp/checkSummary';
import { handleProbeRequest, probeableFolder, referenceOfFolder } from './lsp/probe';
import { documentSymbols, foldingRanges } from './lsp/symbols';
import { TooDeepNotice } from './lsp/tooDeepNotice';
import { CertsdWorkspace } from './lsp/workspace';
import { defaultL10nDir, setLocale, t } from './core/l10n';
import {
  AddCaCertificateParams,
  AddCaResult,
  CertsdSettings,
  CheckedParams,
  CheckingParams,
  Commands,
  DeletePlan,
  DerToPemPlan,
  DockerCertsDirResult,
  DEFAULT_SETTINGS,
  GenerateCertificateForKeyParams,
  GenerateClientPairParams,
  HostFolder,
  HostFolderPlan,
  InitializationOptions,
  MovePlan,
  Notifications,
  ProbeRequestParams,
  ProbeResponse,
  Requests,
  RESTRICTED_MODE_WRITE_MESSAGE,
  SERVER_COMMANDS,
  WorkspaceTrustParams,
} from './protocol';

export interface ServerOptions {
  /** The clock (tests pin it). */
  now?: () => Date;
  /**
   * The disk: every read of the server, and every "is this name taken?" and "can the user write
   * here?" behind a quick fix, goes through it (unsaved documents are laid over it for the checks).
   * Tests pass an in-memory one, or stand in for a root-owned /etc/docker/certs.d. The writes the
   * user asks for (generate, add a CA certificate) go through the core's own write ports, to disk.
   */
  fs?: EditorFileSystemView;
  /** The environment the standard roots are found from ($HOME, $XDG_CONFIG_HOME; tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const now = options.now ?? (() => new Date());
  // TextDocument's behaviour with a line table that a 50 MB bundle does not freeze on (lsp/textDocument.ts).
  const documents = new TextDocuments(indexedDocuments);
  const disk = options.fs ?? nodeFileSystem;
  const fs = new OverlayFileSystem(documents, disk);
  const workspace = new CertsdWorkspace(fs, now, { ...DEFAULT_SETTINGS });
  const diagnostics = new DiagnosticsProvider(connection, workspace);
  let hasConfiguration = false;
  let hasWorkspaceFolders = false;
  let hasCodeLensRefresh = false;
  // Restricted Mode: nothing that opens a network connection until the client says the workspace is trusted.
  let trusted = false;

  const tooDeep = new TooDeepNotice(connection);
  const explorer = new ExplorerFilesNotifier(connection);

  const fullCheck = async (reason: CheckingParams['reason'], settings?: CertsdSettings) => {
    const started = Date.now();
    // Not awaited: without a settings request, the check must start before the next message is handled
    // (a command right after `initialized` finds the host folders checked, as before).
    void connection.sendNotification(Notifications.checking, { reason } satisfies CheckingParams).catch(reportError('announcing a check'));
    workspace.settings = settings ?? (hasConfiguration ? await readSettings(connection) : workspace.settings);
    workspace.checkAll();
    tooDeep.tell(workspace.tooDeep);
    const files = await diagnostics.publishAll();
    await explorer.tell(workspace);
    const hosts = [...workspace.roots.values()].reduce((n, r) => n + r.hosts.size, 0);
    const params: CheckedParams = { full: true, roots: workspace.roots.size, hosts, files, millis: Date.now() - started, summary: checkSummary(workspace, diagnostics.totals()) };
    connection.console.log(`checked ${params.roots} certs.d folder(s), ${hosts} host folder(s) in ${params.millis} ms`);
    await connection.sendNotification(Notifications.checked, params);
    // A full check leaves megabytes of parsed certificates behind: collect them now, while idle,
    // rather than in the middle of the first edit (the client starts us with --expose-gc).
    setImmediate(() => (globalThis as { gc?: () => void }).gc?.());
  };
  const reportError = (what: string) => (e: unknown) => {
    try {
      connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // The connection is closed (the client went away mid-check): nobody is left to tell.
    }
  };
  // Checks run from notifications: a failure is logged, never left to end the process.
  const checkAllLogged = (reason: CheckingParams['reason']) => fullCheck(reason).catch(reportError('checking the certs.d folders'));
  /**
   * workspace/didChangeConfiguration: one check per change of the certsd settings. The client sends
   * the notification for its `synchronize.configurationSection` (once right after start-up too, and
   * a second time when a server also registers for it dynamically, which this one no longer does);
   * settings read equal to those of the last check are no change, so nothing runs twice. Serialised:
   * two notifications in a row compare against each other's settings, not both against the old ones.
   */
  let settingsQueue: Promise<void> = Promise.resolve();
  const settingsChanged = () => {
    settingsQueue = settingsQueue.then(async () => {
      if (!hasConfiguration) return void (await fullCheck('settings'));
      const next = await readSettings(connection);
      if (JSON.stringify(next) === JSON.stringify(workspace.settings)) return;
      await fullCheck('settings', next);
    }).catch(reportError('checking the certs.d folders after a settings change'));
  };
  const scheduler = new Scheduler(async (paths) => {
    const started = Date.now();
    const result = workspace.update(paths);
    if (result.rediscovered) tooDeep.tell(workspace.tooDeep);
    const files = result.rediscovered ? await diagnostics.publishAll() : await diagnostics.publish(result.paths);
    await explorer.tell(workspace);
    const params: CheckedParams = { full: result.rediscovered, roots: workspace.roots.size, hosts: result.hosts, files, millis: Date.now() - started, summary: checkSummary(workspace, diagnostics.totals()) };
    await connection.sendNotification(Notifications.checked, params);
  }, reportError('checking changed files'));

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => toPath(f.uri)) ?? (params.rootUri ? [toPath(params.rootUri)] : []);
    workspace.setFolders(folders);
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    hasCodeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    setRelatedInformationSupport(params.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true);
    const options = params.initializationOptions as InitializationOptions | undefined;
    trusted = options?.workspaceTrusted === true;
    // VS Code's display language (`zh-cn`); messages without a translation, and engine quotes, stay English.
    setLocale(params.locale, typeof options?.l10nPath === 'string' ? options.l10nPath : defaultL10nDir());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        // hosts.toml: `"` opens a path or capability list, `[` a table or an array.
        completionProvider: { triggerCharacters: ['"', '['], resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        executeCommandProvider: { commands: [...SERVER_COMMANDS] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'certsd-language-server' },
    };
  });

  connection.onInitialized(async () => {
    // No dynamic registration for workspace/didChangeConfiguration: the client's
    // synchronize.configurationSection already sends it, for the certsd section only; registering
    // here as well made VS Code send every change twice (two checks), and changes of any section.
    if (hasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const added = e.added.map((f) => toPath(f.uri));
      const removed = new Set(e.removed.map((f) => toPath(f.uri)));
      workspace.setFolders([...workspace.folderList().filter((f) => !removed.has(f)), ...added]);
      void checkAllLogged('folders');
    });
    // In the settings queue, so that the client's first didChangeConfiguration (sent right after
    // `initialized`) finds these settings and checks nothing again.
    settingsQueue = settingsQueue.then(() => checkAllLogged('start'));
    await settingsQueue;
  });

  connection.onDidChangeConfiguration(settingsChanged);
  connection.onDidChangeWatchedFiles((e) => scheduler.add(e.changes.map((c) => toPath(c.uri))));
  // Hover, outline and folding share one index of a document's blocks per version (workspace.documentIndex).
  const open = new Map<string, TextDocument>();
  workspace.documentVersion = (p) => open.get(p)?.version;
  workspace.openDocument = (p) => open.get(p);
  documents.onDidChangeContent((e) => {
    const p = toPath(e.document.uri);
    open.set(p, e.document);
    // The index of the last version holds its text (50 MB for a big bundle): let it go now.
    workspace.forgetDocument(p);
    scheduler.add([p]);
  });
  // Hovers come after a document opens: load what they need then, not at start-up.
  const warmUp = documents.onDidOpen((e) => {
    warmUp.dispose();
    setImmediate(() => warmUpHover(workspace, toPath(e.document.uri)));
  });
  documents.onDidSave((e) => scheduler.add([toPath(e.document.uri)]));
  documents.onDidClose((e) => {
    open.delete(toPath(e.document.uri));
    workspace.forgetDocument(toPath(e.document.uri));
    scheduler.add([toPath(e.document.uri)]);
  });

  /**
   * The path a request is about, when this server should read it: a file: URI of an open document,
   * or inside a workspace folder or a checked certs.d folder. Anything else (another scheme,
   * /dev/zero, /proc/self/environ, a malformed URI) is answered with nothing, without reading it.
   */
  const served = (p: unknown): string | undefined => {
    const uri = (p as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
    let file: string;
    try {
      file = toPath(uri);
    } catch {
      return undefined;
    }
    if (!nodePath.isAbsolute(file) || file.includes('\0')) return undefined;
    if (documents.get(uri) || workspace.rootOf(file) || workspace.folderList().some((f) => isUnder(file, f))) return file;
    return undefined;
  };
  const validPosition = (x: unknown): x is Position => {
    const q = x as Position | null;
    return !!q && Number.isSafeInteger(q.line) && Number.isSafeInteger(q.character) && q.line >= 0 && q.character >= 0;
  };
  connection.onHover((p) => {
    const file = served(p);
    return file && validPosition(p.position) ? hover(workspace, file, p.position, now()) : null;
  });
  connection.onCodeLens((p) => {
    const file = served(p);
    return file ? codeLenses(workspace, file, { testConnection: trusted, restricted: !trusted }) : [];
  });
  connection.onNotification(Notifications.workspaceTrust, (p: WorkspaceTrustParams) => {
    if (trusted === (p.trusted === true)) return;
    trusted = p.trusted === true;
    if (hasCodeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(reportError('refreshing code lenses'));
  });
  connection.onCodeAction((p) => !served(p) || !Array.isArray(p.context?.diagnostics) ? [] : codeActions(workspace, p, { documentVersion: (uri) => documents.get(uri)?.version, restricted: !trusted }));
  connection.onCompletion((p) => {
    const file = served(p);
    // Completion is asked for open documents only.
    const doc = file && validPosition(p.position) ? documents.get(p.textDocument.uri) : undefined;
    return file && doc ? hostsTomlCompletions(workspace, file, doc.getText(), p.position) : [];
  });
  connection.onDocumentSymbol((p) => {
    const file = served(p);
    return file ? documentSymbols(workspace, file) : [];
  });
  connection.onFoldingRanges((p) => {
    const file = served(p);
    return file ? foldingRanges(workspace, file) : [];
  });
  connection.onRequest(Requests.listHostFolders, (): HostFolder[] =>
    [...workspace.roots.values()].flatMap((r) => [...r.hosts.values()].map((h) => ({ path: h.dir.path, name: h.dir.name, root: r.root.path, reference: probeableFolder(h.dir.name) ? referenceOfFolder(h.dir.name) : null }))),
  );
  connection.onRequest(Requests.registries, () => registries(workspace));
  connection.onRequest<HostFolderPlan, void>(Requests.planHostFolder, (p: unknown): HostFolderPlan => planHostFolderRequest(workspace, p));
  // Only when the user asks ("Test connection"); cancelling the request closes the connection.
  const offeredCaCertificates = new OfferedCaCertificates();
  connection.onRequest(Requests.probe, async (p: ProbeRequestParams, token: CancellationToken): Promise<ProbeResponse> => {
    const response = await handleProbeRequest(p, { settings: () => workspace.settings, trusted: () => trusted, engineOfRoot: (root) => workspace.roots.get(root)?.location.engine, fs: disk }, token);
    if (response.ok) offeredCaCertificates.remember(response.report);
    return response;
  });
  // After the user confirmed, in the client, a certificate the probe above offered.
  connection.onRequest<AddCaResult, void>(Requests.addCaCertificate, (p: AddCaCertificateParams): AddCaResult => {
    const result = addCaCertificate(p, offeredCaCertificates);
    if (result.ok && !result.alreadyThere) scheduler.add([result.path]);
    return result;
  });
  connection.onRequest(Requests.dockerCertsDir, (): DockerCertsDirResult => dockerCertsDir(disk, options.env ?? process.env));
  // Restricted Mode: no plan for changing files (the client asks only after its own trust check; this is the second one).
  const restrictedPlan = () => ({ ok: false as const, message: t(RESTRICTED_MODE_WRITE_MESSAGE) });
  connection.onRequest<DeletePlan, void>(Requests.planDelete, (p: unknown): DeletePlan => (trusted ? planDelete(workspace, p) : restrictedPlan()));
  connection.onRequest<MovePlan, void>(Requests.planMove, (p: unknown): MovePlan => (trusted ? planMove(fs, p) : restrictedPlan()));
  // In the settings queue: a "Check again" right after a settings change waits for that check, and runs once.
  connection.onRequest(Requests.recheck, async () => {
    const run = settingsQueue.then(() => fullCheck('recheck'));
    settingsQueue = run.catch(reportError('checking the certs.d folders'));
    await run;
  });
  connection.onRequest<DerToPemPlan, void>(Requests.derToPem, (p: { path: string }): DerToPemPlan => {
    if (!trusted) return restrictedPlan();
    const fix = derToPemFixFor(workspace, p.path);
    if (!fix) return alreadyConvertedPlan(workspace, p.path) ?? { ok: false, message: t('{0} is not a DER certificate the checker found in a certs.d folder.', p.path) };
    return planDerToPem(workspace, fix);
  });
  // The generate commands write: only into a host folder of a certs.d folder this server checks,
  // whatever the arguments say (a client, or anything that can send us a command, may be hostile).
  const isCheckedHostFolder = (dir: string) => workspace.hostOf(dir)?.host.dir.path === dir;
  const outsideHostFolder = (arg: unknown, key: 'hostPath' | 'keyPath'): string | undefined => {
    const value = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string' || !nodePath.isAbsolute(value)) return undefined; // the command's own checks say what is wrong
    const dir = key === 'hostPath' ? nodePath.normalize(value) : nodePath.dirname(nodePath.normalize(value));
    return isCheckedHostFolder(dir) ? undefined : `${dir} is not a host folder of a certs.d folder in this workspace: nothing was written.`;
  };
  connection.onExecuteCommand(async (p) => {
    const arg = (p.arguments ?? [])[0];
    const roots = [...workspace.roots.values()].map((r) => r.root.path);
    const refused = !trusted
      ? t(RESTRICTED_MODE_WRITE_MESSAGE)
      : p.command === Commands.generateClientPair ? outsideHostFolder(arg, 'hostPath') : p.command === Commands.generateCertificateForKey ? outsideHostFolder(arg, 'keyPath') : undefined;
    const result = refused
      ? { ok: false as const, message: refused }
      : p.command === Commands.generateClientPair
        ? await generateClientPairCommand(arg as GenerateClientPairParams, now(), roots)
        : p.command === Commands.generateCertificateForKey
          ? await generateCertificateForKeyCommand(arg as GenerateCertificateForKeyParams, now(), roots, disk)
          : { ok: false as const, message: `unknown command ${p.command}` };
    if (result.ok) scheduler.add(result.written);
    return result;
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * `--stdio`: the connection over our own reader, so that a framing error (no, a non-numeric or a
 * wrong `Content-Length`, a body that is not JSON) ends the process with exit code 1. The reader
 * reports such an error and then waits for bytes that will never frame a message again: the server
 * would look alive and answer nothing. Exiting lets the client see it and start a new server.
 * Other transports (VS Code starts us with --node-ipc) keep the library's own connection.
 */
/** What `--stdio` takes from the process: its streams, exit and console (tests pass their own). */
export interface StdioPorts {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: { write(text: string): unknown };
  exit: (code: number) => void;
  console: Pick<Console, 'log' | 'info' | 'debug' | 'warn' | 'error'>;
}

export function stdioConnection(io: StdioPorts = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, exit: (code) => process.exit(code), console }): Connection {
  const reader = new StreamMessageReader(io.stdin);
  const writer = new StreamMessageWriter(io.stdout);
  const fail = (why: string) => {
    io.stderr.write(`certsd-language-server: ${why}; exiting so that the client can restart the server\n`);
    io.exit(1);
  };
  // The error's first line names the bad header; what it quotes is dropped, from the first double
  // quote to the last (or to the end), since a JSON error quotes the body, which can hold a
  // document's text (a key file's, say), and the body's own quotes within it pair up with nothing.
  reader.onError((e) => fail(`cannot read a JSON-RPC message from stdin (${String(e.message).split('\n')[0].replace(/".*"|"[^"]*$/, '"..."').slice(0, 160)})`));
  writer.onError(([e]) => fail(`cannot write to stdout (${e.message})`));
  // stdout carries the protocol: anything a library prints goes to stderr instead.
  for (const m of ['log', 'info', 'debug', 'warn'] as const) io.console[m] = io.console.error;
  let shutdown = false;
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  connection.onShutdown(() => void (shutdown = true));
  io.stdin.on('end', () => io.exit(shutdown ? 0 : 1));
  io.stdin.on('close', () => io.exit(shutdown ? 0 : 1));
  return connection;
}

if (require.main === module) startServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all));
