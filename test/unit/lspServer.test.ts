/**
 * The wiring of the language server (server.ts), in-process over two streams: what `initialize`
 * answers and reads from the client's capabilities, which documents it serves, the workspace
 * folder changes, the trust notification, the commands' refusals, and the events that re-check.
 * Unlike test/helpers/lsp.ts, each test picks the client's capabilities itself.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  ClientCapabilities,
  CodeActionRequest,
  CodeLens,
  CodeLensRequest,
  CompletionRequest,
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { setLocale } from '../../server/src/core/l10n';
import { setRelatedInformationSupport } from '../../server/src/lsp/diagnostics';
import { toPath, toUri } from '../../server/src/lsp/paths';
import { AddCaCertificateParams, AddCaResult, CertsdSettings, CheckedParams, ProbeResponse, CheckingParams, DEFAULT_SETTINGS, Notifications, Requests, Settings } from '../../server/src/protocol';
import { ServerOptions, startServer } from '../../server/src/server';
import { ecKey, selfSignedCa, serverCert } from '../helpers/pki';
import { makeProbePki, ProbePki, startTlsServer, TestServer } from '../helpers/probeServers';
import { tempTrees, TreeSpec } from '../helpers/tree';

/** The server's clock. */
const NOW = new Date('2026-06-01T00:00:00Z');
const RESTRICTED = 'This is not available in Restricted Mode: it changes files in the workspace. Trust this workspace to use it.';

interface Booted {
  connection: ProtocolConnection;
  init: InitializeResult;
  firstCheck: CheckedParams;
  checked: CheckedParams[];
  checking: CheckingParams[];
  logs: string[];
  /** The window/logMessage lines of type Error, in order. */
  errors: string[];
  /** Resolves once `errors` has more than `n` lines. */
  nextError(n: number): Promise<void>;
  diagnostics: Map<string, Diagnostic[]>;
  /** How many `workspace/configuration` and `workspace/codeLens/refresh` requests the server sent. */
  asked: { configuration: number; lensRefresh: number };
  registrations: string[];
  /** Set: the client answers `workspace/codeLens/refresh` with an error. */
  refreshFails?: boolean;
  /** What the client answers for the certsd section (change it, then send didChangeConfiguration). */
  settings: Partial<CertsdSettings>;
  /** Resolves at the next certsd/checked. */
  nextChecked(): Promise<CheckedParams>;
  /** Resolves at the next diagnostics of `file` that satisfy `until`. */
  diagnosticsOf(file: string, until: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  dispose(): void;
}

interface BootOptions {
  /** initialize's workspaceFolders (default: the tree's base); null sends none. */
  folders?: string[] | null;
  rootUri?: string | null;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  locale?: string;
  settings?: Partial<CertsdSettings>;
  server?: ServerOptions;
}

/** A client with configuration, workspace folders and related information, as VS Code. */
const VSCODE: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true },
  textDocument: { publishDiagnostics: { relatedInformation: true } },
};

