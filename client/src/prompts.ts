/** The questions asked before the server generates keys and certificates. Escape cancels, nothing is written. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  GenerateCertificateForKeyParams,
  GenerateClientPairParams,
  GenerateMode,
  GenerateResult,
  HostFolder,
  KeyAlgorithm,
  KEY_ALGORITHMS,
  MAX_COMMON_NAME,
  MAX_VALIDITY_DAYS,
  Requests,
  Settings,
} from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';

const ALGORITHM_LABELS: Record<KeyAlgorithm, string> = {
  'rsa-4096': vscode.l10n.t("RSA 4096 (as in Docker's documentation)"),
  'rsa-2048': 'RSA 2048',
  'ecdsa-p256': 'ECDSA P-256',
  ed25519: 'Ed25519',
};

async function pickAlgorithm(): Promise<KeyAlgorithm | undefined> {
  const preferred = vscode.workspace.getConfiguration(Settings.section).get<KeyAlgorithm>(Settings.defaultKeyAlgorithm, 'rsa-4096');
  const order = [preferred, ...KEY_ALGORITHMS.filter((a) => a !== preferred)];
  const picked = await vscode.window.showQuickPick(
    order.map((a) => ({ label: ALGORITHM_LABELS[a], algorithm: a })),
    { placeHolder: vscode.l10n.t('Key algorithm') },
  );
  return picked?.algorithm;
}

async function pickMode(): Promise<GenerateMode | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Self-signed certificate'), detail: vscode.l10n.t("As in Docker's documentation: the registry must trust this certificate itself."), mode: 'self-signed' as const },
      { label: vscode.l10n.t('Certificate signing request (CSR)'), detail: vscode.l10n.t("Writes a .csr to send to the registry's administrator; put the certificate you get back here as .cert."), mode: 'csr' as const },
    ],
    { placeHolder: vscode.l10n.t('What to create with the key') },
  );
  return picked?.mode;
}

async function askCommonName(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt: vscode.l10n.t('Common name (CN) of the client certificate'),
    value: `${os.userInfo().username}@${os.hostname()}`,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('A common name is required') : [...v].length > MAX_COMMON_NAME ? vscode.l10n.t('At most {0} characters', MAX_COMMON_NAME) : undefined),
  });
}

async function askValidity(): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Validity in days'),
    value: '365',
    validateInput: (s) => (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_VALIDITY_DAYS ? undefined : vscode.l10n.t('A whole number of days from 1 to {0}', MAX_VALIDITY_DAYS)),
  });
  return v === undefined ? undefined : Number(v);
}

/** The host folder: from the arguments, the active editor, or a picker. */
async function pickHostFolder(client: LanguageClient, given?: string): Promise<string | undefined> {
  if (given) return given;
  const hosts = await client.sendRequest<HostFolder[]>(Requests.listHostFolders);
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const current = active && hosts.find((h) => path.dirname(active) === h.path);
  if (current) return current.path;
  if (hosts.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No certs.d host folder in this workspace: create one named after the registry (e.g. certs.d/registry.example.com:5000).'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.name, description: h.path })),
    { placeHolder: vscode.l10n.t('Which registry is the client certificate for?') },
  );
  return picked?.description;
}

function freeBaseName(hostPath: string): string {
  for (let i = 1; ; i++) {
    const base = i === 1 ? 'client' : `client-${i}`;
    if (!['.key', '.cert', '.csr'].some((ext) => fs.existsSync(path.join(hostPath, base + ext)))) return base;
  }
}

export async function askClientPair(client: LanguageClient, given: Partial<GenerateClientPairParams> = {}): Promise<GenerateClientPairParams | undefined> {
  const hostPath = await pickHostFolder(client, given.hostPath);
  if (!hostPath) return undefined;
  const algorithm = given.algorithm ?? (await pickAlgorithm());
  if (!algorithm) return undefined;
  const details = await askCertificateDetails(given);
  return details && { hostPath, baseName: given.baseName ?? freeBaseName(hostPath), algorithm, ...details };
}

type CertificateDetails = Pick<GenerateCertificateForKeyParams, 'commonName' | 'validityDays' | 'mode'>;

/** What both generate commands ask: the CN, self-signed or CSR, and (self-signed) the validity. */
async function askCertificateDetails(given: Partial<CertificateDetails>): Promise<CertificateDetails | undefined> {
  const commonName = given.commonName ?? (await askCommonName());
  if (commonName === undefined) return undefined;
  const mode = given.mode ?? (await pickMode());
  if (!mode) return undefined;
  // A CA chooses the validity of what it signs; the CSR does not carry one.
  const validityDays = given.validityDays ?? (mode === 'csr' ? 365 : await askValidity());
  if (validityDays === undefined) return undefined;
  return { commonName, validityDays, mode };
}

export async function askCertificateForKey(given: Partial<GenerateCertificateForKeyParams> = {}): Promise<GenerateCertificateForKeyParams | undefined> {
  const keyPath = given.keyPath ?? vscode.window.activeTextEditor?.document.uri.fsPath;
  if (!keyPath || !keyPath.endsWith('.key')) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the .key file to generate a certificate for it.'));
    return undefined;
  }
  const details = await askCertificateDetails(given);
  return details && { keyPath, ...details };
}

/** Tell the user what was written, or why nothing was, with the sudo command when the folder needs root. */
export async function reportResult(result: GenerateResult | undefined): Promise<GenerateResult | undefined> {
  if (!result) return result;
  if (result.ok) {
    const names = result.written.map((p) => path.basename(p)).join(', ');
    void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} in {1}.', names, path.dirname(result.written[0] ?? '')));
  } else if (result.shellCommand) {
    await copyShellCommand({ message: result.message, command: result.shellCommand });
  } else {
    void vscode.window.showErrorMessage(result.message);
  }
  return result;
}
