/**
 * The VS Code side: starts the certs.d language server, forwards file events, and owns everything
 * that talks to the user (prompts for the generate commands, pickers, the clipboard).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands, InitializationOptions, MoveToHostFolderArgs, Notifications, PEM_LANGUAGE_ID, Requests, TestConnectionArgs, WorkspaceTrustParams } from '../../server/out/protocol';
import { askCertificateForKey, askClientPair, reportResult } from './prompts';
import { convertDerToPem } from './derToPem';
import { copyShellCommand } from './copyCommand';
import { openDockerCertsDir } from './dockerDir';
import { applyMove } from './move';
import { ConnectionTester } from './probe';
import { registerFileActions } from './fileActions';
import { registerRegistries } from './registries';
import { useTranslator } from './l10nPort';
import { registerStatusItem } from './statusItem';
import { trustedForWrites, whenTrusted } from './trust';

let client: LanguageClient | undefined;

/** Not contributed (no palette entry): how long activation took, for `npm run bench` (test/bench/activation.ts). */
const ACTIVATION_TIMES_COMMAND = 'certsd.activationTimes';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  useTranslator(vscode.l10n.t);
  const activateStarted = performance.now();
  const serverModule = fs.existsSync(path.join(__dirname, 'server.js'))
    ? path.join(__dirname, 'server.js') // the .vsix: esbuild puts server.js beside extension.js in dist/
    : context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    // --expose-gc: the server collects the garbage of a full check while idle (see server.ts).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc', '--nolazy', '--inspect=6019'] } },
  };
  // Restricted Mode: the server offers nothing that connects to a registry until the workspace is trusted.
  // l10nPath: the server reads the bundle of VS Code's display language (initialize's locale) there.
  const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted, l10nPath: context.asAbsolutePath('l10n') };
  const clientOptions: LanguageClientOptions = {
    initializationOptions,
    documentSelector: [
      { scheme: 'file', language: PEM_LANGUAGE_ID },
      { scheme: 'file', pattern: '**/certs.d/**' },
      // containerd's hosts.toml, whatever language VS Code gives it (1.100 ships no TOML one: plain
      // text), also in a workspace that is a single host folder.
      { scheme: 'file', pattern: '**/hosts.toml' },
    ],
    synchronize: {
      configurationSection: 'certsd',
      // Every change under the workspace: files never opened, binary ones, whole folders renamed.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*'),
    },
    // Hover Markdown is untrusted: it quotes certificate SANs and subjects, file and folder names and
    // hosts.toml values, any of which can be written as a link, an image or HTML. The server escapes
    // them (core/markdown.ts); here no command link runs and no HTML renders even if one slipped through.
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const c of hover?.contents ?? []) {
          if (c instanceof vscode.MarkdownString) {
            c.isTrusted = false;
            c.supportHtml = false;
          }
        }
        return hover;
      },
      // The generate commands run in the server; the questions are asked here first.
      executeCommand: async (command, args, next) => {
        if ((command === Commands.generateClientPair || command === Commands.generateCertificateForKey) && !trustedForWrites()) return undefined;
        if (command === Commands.generateClientPair) {
          const params = await askClientPair(client!, args[0]);
          return params ? reportResult(await withProgress(params.mode === 'csr' ? vscode.l10n.t('Generating {0} key and CSR', params.algorithm) : vscode.l10n.t('Generating {0} key and certificate', params.algorithm), () => next(command, [params]))) : undefined;
        }
        if (command === Commands.generateCertificateForKey) {
          const params = await askCertificateForKey(args[0]);
          return params ? reportResult(await withProgress(params.mode === 'csr' ? vscode.l10n.t('Generating CSR') : vscode.l10n.t('Generating certificate'), () => next(command, [params]))) : undefined;
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('certsd', 'certs.d', serverOptions, clientOptions);
  const tester = new ConnectionTester(() => client);
  registerFileActions(context, client);

  context.subscriptions.push(
    tester,
    vscode.commands.registerCommand(Commands.testConnection, (args?: TestConnectionArgs) => tester.run(args)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const params: WorkspaceTrustParams = { trusted: true };
      void client?.sendNotification(Notifications.workspaceTrust, params);
    }),
    vscode.commands.registerCommand(Commands.openDockerCertsDir, () => openDockerCertsDir(client)),
    vscode.commands.registerCommand(Commands.copyShellCommand, copyShellCommand),
    vscode.commands.registerCommand(Commands.moveToHostFolder, whenTrusted(moveToHostFolder)),
    vscode.commands.registerCommand(Commands.recheck, () => client?.sendRequest(Requests.recheck)),
    vscode.commands.registerCommand(Commands.convertDerToPem, whenTrusted((uri?: vscode.Uri) => convertDerToPem(client!, uri))),
  );
  registerRegistries(context, client);
  registerStatusItem(context);
  const ownWork = performance.now() - activateStarted;
  await client.start();
  // ownWork: activate()'s own code, before it waits for the language client; readyMs: until the
  // server answered initialize and the client is running (what activate() returns after).
  const times = { activateMs: ownWork, readyMs: performance.now() - activateStarted };
  context.subscriptions.push(vscode.commands.registerCommand(ACTIVATION_TIMES_COMMAND, () => times));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** RSA 4096 takes a second or two: say that something is happening. */
function withProgress<T>(title: string, work: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('certs.d: {0}...', title) }, work));
}

async function moveToHostFolder(args: MoveToHostFolderArgs): Promise<void> {
  const name = path.basename(args.from);
  if (args.folders.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Every host folder already has a {0}.', name));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    args.folders.map((f) => ({ label: path.basename(f), description: f })),
    {
      placeHolder: args.needsRoot
        ? vscode.l10n.t("Move {0} into which registry's folder? (The folder belongs to root: you get a sudo command to run.)", name)
        : vscode.l10n.t("Move {0} into which registry's folder?", name),
    },
  );
  if (!picked || !client) return;
  // The server looks again now (the folder may have changed since the action was offered): the edit, or the sudo command where root owns the folder.
  await applyMove(client, args.from, path.join(picked.description, name));
}
