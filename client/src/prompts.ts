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
  KeyAlgorithm,
  MAX_COMMON_NAME,
  MAX_VALIDITY_DAYS,
  RegistriesResult,
  Requests,
  Settings,
} from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';
import { askClientPairSteps } from './generatorSteps';
import { newHostFolder } from './newHostFolder';
import { vscodeStepUi } from './quickInput';

const defaultCommonName = () => `${os.userInfo().username}@${os.hostname()}`;

/** Anything at the path, a dangling link included (existsSync follows links). */
function taken(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The guided generator (generatorSteps.ts) on VS Code, with the server's host folders and their verdicts. */
export function askClientPair(client: LanguageClient, given: Partial<GenerateClientPairParams> = {}): Promise<GenerateClientPairParams | undefined> {
  return askClientPairSteps(
    {
      ui: vscodeStepUi,
      hosts: async () => (await client.sendRequest<RegistriesResult>(Requests.registries)).hosts,
      newHostFolder: () => newHostFolder(client),
      taken,
      join: path.join,
      preferredAlgorithm: vscode.workspace.getConfiguration(Settings.section).get<KeyAlgorithm>(Settings.defaultKeyAlgorithm, 'rsa-4096'),
      defaultCommonName: defaultCommonName(),
      activeFile: vscode.window.activeTextEditor?.document.uri.fsPath,
    },
    given ?? {},
  );
}

async function pickMode(): Promise<GenerateMode | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Self-signed certificate', detail: "As in Docker's documentation: the registry must trust this certificate itself.", mode: 'self-signed' as const },
      { label: 'Certificate signing request (CSR)', detail: "Writes a .csr to send to the registry's administrator; put the certificate you get back here as .cert.", mode: 'csr' as const },
    ],
    { placeHolder: 'What to create with the key' },
  );
  return picked?.mode;
}

async function askCommonName(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt: 'Common name (CN) of the client certificate',
    value: defaultCommonName(),
    validateInput: (v) => (v.trim() === '' ? 'A common name is required' : [...v].length > MAX_COMMON_NAME ? `At most ${MAX_COMMON_NAME} characters` : undefined),
  });
}

async function askValidity(): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({
    prompt: 'Validity in days',
    value: '365',
    validateInput: (s) => (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_VALIDITY_DAYS ? undefined : `A whole number of days from 1 to ${MAX_VALIDITY_DAYS}`),
  });
  return v === undefined ? undefined : Number(v);
}

type CertificateDetails = Pick<GenerateCertificateForKeyParams, 'commonName' | 'validityDays' | 'mode'>;

/** What "Generate certificate for this key" asks: the CN, self-signed or CSR, and (self-signed) the validity. */
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
    void vscode.window.showWarningMessage('Open the .key file to generate a certificate for it.');
    return undefined;
  }
  const details = await askCertificateDetails(given);
  return details && { keyPath, ...details };
}

/** The file to show after generating: the certificate or CSR (never the key, whose material stays off screen). */
function shownFile(written: string[]): string | undefined {
  return written.find((p) => p.endsWith('.cert') || p.endsWith('.csr')) ?? written[0];
}

/**
 * Tell the user what was written, with Reveal (in the Explorer) and Open (the certificate or CSR),
 * or why nothing was, with the sudo command when the folder needs root. Not awaited for the
 * buttons: the command returns the result at once.
 */
export async function reportResult(result: GenerateResult | undefined): Promise<GenerateResult | undefined> {
  if (!result) return result;
  if (result.ok) {
    const names = result.written.map((p) => path.basename(p)).join(', ');
    const shown = shownFile(result.written);
    void Promise.resolve(vscode.window.showInformationMessage(`Wrote ${names} in ${path.dirname(result.written[0] ?? '')}.`, 'Reveal', 'Open')).then(async (choice) => {
      if (!shown) return;
      if (choice === 'Reveal') await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(shown));
      if (choice === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(shown));
    });
  } else if (result.shellCommand) {
    await copyShellCommand({ message: result.message, command: result.shellCommand });
  } else {
    void vscode.window.showErrorMessage(result.message);
  }
  return result;
}
