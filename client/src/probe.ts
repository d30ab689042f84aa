/**
 * "Test connection" in the editor (issue 8): asks which host folder (and, optionally, where to
 * connect instead) when the arguments leave it out, runs the server's probe under a progress
 * notification whose Cancel closes the connection, writes the full report to the output channel
 * "certs.d: connection test", and shows the one-line verdict with buttons for the fixes the report
 * carries. Nothing here connects anywhere unless the user asked, and never in Restricted Mode.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  AddCaCertificateParams,
  AddCaResult,
  AdviceFix,
  DEFAULT_PROBE_TIMEOUT_SECONDS,
  HostFolder,
  MAX_PROBE_TIMEOUT_SECONDS,
  ProbeRequestParams,
  ProbeResponse,
  Requests,
  RESTRICTED_MODE_PROBE_MESSAGE,
  Settings,
  TestConnectionArgs,
  TestConnectionResult,
} from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';
import { applyMove } from './move';

// Not translated: the channel's name is how the README and the tests find it.
export const OUTPUT_CHANNEL_NAME = 'certs.d: connection test';

type AddCaFix = Extract<AdviceFix, { kind: 'add-ca' }>;

function timeoutSetting(): number {
  const v = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.probeTimeoutSeconds, DEFAULT_PROBE_TIMEOUT_SECONDS);
  return typeof v === 'number' && v > 0 && v <= MAX_PROBE_TIMEOUT_SECONDS ? v : DEFAULT_PROBE_TIMEOUT_SECONDS;
}

/** The host folder: the active file's first, then the others; containerd's `_default` is no registry. */
async function pickHostFolder(client: LanguageClient): Promise<HostFolder | undefined> {
  const hosts = (await client.sendRequest<HostFolder[]>(Requests.listHostFolders)).filter((h) => h.reference !== null);
  if (hosts.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No certs.d host folder in this workspace to test: create one named after the registry (e.g. certs.d/registry.example.com:5000).'));
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const current = active ? hosts.find((h) => path.dirname(active) === h.path) : undefined;
  const ordered = current ? [current, ...hosts.filter((h) => h !== current)] : hosts;
  const picked = await vscode.window.showQuickPick(
    ordered.map((h) => ({ label: h.reference!, description: h === current ? vscode.l10n.t("{0} (the open file's folder)", h.path) : h.path, host: h })),
    { placeHolder: vscode.l10n.t('Test the connection to which registry? (with the TLS settings of its certs.d folder)'), matchOnDescription: true },
  );
  return picked?.host;
}

/** ADDR:PORT, `[v6]:PORT`, or empty (connect to the registry's own address). */
function validConnectTo(v: string): string | undefined {
  const s = v.trim();
  if (s === '') return undefined;
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d+)$/.exec(s);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? undefined : vscode.l10n.t('ADDR:PORT (e.g. 127.0.0.1:5000), or nothing to connect to the registry itself');
}

async function askConnectTo(reference: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Test connection to {0}', reference),
    prompt: vscode.l10n.t('Connect to another address instead (a tunnel, split DNS)? The name checked in the certificate stays {0}. Leave empty to connect to {0} itself.', reference),
    placeHolder: vscode.l10n.t('ADDR:PORT (optional)'),
    value: '',
    validateInput: validConnectTo,
  });
}

/** The request from the arguments, or from the user's answers (undefined: they dismissed a question). */
async function resolveParams(client: LanguageClient, args: TestConnectionArgs | undefined): Promise<ProbeRequestParams | undefined> {
  const timeoutSeconds = args?.timeoutSeconds ?? timeoutSetting();
  if (args?.hostPath || args?.host) return { ...args, timeoutSeconds };
  const host = await pickHostFolder(client);
  if (!host) return undefined;
  const connectTo = await askConnectTo(host.reference!);
  if (connectTo === undefined) return undefined;
  return { hostPath: host.path, ...(connectTo.trim() ? { connectTo: connectTo.trim() } : {}), timeoutSeconds };
}

function titleOf(p: ProbeRequestParams): string {
  const ref = p.host ?? (p.hostPath ? path.basename(p.hostPath) : '');
  return p.connectTo ? vscode.l10n.t('{0} (connecting to {1})', ref, p.connectTo) : ref;
}