/** A safety net only: every wait here ends on a message, long before this. */
function within<T>(p: Promise<T>, what: string, ms = 20000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function boot(base: string, o: BootOptions = {}): Promise<Booted> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { now: () => NOW, ...o.server });
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const checked: CheckedParams[] = [];
  const checking: CheckingParams[] = [];
  const logs: string[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const checkedWaiters: ((p: CheckedParams) => void)[] = [];
  const diagnosticWaiters: { file: string; until: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const asked = { configuration: 0, lensRefresh: 0 };
  const registrations: string[] = [];
  const b = {} as Booted;
  b.settings = { dockerStore: 'graphdriver', ...o.settings };
  connection.onNotification(Notifications.checked, (p: CheckedParams) => {
    checked.push(p);
    checkedWaiters.splice(0).forEach((w) => w(p));
  });
  connection.onNotification(Notifications.checking, (p: CheckingParams) => void checking.push(p));
  const errors: string[] = [];
  const errorWaiters: { n: number; resolve: () => void }[] = [];
  connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    logs.push(m.message);
    if (m.type !== 1) return;
    errors.push(m.message);
    for (const w of [...errorWaiters]) if (errors.length > w.n) (errorWaiters.splice(errorWaiters.indexOf(w), 1), w.resolve());
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const file = toPath(p.uri);
    diagnostics.set(file, p.diagnostics);
    for (const w of [...diagnosticWaiters]) {
      if (w.file === file && w.until(p.diagnostics)) {
        diagnosticWaiters.splice(diagnosticWaiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
    asked.configuration++;
    return params.items.map((i) => (i.section === Settings.section ? { ...DEFAULT_SETTINGS, ...b.settings } : null));
  });
  connection.onRequest('workspace/codeLens/refresh', () => {
    asked.lensRefresh++;
    if (b.refreshFails) throw new Error('no refresh today');
    return null;
  });
  connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
    registrations.push(...p.registrations.map((r) => r.method));
    return null;
  });
  connection.listen();
  Object.assign(b, {
    connection,
    checked,
    checking,
    logs,
    errors,
    nextError: (n: number) => (errors.length > n ? Promise.resolve() : new Promise<void>((resolve) => errorWaiters.push({ n, resolve }))),
    diagnostics,
    asked,
    registrations,
    nextChecked: () => within(new Promise<CheckedParams>((resolve) => checkedWaiters.push(resolve)), 'certsd/checked'),
    diagnosticsOf: (file: string, until: (d: Diagnostic[]) => boolean) => {
      const now = diagnostics.get(file);
      if (now && until(now)) return Promise.resolve(now);
      return within(new Promise<Diagnostic[]>((resolve) => diagnosticWaiters.push({ file, until, resolve })), `diagnostics of ${file}`);
    },
    dispose: () => {
      connection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  });
  const first = b.nextChecked();
  const folders = o.folders === undefined ? [base] : o.folders;
  b.init = await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: o.rootUri === undefined ? toUri(base) : o.rootUri,
    workspaceFolders: folders === null ? null : folders.map((f, i) => ({ uri: toUri(f), name: `folder ${i}` })),
    initializationOptions: o.initializationOptions === undefined ? { workspaceTrusted: true } : o.initializationOptions,
    locale: o.locale,
    capabilities: o.capabilities ?? VSCODE,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  b.firstCheck = await first;
  return b;
}

describe('the language server wiring (server.ts)', function () {
  this.timeout(60000);
  const tree = tempTrees();
  let caPem: string;
  let otherPem: string;
  const running: Booted[] = [];
  const start = async (base: string, o?: BootOptions) => {
    const b = await boot(base, o);
    running.push(b);
    return b;
  };
  before(async () => {
    // Valid around the server's pinned clock (NOW).
    const dates = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') };
    caPem = (await selfSignedCa({ commonName: 'Wiring CA', key: ecKey('P-256', 46), ...dates })).pem;
    otherPem = (await selfSignedCa({ commonName: 'Other CA', key: ecKey('P-256', 47), ...dates })).pem;
  });
  afterEach(() => {
    for (const b of running.splice(0)) b.dispose();
    // initialize sets two module-wide switches: back to what the other suites expect.
    setLocale(undefined);
    setRelatedInformationSupport(true);
  });

  /** A workspace with one Docker certs.d folder and one host folder holding a CA certificate. */
  const dockerTree = () => {
    const t = tree({ docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': caPem }, 'mirror.example.com': { 'ca.cert': caPem } } }, 'notes.pem': caPem });
    const root = t.path('docker', 'certs.d');
    return {
      base: t.base,
      root,
      host: path.join(root, 'reg.example.com'),
      ca: path.join(root, 'reg.example.com', 'ca.crt'),
      mirror: path.join(root, 'mirror.example.com'),
      misnamed: path.join(root, 'mirror.example.com', 'ca.cert'),
      notes: t.path('notes.pem'),
    };
  };
  /** The host folders the server lists, as [name, root]. */
  const hostList = async (b: Booted) =>
    (await b.connection.sendRequest<{ name: string; root: string; path: string; reference: string | null }[]>(Requests.listHostFolders)).map((h) => [h.name, h.root]).sort();
  const hoverText = async (b: Booted, file: string, position: unknown = { line: 1, character: 0 }) => {
    const h = await b.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(file) }, position } as never);
    return h === null ? null : JSON.stringify(h.contents);
  };

  describe('initialize', () => {
    it('answers with exactly the capabilities and the name of the server', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      assert.deepEqual(b.init, {
        capabilities: {
          textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
          hoverProvider: true,
          codeLensProvider: { resolveProvider: false },
          codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
          completionProvider: { triggerCharacters: ['"', '['], resolveProvider: false },
          documentSymbolProvider: true,
          foldingRangeProvider: true,
          executeCommandProvider: { commands: ['certsd.generateClientPair', 'certsd.generateCertificateForKey'] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'certsd-language-server' },
      });
    });

    it('checks the workspace folders, not rootUri, when the client sends both', async () => {
      const a = dockerTree();
      const other = tree({ containerd: { 'certs.d': { 'other.example.com': { 'ca.crt': otherPem } } } });
      const b = await start(a.base, { folders: [other.base], rootUri: toUri(a.base) });
      assert.deepEqual(await hostList(b), [['other.example.com', other.path('containerd', 'certs.d')]]);
      assert.deepEqual([b.firstCheck.full, b.firstCheck.roots, b.firstCheck.hosts], [true, 1, 1]);
    });

    it('checks rootUri when the client sends no workspace folders, and nothing when it sends neither', async () => {
      const a = dockerTree();
      const b = await start(a.base, { folders: null });
      assert.deepEqual(await hostList(b), [['mirror.example.com', a.root], ['reg.example.com', a.root]]);
      assert.deepEqual([b.firstCheck.full, b.firstCheck.roots, b.firstCheck.hosts], [true, 1, 2]);
      const none = await start(a.base, { folders: null, rootUri: null });
      assert.deepEqual(await hostList(none), []);
      assert.deepEqual([none.firstCheck.roots, none.firstCheck.hosts, none.firstCheck.files], [0, 0, 0]);
    });

    it('lists each host folder with its path, root and the reference a connection test uses', async () => {
      const t = tree({ containerd: { 'certs.d': { 'reg.example.com_5000_': { 'ca.crt': caPem }, _default: { 'ca.crt': caPem }, 'bad name!': { 'ca.crt': caPem } } } });
      const root = t.path('containerd', 'certs.d');
      const b = await start(t.base);
      const list = await b.connection.sendRequest<unknown[]>(Requests.listHostFolders);
      const byName = (x: unknown) => (x as { name: string }).name;
      assert.deepEqual(
        [...list].sort((x, y) => byName(x).localeCompare(byName(y))),
        [
          { path: path.join(root, '_default'), name: '_default', root, reference: null },
          { path: path.join(root, 'bad name!'), name: 'bad name!', root, reference: null },
          { path: path.join(root, 'reg.example.com_5000_'), name: 'reg.example.com_5000_', root, reference: 'reg.example.com:5000' },
        ],
      );
    });

    it('without the configuration capability, never asks for settings and checks again at every settings notification', async () => {
      const w = dockerTree();
      const b = await start(w.base, { capabilities: { workspace: { workspaceFolders: true } } });
      const again = b.nextChecked();
      await b.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      await again;
      const third = b.nextChecked();
      await b.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      await third;
      assert.equal(b.asked.configuration, 0);
      assert.deepEqual(b.checking, [{ reason: 'start' }, { reason: 'settings' }, { reason: 'settings' }]);
    });

    it('with the configuration capability, checks again only when the settings read differ', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      assert.equal(b.asked.configuration, 1);
      // Same settings, then a recheck: the recheck waits for the settings queue, so the order is known.
      await b.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      await b.connection.sendRequest(Requests.recheck);
      assert.equal(b.asked.configuration, 3, 'one read for the notification, one for the recheck');
      assert.deepEqual(b.checking, [{ reason: 'start' }, { reason: 'recheck' }]);
      b.settings = { ...b.settings, engine: 'podman' };
      const changed = b.nextChecked();
      await b.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      await changed;
      assert.deepEqual(b.checking, [{ reason: 'start' }, { reason: 'recheck' }, { reason: 'settings' }]);
      // Podman reads certs.d as its own: the host folders are checked as Podman's.
      assert.equal(b.checked.at(-1)!.full, true);
    });

    it('puts the engine and the fix into related information only when the client shows it', async () => {
      const w = dockerTree();
      const withRelated = await start(w.base);
      const [shown] = await withRelated.diagnosticsOf(w.misnamed, (d) => d.length > 0);
      assert.equal(shown.relatedInformation?.length, 1);
      const related = shown.relatedInformation![0].message;
      withRelated.dispose();
      for (const capabilities of [
        { workspace: { configuration: true } },
        { workspace: { configuration: true }, textDocument: {} },
        { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: false } } },
        { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: 'yes' as unknown as boolean } } },
      ]) {
        const b = await start(w.base, { capabilities });
        const [inline] = await b.diagnosticsOf(w.misnamed, (d) => d.length > 0);
        assert.equal(inline.relatedInformation, undefined, JSON.stringify(capabilities));
        assert.equal(inline.message, `${shown.message}\n${related}`);
        b.dispose();
      }
    });

    it('is in Restricted Mode unless initializationOptions say workspaceTrusted: true', async () => {
      const w = dockerTree();
      for (const initializationOptions of [null, {}, { workspaceTrusted: 'true' }, { workspaceTrusted: 1 }, { workspaceTrusted: false }]) {
        const b = await start(w.base, { initializationOptions });
        const r = await b.connection.sendRequest(ExecuteCommandRequest.type, { command: 'certsd.generateClientPair', arguments: [{ hostPath: w.host }] });
        assert.deepEqual(r, { ok: false, message: RESTRICTED }, JSON.stringify(initializationOptions));
        b.dispose();
      }
    });

    it("speaks the client's display language, from the l10nPath given or the extension's own bundles", async () => {
      const w = dockerTree();
      const own = tree({ 'bundle.l10n.zh-cn.json': JSON.stringify({ [RESTRICTED]: 'custom restricted text' }) });
      const refusal = async (initializationOptions: unknown) => {
        const b = await start(w.base, { locale: 'zh-cn', initializationOptions });
        const r = await b.connection.sendRequest(Requests.planDelete, { path: w.ca });
        b.dispose();
        return r;
      };
      assert.deepEqual(await refusal({ l10nPath: own.base }), { ok: false, message: 'custom restricted text' });
      assert.deepEqual(await refusal({ l10nPath: 42 }), { ok: false, message: '受限模式下不可用：此操作会修改工作区中的文件。请信任此工作区后再使用。' });
      assert.deepEqual(await refusal({}), { ok: false, message: '受限模式下不可用：此操作会修改工作区中的文件。请信任此工作区后再使用。' });
    });

    it('logs each full check and tells checking, then checked with the counts', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      assert.deepEqual(b.checking, [{ reason: 'start' }]);
      assert.deepEqual([b.firstCheck.full, b.firstCheck.roots, b.firstCheck.hosts, b.firstCheck.files], [true, 1, 2, 1], 'one file with problems: ca.cert');
      assert.match(b.logs.find((l) => l.startsWith('checked ')) ?? '', /^checked 1 certs\.d folder\(s\), 2 host folder\(s\) in \d+ ms$/);
      const next = b.nextChecked();
      await b.connection.sendRequest(Requests.recheck);
      assert.deepEqual((await next).full, true);
      assert.deepEqual(b.checking, [{ reason: 'start' }, { reason: 'recheck' }]);
      assert.equal(b.logs.filter((l) => l.startsWith('checked 1 certs.d folder(s), 2 host folder(s) in ')).length, 2);
    });
  });

  describe('which documents are served', () => {
    const none = async (b: Booted, uri: string) => {
      const td = { textDocument: { uri } };
      const at = { ...td, position: { line: 1, character: 0 } };
      return [
        await b.connection.sendRequest(HoverRequest.type, at),
        await b.connection.sendRequest(CodeLensRequest.type, td),
        await b.connection.sendRequest(DocumentSymbolRequest.type, td),
        await b.connection.sendRequest(FoldingRangeRequest.type, td),
        await b.connection.sendRequest(CompletionRequest.type, at),
        await b.connection.sendRequest(CodeActionRequest.type, { ...td, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }),
      ];
    };
    const NOTHING = [null, [], [], [], [], []];
    const outline = async (b: Booted, file: string) => (await b.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: toUri(file) } }))?.map((s) => s.name) ?? null;

    it('answers null or [] for a file outside the workspace and its certs.d folders, and for other schemes', async () => {
      const w = dockerTree();
      const outside = tree({ 'ca.crt': caPem });
      const b = await start(w.base);
      for (const uri of [toUri(outside.path('ca.crt')), toUri(w.ca) + '%00', toUri(w.host) + '/%00ca.crt', 'untitled' + toUri(w.ca).slice('file'.length), 'vscode-remote://h' + toUri(w.ca).slice('file://'.length), toUri(w.ca).toUpperCase().replace('FILE', 'x-file')]) {
        assert.deepEqual(await none(b, uri), NOTHING, uri);
      }
      // The same requests for the certificate itself do answer.
      const [h, , symbols, folds] = await none(b, toUri(w.ca));
      assert.match(JSON.stringify(h), /Wiring CA/);
      assert.deepEqual((symbols as { name: string }[]).map((s) => s.name), ['CERTIFICATE CN=Wiring CA']);
      assert.equal((folds as unknown[]).length, 1);
    });

    it('serves a file in a workspace folder outside any certs.d folder, and an open document outside the workspace', async () => {
      const w = dockerTree();
      const outside = tree({ 'ca.crt': caPem });
      const b = await start(w.base);
      assert.deepEqual(await outline(b, w.notes), ['CERTIFICATE CN=Wiring CA']);
      const file = outside.path('ca.crt');
      assert.deepEqual(await outline(b, file), []);
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: toUri(file), languageId: 'pem', version: 1, text: caPem } });
      assert.deepEqual(await outline(b, file), ['CERTIFICATE CN=Wiring CA']);
      await b.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: toUri(file), version: 2 }, contentChanges: [{ text: otherPem }] });
      assert.deepEqual(await outline(b, file), ['CERTIFICATE CN=Other CA'], 'the unsaved text');
      await b.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: toUri(file) } });
      assert.deepEqual(await outline(b, file), []);
    });

    it('serves a file of any one of several workspace folders', async () => {
      const w = dockerTree();
      const other = tree({ 'loose.pem': otherPem });
      const b = await start(w.base, { folders: [w.base, other.base] });
      assert.deepEqual(await outline(b, w.notes), ['CERTIFICATE CN=Wiring CA']);
      assert.deepEqual(await outline(b, other.path('loose.pem')), ['CERTIFICATE CN=Other CA']);
    });

    it('hovers at line 0 and character 0, and answers null for positions that are not non-negative whole numbers', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      assert.match((await hoverText(b, w.ca, { line: 0, character: 0 })) ?? 'null', /Wiring CA/);
      for (const position of [{ line: -1, character: 0 }, { line: 0, character: -1 }, { line: 0.5, character: 0 }, { line: 0, character: 1.5 }, { line: '1', character: 0 }, { line: 1, character: '0' }, { line: 2 ** 53, character: 0 }, { line: 1 }, { character: 0 }, {}, null]) {
        assert.equal(await hoverText(b, w.ca, position), null, JSON.stringify(position));
      }
    });

    it('completes an open hosts.toml only, at a valid position', async () => {
      const w = dockerTree();
      const t = tree({ containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': '' } } } });
      const toml = t.path('containerd', 'certs.d', 'reg.example.com', 'hosts.toml');
      const b = await start(t.base);
      const complete = async (position: unknown) => {
        const r = await b.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: toUri(toml) }, position } as never);
        return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
      };
      assert.deepEqual(await complete({ line: 0, character: 0 }), [], 'not open: no completion');
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: toUri(toml), languageId: 'toml', version: 1, text: '' } });
      const labels = await complete({ line: 0, character: 0 });
      assert.ok(labels.includes('server'), JSON.stringify(labels));
      for (const position of [{ line: -1, character: 0 }, { line: 0, character: -1 }, { line: 0.5, character: 0 }, null]) assert.deepEqual(await complete(position), [], JSON.stringify(position));
      void w;
    });

    it('answers [] to a code action request whose diagnostics are not a list', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      const [d] = await b.diagnosticsOf(w.misnamed, (x) => x.length > 0);
      const ask = (context: unknown) =>
        b.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: toUri(w.misnamed) }, range: d.range, context } as never) as Promise<{ title: string }[]>;
      assert.deepEqual((await ask({ diagnostics: [d] })).map((a) => a.title), ['Rename to ca.crt']);
      assert.deepEqual(await ask({ diagnostics: d }), []);
      assert.deepEqual(await ask({}), []);
      assert.deepEqual(await ask(null), []);
    });
  });

  describe('workspace folder changes', () => {
    it('checks the folders after a change: the removed ones go, the added ones come last', async () => {
      const a = dockerTree();
      const other = tree({ containerd: { 'certs.d': { 'other.example.com': { 'ca.crt': otherPem } } } });
      const otherRoot = other.path('containerd', 'certs.d');
      const b = await start(a.base);
      let next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: toUri(other.base), name: 'o' }], removed: [{ uri: toUri(a.base), name: 'a' }] } });
      assert.deepEqual([(await next).full, b.checked.at(-1)!.roots, b.checked.at(-1)!.hosts], [true, 1, 1]);
      assert.deepEqual(await hostList(b), [['other.example.com', otherRoot]]);
      assert.deepEqual(b.checking.at(-1), { reason: 'folders' });
      // Nothing removed: the folders add up; a folder removed that was never there changes nothing.
      next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: toUri(a.base), name: 'a' }], removed: [{ uri: toUri(path.join(a.base, 'nowhere')), name: 'n' }] } });
      await next;
      assert.deepEqual(await hostList(b), [['mirror.example.com', a.root], ['other.example.com', otherRoot], ['reg.example.com', a.root]]);
      // The outline of a file follows: the removed folder's loose PEM file is no longer served.
      next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [{ uri: toUri(a.base), name: 'a' }] } });
      await next;
      assert.deepEqual(await b.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: toUri(a.notes) } }), []);
      assert.deepEqual(b.registrations, [], 'the change notifications are announced in the capabilities, not registered');
    });

    it('ignores folder changes from a client that did not announce workspace folders', async () => {
      const a = dockerTree();
      const other = tree({ containerd: { 'certs.d': { 'other.example.com': { 'ca.crt': otherPem } } } });
      const b = await start(a.base, { capabilities: { workspace: { configuration: true } } });
      await b.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: toUri(other.base), name: 'o' }], removed: [{ uri: toUri(a.base), name: 'a' }] } });
      await b.connection.sendRequest(Requests.recheck);
      assert.deepEqual(await hostList(b), [['mirror.example.com', a.root], ['reg.example.com', a.root]]);
      assert.deepEqual(b.checking, [{ reason: 'start' }, { reason: 'recheck' }]);
    });
  });

  describe('workspace trust', () => {
    const lensCommands = async (b: Booted, file: string) =>
      ((await b.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: toUri(file) } })) as CodeLens[]).map((l) => l.command?.command ?? '');
    const fixTitles = async (b: Booted, file: string) => {
      const diagnostics = await b.diagnosticsOf(file, (d) => d.length > 0);
      const actions = (await b.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: toUri(file) }, range: diagnostics[0].range, context: { diagnostics } })) as { title: string }[];
      return actions.map((a) => a.title);
    };

    it('asks the client to refresh the lenses when the trust changes, and only then; lenses and fixes follow', async () => {
      const w = dockerTree();
      const b = await start(w.base, { capabilities: { ...VSCODE, workspace: { ...VSCODE.workspace, codeLens: { refreshSupport: true } } } });
      const trustedLenses = await lensCommands(b, w.ca);
      assert.ok(trustedLenses.includes('certsd.testConnection'), JSON.stringify(trustedLenses));
      assert.deepEqual(await fixTitles(b, w.misnamed), ['Rename to ca.crt']);
      const trust = async (p: unknown) => {
        await b.connection.sendNotification(Notifications.workspaceTrust, p);
        // A request after the notification: its answer comes after any refresh request the notification caused.
        await b.connection.sendRequest(Requests.listHostFolders);
        return b.asked.lensRefresh;
      };
      assert.equal(await trust({ trusted: true }), 0, 'no change');
      assert.equal(await trust({ trusted: false }), 1);
      const restrictedLenses = await lensCommands(b, w.ca);
      assert.ok(!restrictedLenses.includes('certsd.testConnection'), JSON.stringify(restrictedLenses));
      assert.notDeepEqual(restrictedLenses, trustedLenses);
      assert.notDeepEqual(await fixTitles(b, w.misnamed), ['Rename to ca.crt']);
      assert.deepEqual(await b.connection.sendRequest(ExecuteCommandRequest.type, { command: 'certsd.nope' }), { ok: false, message: RESTRICTED });
      assert.equal(await trust({ trusted: 'yes' }), 1, 'only true trusts');
      assert.equal(await trust({}), 1);
      assert.equal(await trust({ trusted: true }), 2);
      assert.deepEqual(await lensCommands(b, w.ca), trustedLenses);
      assert.deepEqual(await fixTitles(b, w.misnamed), ['Rename to ca.crt']);
    });

    it('logs a refresh the client refused, and carries on', async () => {
      const w = dockerTree();
      const b = await start(w.base, { capabilities: { ...VSCODE, workspace: { ...VSCODE.workspace, codeLens: { refreshSupport: true } } } });
      b.refreshFails = true;
      const logged = within(b.nextError(0), 'the error line');
      await b.connection.sendNotification(Notifications.workspaceTrust, { trusted: false });
      await logged;
      assert.deepEqual([b.asked.lensRefresh, b.errors.map((l) => l.split('\n')[0])], [1, ['refreshing code lenses failed: Error: Request workspace/codeLens/refresh failed with message: no refresh today']]);
      assert.deepEqual(await b.connection.sendRequest(Requests.planMove, { from: w.ca }), { ok: false, message: RESTRICTED });
    });

    it('does not ask for a refresh the client cannot do', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      await b.connection.sendNotification(Notifications.workspaceTrust, { trusted: false });
      assert.deepEqual(await b.connection.sendRequest(Requests.planMove, { from: w.ca }), { ok: false, message: RESTRICTED });
      assert.equal(b.asked.lensRefresh, 0);
    });
  });

  describe('events that check again', () => {
    it('checks an open file again when it is saved, without a file watcher event', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      assert.equal(b.diagnostics.get(w.ca), undefined, 'no problem: nothing published');
      const opened = b.nextChecked();
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: toUri(w.ca), languageId: 'pem', version: 1, text: caPem } });
      // Opening checks the file once; that check is over before the disk changes.
      await opened;
      assert.equal(b.diagnostics.get(w.ca), undefined);
      // Written by something else than the editor (no change of the document); then the editor saves.
      fs.writeFileSync(w.ca, 'not a certificate\n');
      const next = b.nextChecked();
      await b.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: toUri(w.ca) } });
      const d = await b.diagnosticsOf(w.ca, (x) => x.length > 0);
      assert.deepEqual(d.map((x) => x.code), ['ca-unusable']);
      assert.deepEqual([(await next).full, b.checked.at(-1)!.hosts], [false, 1]);
    });

    it('checks a file on disk change events', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      fs.writeFileSync(w.ca, 'not a certificate\n');
      await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(w.ca), type: FileChangeType.Changed }] });
      assert.deepEqual((await b.diagnosticsOf(w.ca, (x) => x.length > 0)).map((x) => x.code), ['ca-unusable']);
    });

    it('follows unsaved text while a document is open, and the disk again once it is closed', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      const uri = toUri(w.ca);
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: caPem } });
      await b.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'not a certificate\n' }] });
      assert.deepEqual((await b.diagnosticsOf(w.ca, (x) => x.length > 0)).map((x) => x.code), ['ca-unusable']);
      await b.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: otherPem }] });
      await b.diagnosticsOf(w.ca, (x) => x.length === 0);
      assert.match((await hoverText(b, w.ca)) ?? 'null', /Other CA/);
      await b.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await b.diagnosticsOf(w.ca, (x) => x.length === 0);
      assert.match((await hoverText(b, w.ca)) ?? 'null', /Wiring CA/, 'closed: the hover reads the disk');
      // And a close after unsaved broken text puts the disk's verdict back.
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text: caPem } });
      await b.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'broken\n' }] });
      await b.diagnosticsOf(w.ca, (x) => x.length > 0);
      await b.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      assert.deepEqual(await b.diagnosticsOf(w.ca, (x) => x.length === 0), []);
    });
  });

  describe('commands and plans', () => {
    const GOOD = { baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'client', validityDays: 30, mode: 'self-signed' };
    const run = (b: Booted, command: string, args?: unknown[]) => b.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
    const notHost = (dir: string) => ({ ok: false, message: `${dir} is not a host folder of a certs.d folder in this workspace: nothing was written.` });

    it('refuses every command in Restricted Mode with the same words, writing nothing', async () => {
      const w = dockerTree();
      const b = await start(w.base, { initializationOptions: { workspaceTrusted: false } });
      for (const [command, args] of [
        ['certsd.generateClientPair', [{ ...GOOD, hostPath: w.host }]],
        ['certsd.generateCertificateForKey', [{ keyPath: path.join(w.host, 'client.key'), commonName: 'x', validityDays: 30, mode: 'self-signed' }]],
        ['certsd.nope', undefined],
      ] as [string, unknown[] | undefined][]) {
        assert.deepEqual(await run(b, command, args), { ok: false, message: RESTRICTED }, command);
      }
      assert.deepEqual(fs.readdirSync(w.host), ['ca.crt']);
      for (const request of [Requests.planDelete, Requests.planMove, Requests.derToPem]) {
        assert.deepEqual(await b.connection.sendRequest(request, { path: w.ca, from: w.ca }), { ok: false, message: RESTRICTED }, request);
      }
    });

    it('refuses to generate anywhere but in a host folder it checks, naming the folder', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      for (const [hostPath, dir] of [
        [w.root, w.root],
        [w.base, w.base],
        [path.join(w.host, 'sub'), path.join(w.host, 'sub')],
        [path.join(w.host, '..', '..'), path.join(w.base, 'docker')],
        [path.join(w.base, 'notes.pem'), path.join(w.base, 'notes.pem')],
        [w.host + '/../../../elsewhere/', path.join(w.base, 'elsewhere') + '/'],
      ]) {
        assert.deepEqual(await run(b, 'certsd.generateClientPair', [{ ...GOOD, hostPath }]), notHost(dir), hostPath);
      }
      for (const [keyPath, dir] of [
        [path.join(w.base, 'x.key'), w.base],
        [path.join(w.host, 'sub', 'x.key'), path.join(w.host, 'sub')],
        [path.join(w.root, 'x.key'), w.root],
        [path.join(w.host, '..', 'x.key'), w.root],
      ]) {
        assert.deepEqual(await run(b, 'certsd.generateCertificateForKey', [{ keyPath, commonName: 'x', validityDays: 30, mode: 'self-signed' }]), notHost(dir), keyPath);
      }
      assert.deepEqual(fs.readdirSync(w.host), ['ca.crt']);
      assert.deepEqual(fs.readdirSync(w.root).sort(), ['mirror.example.com', 'reg.example.com']);
    });

    it("leaves a path that is not absolute, or no argument, to the command's own words", async () => {
      const w = dockerTree();
      const b = await start(w.base);
      const absolute = { ok: false, message: 'hostPath must be an absolute path' };
      assert.deepEqual(await run(b, 'certsd.generateClientPair', [{ ...GOOD, hostPath: 5 }]), absolute);
      assert.deepEqual(await run(b, 'certsd.generateClientPair', []), absolute);
      assert.deepEqual(await run(b, 'certsd.generateClientPair'), absolute);
      assert.deepEqual(await run(b, 'certsd.generateClientPair', [null]), absolute);
      const keyPath = { ok: false, message: 'keyPath must be the absolute path of a .key file' };
      assert.deepEqual(await run(b, 'certsd.generateCertificateForKey', [{ keyPath: 'client.key' }]), keyPath);
      assert.deepEqual(await run(b, 'certsd.generateCertificateForKey', [{ hostPath: w.host }]), keyPath);
      assert.deepEqual(await run(b, 'certsd.generateCertificateForKey', ['client.key']), keyPath);
      // In a host folder, the key itself is read by the command: it is not there.
      const missing = path.join(w.host, 'client.key');
      const r = (await run(b, 'certsd.generateCertificateForKey', [{ keyPath: missing, commonName: 'x', validityDays: 30, mode: 'self-signed' }])) as { ok: boolean; message: string };
      assert.deepEqual([r.ok, r.message.startsWith(`Cannot read ${missing}: `)], [false, true], r.message);
      assert.deepEqual(await run(b, 'certsd.nope', [{}]), { ok: false, message: 'unknown command certsd.nope' });
      // Another command's arguments are not looked at: it is unknown, whatever they name.
      for (const arg of [{ keyPath: path.join(w.base, 'x.key') }, { hostPath: w.base }]) {
        assert.deepEqual(await run(b, 'certsd.nope', [arg]), { ok: false, message: 'unknown command certsd.nope' }, JSON.stringify(arg));
      }
    });

    it('generates into a host folder it checks, and checks the new files', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      // A path that names a host folder once normalised passes this check; the command then asks for the plain path.
      const unplain = w.host + '/../reg.example.com';
      assert.deepEqual(await run(b, 'certsd.generateClientPair', [{ ...GOOD, hostPath: unplain }]), {
        ok: false,
        message: `${unplain} is not a plain path (no ".", ".." or trailing separator): name the host folder itself`,
      });
      const next = b.nextChecked();
      const r = await run(b, 'certsd.generateClientPair', [{ ...GOOD, hostPath: w.host }]);
      const key = path.join(w.host, 'client.key');
      const cert = path.join(w.host, 'client.cert');
      assert.deepEqual(r, { ok: true, written: [key, cert] });
      assert.deepEqual(fs.readdirSync(w.host).sort(), ['ca.crt', 'client.cert', 'client.key']);
      const checked = await next;
      assert.deepEqual([checked.full, checked.hosts], [false, 1]);
      // A certificate for a key of a checked host folder.
      fs.unlinkSync(cert);
      const again = b.nextChecked();
      const forKey = await run(b, 'certsd.generateCertificateForKey', [{ keyPath: key, commonName: 'client', validityDays: 30, mode: 'self-signed' }]);
      assert.deepEqual(forKey, { ok: true, written: [cert] });
      assert.deepEqual([(await again).full, b.checked.at(-1)!.hosts], [false, 1]);
    });

    it('plans DER to PEM only for a DER certificate it found, and says so for anything else', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      for (const file of [w.ca, path.join(w.base, 'nothing.der')]) {
        assert.deepEqual(await b.connection.sendRequest(Requests.derToPem, { path: file }), { ok: false, message: `${file} is not a DER certificate the checker found in a certs.d folder.` });
      }
    });
  });

  describe('a CA certificate added after a connection test', () => {
    const HOST = 'wiring.ports.test';
    let pki: ProbePki;
    let tls: TestServer;
    before(async () => {
      pki = await makeProbePki();
      // The registry leaves out the intermediate, which the folder has in a file Docker does not read: the connection test offers to add it to ca.crt.
      tls = await startTlsServer({ chain: [await serverCert(pki.intermediate, HOST, { key: pki.serverKey })], key: pki.serverKey });
    });
    after(() => tls.close());

    it('checks the host folder again once the certificate is written, and not for a refusal', async () => {
      const t = tree({ docker: { 'certs.d': { [HOST]: { 'ca.crt': pki.root.pem, 'intermediate.pem': pki.intermediate.pem } } } });
      const hostPath = t.path('docker', 'certs.d', HOST);
      const caFile = path.join(hostPath, 'ca.crt');
      const b = await start(t.base);
      const offer: AddCaCertificateParams = { path: caFile, pem: pki.intermediate.pem, sha256: crypto.createHash('sha256').update(pki.intermediate.der).digest('hex'), confirmed: true };
      // Not offered yet: refused, and nothing is scheduled (a change event right after checks alone, without an error).
      assert.equal((await b.connection.sendRequest<AddCaResult>(Requests.addCaCertificate, offer)).ok, false);
      let next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(caFile), type: FileChangeType.Changed }] });
      assert.deepEqual([(await next).full, b.checked.at(-1)!.hosts], [false, 1]);
      const probe = await b.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath, connectTo: `127.0.0.1:${tls.port}` });
      assert.equal(probe.ok, true, JSON.stringify(probe));
      const checks = b.checked.length;
      next = b.nextChecked();
      assert.deepEqual(await b.connection.sendRequest<AddCaResult>(Requests.addCaCertificate, offer), { ok: true, path: caFile, created: false, alreadyThere: false });
      assert.deepEqual([(await next).full, b.checked.at(-1)!.hosts, b.checked.length], [false, 1, checks + 1]);
      assert.deepEqual(b.logs.filter((l) => l.includes('failed')), []);
    });

    it('tests the connection for a host folder of no root it checks, as the engine its path says', async () => {
      const w = dockerTree();
      const elsewhere = tree({ containerd: { 'certs.d': { [HOST]: { 'ca.crt': pki.root.pem } } } });
      const b = await start(w.base);
      const probe = await b.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath: elsewhere.path('containerd', 'certs.d', HOST), connectTo: `127.0.0.1:${tls.port}` });
      assert.equal(probe.ok && probe.report.engine.split('@')[0], 'containerd', JSON.stringify(probe).slice(0, 300));
    });

    it('tests the connection as the engine the checks use for the root, from the roots setting', async () => {
      const t = tree({ mine: { 'certs.d': { [HOST]: { 'ca.crt': pki.root.pem } } } });
      const root = t.path('mine', 'certs.d');
      // Not in a workspace folder (whose search would read it as Docker's): only the setting names it.
      const b = await start(t.base, { folders: null, rootUri: null, settings: { roots: { containerd: [root] } } });
      assert.deepEqual(await hostList(b), [[HOST, root]]);
      const probe = await b.connection.sendRequest<ProbeResponse>(Requests.probe, { hostPath: path.join(root, HOST), connectTo: `127.0.0.1:${tls.port}` });
      assert.equal(probe.ok && probe.report.engine.split('@')[0], 'containerd', JSON.stringify(probe).slice(0, 300));
    });
  });

  describe('the rest of the wiring', () => {
    it('starts for a client that announces no capabilities at all, with the default settings', async () => {
      const t = tree({ containerd: { 'certs.d': { 'reg.example.com': { 'ca.crt': caPem } } } });
      const b = await start(t.base, { capabilities: {} });
      assert.deepEqual([b.firstCheck.full, b.firstCheck.roots, b.firstCheck.hosts], [true, 1, 1]);
      assert.equal(b.asked.configuration, 0);
      assert.deepEqual(await hostList(b), [['reg.example.com', t.path('containerd', 'certs.d')]]);
    });

    it('says how long a check took, in milliseconds since it started', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      const hour = 3_600_000;
      assert.ok(b.firstCheck.millis >= 0 && b.firstCheck.millis < hour, String(b.firstCheck.millis));
      const next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(w.ca), type: FileChangeType.Changed }] });
      const update = await next;
      assert.equal(update.full, false);
      assert.ok(update.millis >= 0 && update.millis < hour, String(update.millis));
    });

    it('answers null or [] to requests whose text document is missing or whose URI is not a string', async () => {
      const w = dockerTree();
      const b = await start(w.base);
      for (const td of [{}, { textDocument: null }, { textDocument: {} }, { textDocument: { uri: 42 } }, { textDocument: { uri: ['file:///'] } }]) {
        const what = JSON.stringify(td);
        assert.equal(await b.connection.sendRequest(HoverRequest.type, { ...td, position: { line: 1, character: 0 } } as never), null, what);
        assert.deepEqual(await b.connection.sendRequest(CodeLensRequest.type, td as never), [], what);
        assert.deepEqual(await b.connection.sendRequest(DocumentSymbolRequest.type, td as never), [], what);
        assert.deepEqual(await b.connection.sendRequest(FoldingRangeRequest.type, td as never), [], what);
      }
    });

    it("gives a quick fix's text edit the version of the open document it edits", async () => {
      const text = '[host."HTTPS://mirror.example.com"]\n  capabilities = ["pull"]\n';
      const t = tree({ containerd: { 'certs.d': { 'reg.example.com': { 'hosts.toml': text } } } });
      const toml = t.path('containerd', 'certs.d', 'reg.example.com', 'hosts.toml');
      const b = await start(t.base);
      const uri = toUri(toml);
      const edits = async () => {
        const diagnostics = await b.diagnosticsOf(toml, (d) => d.some((x) => x.code === 'hosts-toml-url'));
        const actions = (await b.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as {
          edit?: { documentChanges?: { textDocument: { uri: string; version: number | null } }[] };
        }[];
        return actions.flatMap((a) => a.edit?.documentChanges ?? []).map((c) => c.textDocument);
      };
      assert.deepEqual(await edits(), [{ uri, version: null }], 'not open: no version');
      await b.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 7, text } });
      assert.deepEqual(await edits(), [{ uri, version: 7 }]);
    });

    it('says again which folder was too deep to search when it looks for roots again, not at other changes', async () => {
      // 20 nested folders: the search stops below MAX_SEARCH_DEPTH (16).
      const spec: TreeSpec = { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': caPem } } } };
      let at = spec;
      for (let i = 0; i < 20; i++) at = at[`d${i}`] = {};
      const t = tree(spec);
      const root = t.path('docker', 'certs.d');
      const b = await start(t.base);
      const told = () => b.logs.filter((l) => l.includes('certsd.extraRoots')).length;
      assert.equal(told(), 1);
      let next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(path.join(root, 'reg.example.com', 'ca.crt')), type: FileChangeType.Changed }] });
      assert.equal((await next).full, false);
      assert.equal(told(), 1, 'a file changed: no new search');
      next = b.nextChecked();
      await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(root), type: FileChangeType.Changed }] });
      assert.equal((await next).full, true);
      assert.equal(told(), 2, 'the root changed: searched again, and said again');
    });

    describe('failed checks', () => {
      /** The disk, until `broken` is set: then every folder listing fails with an error that is no file system error. */
      const breakable = () => {
        const state = { broken: false as false | Error | string };
        const fs: ServerOptions['fs'] = {
          ...nodeFileSystem,
          readDir: (dir: string) => {
            if (state.broken) throw state.broken;
            return nodeFileSystem.readDir(dir);
          },
        };
        return { state, fs };
      };
      const errorLines = (b: Booted) => b.errors.map((l) => l.split('\n')[0]);

      it('logs a failed check, with the stack of the error, and keeps serving', async () => {
        const w = dockerTree();
        const disk = breakable();
        const b = await start(w.base, { server: { fs: disk.fs } });
        disk.state.broken = new Error('disk on fire');
        await assert.rejects(b.connection.sendRequest(Requests.recheck));
        assert.deepEqual(errorLines(b), ['checking the certs.d folders failed: Error: disk on fire']);
        assert.match(b.errors[0], /^checking the certs\.d folders failed: Error: disk on fire\n\s+at /);
        b.settings = { ...b.settings, engine: 'containerd' };
        await b.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
        await b.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [] } });
        await within(b.nextError(2), 'the third error line');
        // A thrown string has no stack: it is logged as it is.
        disk.state.broken = 'not an Error';
        const logged = within(b.nextError(3), 'the fourth error line');
        await b.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: toUri(w.root), type: FileChangeType.Created }] });
        await logged;
        assert.deepEqual(errorLines(b), [
          'checking the certs.d folders failed: Error: disk on fire',
          'checking the certs.d folders after a settings change failed: Error: disk on fire',
          'checking the certs.d folders failed: Error: disk on fire',
          'checking changed files failed: not an Error',
        ]);
        disk.state.broken = false;
        assert.match((await hoverText(b, w.ca)) ?? 'null', /Wiring CA/);
        const next = b.nextChecked();
        await b.connection.sendRequest(Requests.recheck);
        assert.deepEqual([(await next).full, b.checked.at(-1)!.hosts], [true, 2]);
      });
    });
  });
});