export class ConnectionTester {
  private readonly output: vscode.OutputChannel;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  }

  dispose(): void {
    this.output.dispose();
  }

  /** certsd.testConnection: returns what the server answered, for callers and tests. */
  async run(args?: TestConnectionArgs): Promise<TestConnectionResult> {
    if (!vscode.workspace.isTrusted) {
      const message = vscode.l10n.t(RESTRICTED_MODE_PROBE_MESSAGE);
      void vscode.window.showWarningMessage(message);
      return { ok: false, message };
    }
    const client = this.client();
    if (!client) return undefined;
    const params = await resolveParams(client, args);
    if (!params) return undefined;
    return this.probe(client, params);
  }

  private async probe(client: LanguageClient, params: ProbeRequestParams): Promise<ProbeResponse> {
    const response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('certs.d: testing the connection to {0}', titleOf(params)), cancellable: true },
      async (_progress, token): Promise<ProbeResponse> => {
        try {
          // The token reaches the server as $/cancelRequest, which aborts the connection there.
          return await client.sendRequest<ProbeResponse>(Requests.probe, params, token);
        } catch (e) {
          if (token.isCancellationRequested) return { ok: false, message: vscode.l10n.t('Cancelled.'), cancelled: true };
          return { ok: false, message: vscode.l10n.t('The connection test failed: {0}', e instanceof Error ? e.message : String(e)) };
        }
      },
    );
    if (!response.ok) {
      if (response.cancelled) void vscode.window.showInformationMessage(vscode.l10n.t('Connection test of {0} cancelled: the connection was closed.', titleOf(params)));
      else void vscode.window.showErrorMessage(response.message);
      return response;
    }
    this.output.appendLine(`--- ${new Date().toLocaleString()} ${params.hostPath ? `(${params.hostPath})` : ''}`);
    this.output.append(response.text);
    this.output.appendLine('');
    this.output.show(true);
    this.notify(response, params).catch((e: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Test connection: {0}', e instanceof Error ? e.message : String(e))));
    return response;
  }

  /** The verdict with its buttons; not awaited by run(), so that the command returns at once. */
  private async notify(r: Extract<ProbeResponse, { ok: true }>, params: ProbeRequestParams): Promise<void> {
    const fixes = fixesOf(r);
    const SHOW = vscode.l10n.t('Show report');
    const AGAIN = vscode.l10n.t('Test again');
    const buttons = [...fixes.map((f) => f.title), SHOW, ...(r.report.ok ? [] : [AGAIN])];
    const show = r.report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    const choice = await show(r.verdict, ...buttons);
    if (choice === SHOW) this.output.show(true);
    else if (choice === AGAIN) await this.probe(this.client()!, params);
    else {
      const fix = fixes.find((f) => f.title === choice);
      if (fix) await this.apply(fix.fix, r.actor, params);
    }
  }

  private async apply(fix: AdviceFix, actor: string, params: ProbeRequestParams): Promise<void> {
    const client = this.client();
    if (!client) return;
    if (fix.kind === 'add-ca') {
      if (await addCa(client, fix, actor)) await this.offerAgain(vscode.l10n.t('Added "{0}" to {1}.', commonName(fix.subject), fix.path), params);
    } else if (fix.kind === 'command') {
      await vscode.commands.executeCommand(fix.command, ...fix.arguments);
    } else if (await applyMove(client, fix.from, fix.to)) {
      await this.offerAgain(vscode.l10n.t('Renamed {0} to {1}.', path.basename(fix.from), path.basename(fix.to)), params.hostPath === fix.from ? { ...params, hostPath: fix.to } : params);
    }
  }

  private async offerAgain(message: string, params: ProbeRequestParams): Promise<void> {
    const AGAIN = vscode.l10n.t('Test again');
    if ((await vscode.window.showInformationMessage(message, AGAIN)) === AGAIN) await this.probe(this.client()!, params);
  }
}

function commonName(subject: string): string {
  return /(?:^|[\n,]\s*)CN=([^\n,]+)/.exec(subject)?.[1] ?? subject.split('\n').join(', ');
}

/** The fixes the report's advice carries, each once, as notification buttons (at most two). */
function fixesOf(r: Extract<ProbeResponse, { ok: true }>): { title: string; fix: AdviceFix }[] {
  const out: { title: string; fix: AdviceFix }[] = [];
  for (const a of r.report.advice) {
    const f = a.fix;
    if (!f) continue;
    const title =
      f.kind === 'add-ca'
        ? vscode.l10n.t('Add "{0}" to {1}...', commonName(f.subject), path.basename(f.path))
        : f.kind === 'command'
          ? f.title
          : vscode.l10n.t('Rename {0} to {1}', path.basename(f.from), path.basename(f.to));
    if (!out.some((x) => x.title === title)) out.push({ title, fix: f });
  }
  return out.slice(0, 2);
}

const groupedFingerprint = (hex: string) => hex.toUpperCase().match(/.{2}/g)?.join(':') ?? hex;

/**
 * Adds the certificate to the CA file only once the user saw its subject and SHA-256 fingerprint in
 * a modal dialog and chose "Add certificate"; a folder that needs root gets the sudo command.
 */
async function addCa(client: LanguageClient, fix: AddCaFix, actor: string): Promise<boolean> {
  const ADD = vscode.l10n.t('Add certificate');
  const file = path.basename(fix.path);
  const how = fix.createsFile
    ? vscode.l10n.t('{0} does not exist yet: it is created holding this certificate.', file)
    : vscode.l10n.t('The certificate is appended to {0}; what the file holds now stays as it is.', file);
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Add this CA certificate to {0}?', fix.path),
    {
      modal: true,
      detail: vscode.l10n.t("Subject: {0}\nSHA-256: {1}\n\n{2} {3} then trusts what it signs for this registry. Compare the fingerprint with the one the registry's administrator gives you.", fix.subject, groupedFingerprint(fix.sha256), how, actor),
    },
    ADD,
  );
  if (answer !== ADD) return false;
  // The server writes (only what its probe offered); the user's yes travels with the request.
  const params: AddCaCertificateParams = { path: fix.path, pem: fix.pem, sha256: fix.sha256, confirmed: true };
  const r = await client.sendRequest<AddCaResult>(Requests.addCaCertificate, params);
  if (r.ok) {
    if (r.alreadyThere) void vscode.window.showInformationMessage(vscode.l10n.t('{0} already holds this certificate: nothing was written.', fix.path));
    return !r.alreadyThere;
  }
  if (r.shellCommand) await copyShellCommand({ message: r.message, command: r.shellCommand });
  else void vscode.window.showErrorMessage(r.message);
  return false;
}
